import { describe, expect, it } from 'vitest';
import { type ListOptions, parseListQuery } from '../../src/discord/parseListQuery.ts';

const calendar = { today: '2026-08-20', latest: '2026-08-19' };

describe('parseListQuery', () => {
  it.each<[ListOptions, unknown]>([
    [{ sub: 'today' }, { kind: 'today', day: '2026-08-19' }],
    [
      { sub: 'today', date: ' 2026-08-10 ' },
      { kind: 'today', day: '2026-08-10' },
    ],
    [
      { sub: 'topic', topic: 'Reinforcement Learning' },
      { kind: 'topic', slug: 'reinforcement-learning' },
    ],
    [
      { sub: 'search', query: '  gaussian   splatting ' },
      { kind: 'search', text: 'gaussian splatting' },
    ],
    [{ sub: 'trending' }, { kind: 'trending', window: 'week', scope: 'server' }],
    [
      { sub: 'trending', window: 'month' },
      { kind: 'trending', window: 'month', scope: 'server' },
    ],
    [
      { sub: 'trending', window: 'day', scope: 'everywhere' },
      { kind: 'trending', window: 'day', scope: 'everywhere' },
    ],
  ])('%j → %j', (options, query) => {
    expect(parseListQuery(options, calendar)).toEqual(query);
  });

  it('uses today when the newest papers are from today', () => {
    expect(parseListQuery({ sub: 'today' }, { today: '2026-08-20', latest: '2026-08-20' })).toEqual({
      kind: 'today',
      day: '2026-08-20',
    });
  });

  it.each<[ListOptions, RegExp]>([
    [{ sub: 'today', date: '2026-02-30' }, /not a date/],
    [{ sub: 'today', date: 'tomorrow' }, /not a date/],
    [{ sub: 'today', date: '2027-01-01' }, /future/],
    [{ sub: 'topic', topic: '../etc' }, /not a topic/],
    [{ sub: 'topic', topic: 'x'.repeat(61) }, /not a topic/],
    [{ sub: 'search', query: 'x' }, /2 to 200/],
    [{ sub: 'search', query: 'x'.repeat(201) }, /2 to 200/],
    [{ sub: 'trending', window: 'year' }, /day, week or month/],
    [{ sub: 'trending', window: 'toString' }, /day, week or month/],
  ])('%j is refused: %s', (options, message) => {
    expect(() => parseListQuery(options, calendar)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { mergePaper } from '../../src/papers/mergePaper.ts';
import { createVoteRepository, EVERYWHERE } from '../../src/store/voteRepository.ts';
import { applyVoteEvents, countVoters, type VoteEvent } from '../../src/votes/applyVoteEvents.ts';
import { rankByVotes, trendingScore } from '../../src/votes/scoreTrending.ts';
import { BACKENDS } from '../support/backends.ts';
import { paperInput } from '../support/paperInputs.ts';

const add = (messageId: string, userId: string): VoteEvent => ({ kind: 'add', messageId, userId });
const remove = (messageId: string, userId: string): VoteEvent => ({ kind: 'remove', messageId, userId });

describe('applyVoteEvents', () => {
  it.each<[string, VoteEvent[], number]>([
    ['one add', [add('m1', 'a')], 1],
    ['the same add twice counts once', [add('m1', 'a'), add('m1', 'a')], 1],
    ['a member under two messages of the paper counts once', [add('m1', 'a'), add('m2', 'a')], 1],
    ['removing from one of two messages keeps the vote', [add('m1', 'a'), add('m2', 'a'), remove('m1', 'a')], 1],
    ['removing a vote never cast changes nothing', [remove('m1', 'a')], 0],
    ['flapping ends where it stops', [add('m1', 'a'), remove('m1', 'a'), add('m1', 'a'), remove('m1', 'a')], 0],
    ['clear withdraws one message’s votes', [add('m1', 'a'), add('m2', 'b'), { kind: 'clear', messageId: 'm1' }], 1],
    ['forget drops the message', [add('m1', 'a'), { kind: 'forget', messageId: 'm1' }], 0],
    [
      'set replaces a message’s list (reconciliation)',
      [add('m1', 'a'), { kind: 'set', messageId: 'm1', userIds: ['b', 'c'] }],
      2,
    ],
  ])('%s', (_name, events, count) => {
    expect(countVoters(applyVoteEvents({}, events))).toBe(count);
  });
});

describe('trending score', () => {
  it('is (5·votes + upvotes) / (age + 2)^1.5', () => {
    expect(trendingScore(10, 20, 24)).toBeCloseTo(70 / 26 ** 1.5, 10);
    expect(trendingScore(0, 0, 5)).toBe(0);
  });

  it.each([
    ['votes lift a paper over a more upvoted one of the same age', 10, 30, 0, 60, 24, 24, 'A'],
    ['the same points rank the younger paper first', 0, 30, 0, 30, 12, 48, 'A'],
    ['an old paper needs far more points', 0, 100, 0, 20, 200, 10, 'B'],
  ])('%s', (_name, votesA, upA, votesB, upB, ageA, ageB, winner) => {
    const now = new Date('2026-08-20T12:00:00Z');
    const at = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
    const a = mergePaper(undefined, paperInput({ id: '2608.00001', upvotes: upA, publishedAt: at(ageA) }), now);
    const b = mergePaper(undefined, paperInput({ id: '2608.00002', upvotes: upB, publishedAt: at(ageB) }), now);
    const undated = { ...a, dailyDate: undefined };
    const other = { ...b, dailyDate: undefined };
    const ranked = rankByVotes(
      [undated, other],
      new Map([
        ['2608.00001', votesA],
        ['2608.00002', votesB],
      ]),
      now,
    );
    expect(ranked[0]?.paper.id).toBe(winner === 'A' ? '2608.00001' : '2608.00002');
  });
});

describe.each(BACKENDS)('vote repository on $name', (backend) => {
  it('applies events per paper, keeps the server and everywhere tallies in step, and survives a restart', async () => {
    let store = await backend.create();
    let repo = createVoteRepository(store);
    await repo.registerMessage({ messageId: 'm1', channelId: 'c', guildId: 'g1', paperId: 'p1', day: '2026-08-20' });
    await repo.apply('g1', new Map([['p1', [add('m1', 'a'), add('m1', 'b')]]]));
    await repo.apply('g2', new Map([['p1', [add('m9', 'a')]]]));
    expect(await repo.tally('g1')).toEqual(new Map([['p1', 2]]));
    expect(await repo.tally(EVERYWHERE)).toEqual(new Map([['p1', 3]]));
    store = await backend.reopen(store);
    repo = createVoteRepository(store);
    await repo.apply('g1', new Map([['p1', [remove('m1', 'a'), remove('m1', 'b')]]]));
    expect(await repo.tally('g1')).toEqual(new Map());
    expect(await repo.tally(EVERYWHERE)).toEqual(new Map([['p1', 1]]));
    expect((await repo.postedOn(['2026-08-20'])).map((m) => m.messageId)).toEqual(['m1']);
    expect([...(await repo.messages(['m1', 'nope'])).keys()]).toEqual(['m1']);
  });

  it('concurrent batches of one server lose no update', async () => {
    const repo = createVoteRepository(await backend.create());
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => repo.apply('g', new Map([['p', [add(`m${i % 3}`, `u${i}`)]]]))),
    );
    expect(await repo.tally('g')).toEqual(new Map([['p', 40]]));
  });
});

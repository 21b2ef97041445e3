import { describe, expect, it } from 'vitest';
import { emojiOf, isVoteEmoji, parseVoteEmoji, showEmoji } from '../../src/votes/voteEmoji.ts';

const SERVER = new Set(['123456789012345678']);

describe('the vote emoji an admin types', () => {
  it.each([
    ['⭐', '⭐'],
    [' 👍 ', '👍'],
    ['👍🏽', '👍🏽'],
    ['1️⃣', '1️⃣'],
    ['<:paper:123456789012345678>', 'paper:123456789012345678'],
    ['<a:paper:123456789012345678>', 'paper:123456789012345678'],
  ])('accepts %j as %j', (input, emoji) => {
    expect(parseVoteEmoji(input, SERVER)).toEqual({ emoji });
  });

  it.each([
    ['text', 'hello'],
    ['two emoji', '👍👍'],
    ['empty', ''],
    ['a mention', '<@123456789012345678>'],
    ['an emoji with text', '👍 yes'],
    ['a zero-width joiner alone', '\u200d'],
  ])('refuses %s', (_label, input) => {
    expect(parseVoteEmoji(input, SERVER)).toEqual({ error: expect.stringMatching(/one emoji/i) });
  });

  it('refuses another server’s custom emoji', () => {
    expect(parseVoteEmoji('<:paper:999999999999999999>', SERVER)).toEqual({
      error: expect.stringMatching(/not one of this server/),
    });
  });
});

describe('matching reactions', () => {
  it('matches a standard emoji exactly and a custom one by id, whatever its name now', () => {
    expect(isVoteEmoji('👍', emojiOf({ id: null, name: '👍' }))).toBe(true);
    expect(isVoteEmoji('👍', emojiOf({ id: null, name: '⭐' }))).toBe(false);
    expect(isVoteEmoji('paper:123456789012345678', emojiOf({ id: '123456789012345678', name: 'renamed' }))).toBe(true);
    expect(isVoteEmoji('paper:123456789012345678', emojiOf({ id: '223456789012345678', name: 'paper' }))).toBe(false);
    expect(showEmoji('paper:123456789012345678')).toBe('<:paper:123456789012345678>');
  });
});

/**
 * The emoji members vote with: Discord's own form for reactions — the character itself for a
 * standard emoji (`👍`), `name:id` for one of the server's custom emoji.
 */
export const DEFAULT_VOTE_EMOJI = '👍';

/** An emoji as Discord's reaction events describe it. */
export interface ReactionEmoji {
  id: string | null;
  name: string | null;
}

/** The reaction form of an event's emoji. */
export function emojiOf(emoji: ReactionEmoji): string {
  return emoji.id ? `${emoji.name ?? '_'}:${emoji.id}` : (emoji.name ?? '');
}

/** Whether a reaction is with a message's vote emoji: custom emoji by id (a renamed one still counts). */
export function isVoteEmoji(voteEmoji: string, reaction: string): boolean {
  const id = (form: string) => /^[\w~-]+:(\d+)$/.exec(form)?.[1];
  const wanted = id(voteEmoji);
  return wanted ? id(reaction) === wanted : reaction === voteEmoji;
}

/** How the emoji is written in a message: `👍`, or `<:name:id>` for a custom one. */
export function showEmoji(voteEmoji: string): string {
  const custom = /^([\w~-]+):(\d+)$/.exec(voteEmoji);
  return custom ? `<:${custom[1]}:${custom[2]}>` : voteEmoji;
}

/** One standard emoji (with its skin tone or keycap parts), nothing else. */
// biome-ignore lint/complexity/useRegexLiterals: the `v` flag needs a newer TypeScript target than the project's
const STANDARD = new RegExp('^\\p{RGI_Emoji}$', 'v');
/** A custom emoji as the picker inserts it: `<:name:id>` or `<a:name:id>`. */
const CUSTOM = /^<a?:([\w~-]{2,32}):(\d{17,20})>$/;

/**
 * Reads what an admin typed as the vote emoji: a standard emoji, or one of this server's custom
 * emoji (`serverEmojiIds`). Anything else is refused with the reason.
 */
export function parseVoteEmoji(
  input: string,
  serverEmojiIds: ReadonlySet<string>,
): { emoji: string } | { error: string } {
  const text = input.trim();
  if (STANDARD.test(text)) return { emoji: text };
  const custom = CUSTOM.exec(text);
  if (custom) {
    const [, name, id] = custom as unknown as [string, string, string];
    if (!serverEmojiIds.has(id))
      return { error: 'That custom emoji is not one of this server’s: pick one of its own.' };
    return { emoji: `${name}:${id}` };
  }
  return { error: 'Give one emoji, e.g. 👍, ⭐ or one of this server’s custom emoji.' };
}

import { apiErrors } from './apiError.ts';
import type { EmulatorContext } from './context.ts';
import { events } from './events.ts';
import type { StoredMessage } from './state/model.ts';

/**
 * The key a reaction is stored under: a unicode emoji as is, a custom one as `name:id`
 * (also accepted as `<:name:id>` or `<a:name:id>`). Throws 400/10014 for something that is neither.
 */
export function normalizeEmoji(raw: string): string {
  const trimmed = raw.trim();
  const mention = /^<a?:(?<name>[\w~-]+):(?<id>\d+)>$/.exec(trimmed);
  if (mention?.groups) return `${mention.groups.name}:${mention.groups.id}`;
  if (trimmed === '' || (trimmed.includes(':') && !/^[\w~-]+:\d+$/.test(trimmed))) throw apiErrors.unknownEmoji();
  return trimmed;
}

/** Adds a user's reaction and tells the gateway; returns false when it was already there. */
export function addReaction(ctx: EmulatorContext, message: StoredMessage, userId: string, emoji: string): boolean {
  const users = message.reactions.get(emoji) ?? new Set<string>();
  if (users.has(userId)) return false;
  users.add(userId);
  message.reactions.set(emoji, users);
  events.reactionAdd(ctx, message, userId, emoji);
  return true;
}

/** Removes a user's reaction and tells the gateway; returns false when there was none. */
export function removeReaction(ctx: EmulatorContext, message: StoredMessage, userId: string, emoji: string): boolean {
  const users = message.reactions.get(emoji);
  if (!users?.delete(userId)) return false;
  if (users.size === 0) message.reactions.delete(emoji);
  events.reactionRemove(ctx, message, userId, emoji);
  return true;
}

/** Users who reacted with `emoji`, by ascending id, `limit` after `after` (Discord's paging). */
export function reactors(message: StoredMessage, emoji: string, limit: number, after: string | undefined): string[] {
  const ids = [...(message.reactions.get(emoji) ?? [])].sort((a, b) => compareIds(a, b));
  const start = after === undefined ? ids : ids.filter((id) => compareIds(id, after) > 0);
  return start.slice(0, limit);
}

function compareIds(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

/** A fake user reacts (`add`) or takes a reaction back; throws for a message the emulator does not have. */
export function reactAs(
  ctx: EmulatorContext,
  userId: string,
  where: { channelId: string; messageId: string },
  emoji: string,
  add: boolean,
): void {
  if (!ctx.state.users.has(userId)) throw new Error(`emulator: unknown user ${userId}`);
  const message = ctx.state.channelMessage(where.channelId, where.messageId);
  if (!message) throw new Error(`emulator: no message ${where.messageId} in channel ${where.channelId}`);
  const key = normalizeEmoji(emoji);
  if (add) addReaction(ctx, message, userId, key);
  else removeReaction(ctx, message, userId, key);
}

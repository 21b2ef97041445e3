/**
 * What a failed Discord call means for a digest. `gone`: the channel cannot take posts any more
 * (permission lost, channel or server deleted) — stop at once, since repeated 403s get a bot
 * banned, and pause the digest. `transient`: Discord or the network had a bad moment — retry
 * later with backoff. `broken`: a request Discord refused as malformed — retrying will not help.
 */
export type DeliveryFailure =
  /** `removed`: the channel or the whole server is gone for good, not just out of reach. */
  | { kind: 'gone'; reason: string; removed?: 'channel' | 'guild' }
  /** The message a reaction was for is gone (deleted by a moderator): nothing to do. */
  | { kind: 'message-gone'; reason: string }
  | { kind: 'transient'; reason: string }
  | { kind: 'broken'; reason: string };

const GONE: Record<number, string> = {
  50013:
    'Paperboy is missing a permission it needs there (View Channel, Send Messages, Embed Links, Add Reactions, Read Message History)',
  50001: 'Paperboy can no longer see that channel (Missing Access)',
  10003: 'the channel was deleted',
  10004: 'Paperboy is no longer in this server',
};

/** Classifies an error from discord.js (DiscordAPIError, HTTPError, an abort or a socket error). */
export function classifyDeliveryError(error: unknown): DeliveryFailure {
  const { code, status, name } = (error ?? {}) as { code?: unknown; status?: unknown; name?: unknown };
  if (code === 10003) return { kind: 'gone', reason: GONE[10003] as string, removed: 'channel' };
  if (code === 10004) return { kind: 'gone', reason: GONE[10004] as string, removed: 'guild' };
  if (code === 10008) return { kind: 'message-gone', reason: 'the message was deleted' };
  if (typeof code === 'number' && GONE[code]) return { kind: 'gone', reason: GONE[code] };
  if (status === 403) return { kind: 'gone', reason: 'Discord refused the post (403 Forbidden)' };
  if (typeof status === 'number' && status >= 500) return { kind: 'transient', reason: `Discord answered ${status}` };
  if (status === 429) return { kind: 'transient', reason: 'Discord rate-limited the post' };
  if (name === 'AbortError' || name === 'TimeoutError')
    return { kind: 'transient', reason: 'Discord did not answer in time' };
  if (typeof code === 'string' && /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR)/.test(code)) {
    return { kind: 'transient', reason: 'the connection to Discord failed' };
  }
  if (typeof status === 'number' && status >= 400)
    return { kind: 'broken', reason: `Discord refused the post (${status})` };
  return { kind: 'transient', reason: 'an unexpected error' };
}

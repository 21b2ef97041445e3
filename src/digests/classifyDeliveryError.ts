/**
 * What a failed Discord call means for a digest. `gone`: the channel cannot take posts any more
 * (permission lost, channel or server deleted) — stop at once, since repeated 403s get a bot
 * banned, and pause the digest. `transient`: Discord or the network had a bad moment — retry
 * later with backoff. `broken`: a request Discord refused as malformed — retrying will not help.
 */
export type DeliveryFailure =
  | { kind: 'gone'; reason: string }
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
  if (typeof code === 'number' && GONE[code]) return { kind: 'gone', reason: GONE[code] };
  if (status === 403) return { kind: 'gone', reason: 'Discord refused the post (403 Forbidden)' };
  if (status === 404) return { kind: 'gone', reason: 'the channel no longer exists' };
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

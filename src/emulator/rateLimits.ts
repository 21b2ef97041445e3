import { createHash } from 'node:crypto';

/** One rate-limit bucket: `limit` requests per `windowMs`, counted per major parameter. */
export interface BucketRule {
  name: string;
  limit: number;
  windowMs: number;
}

/** Discord's numbers (observed where Discord does not document them). */
export const BUCKETS = {
  /** POST /channels/:id/messages: about 5 per 5 s per channel. */
  createMessage: { name: 'create-message', limit: 5, windowMs: 5000 },
  editMessage: { name: 'edit-message', limit: 5, windowMs: 5000 },
  deleteMessage: { name: 'delete-message', limit: 5, windowMs: 5000 },
  /** Adding and removing own reactions share one bucket: about 1 per 250 ms per channel. */
  reactions: { name: 'reactions', limit: 1, windowMs: 250 },
  /** Any other route: the emulator's own, generous choice. */
  fallback: { name: 'route', limit: 50, windowMs: 1000 },
} satisfies Record<string, BucketRule>;

const GLOBAL: BucketRule = { name: 'global', limit: 50, windowMs: 1000 };

/** What the limiter says about one request: headers to send, and whether to refuse it. */
export interface RateLimitVerdict {
  headers: Record<string, string>;
  /** Set when the request must get a 429. */
  limited?: { retryAfterS: number; global: boolean };
}

/**
 * The rate-limit setting of the emulator's options: `scale` multiplies every window; `globalLimit`
 * replaces the 50 requests a second of the global limit (Discord raises it for large bots).
 */
export type RateLimitMode = 'discord' | 'off' | { scale?: number; globalLimit?: number };

interface Window {
  count: number;
  resetAt: number;
}

/** Fixed-window counters per bucket and major parameter, plus the global one, with Discord's headers. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly scale: number;
  private readonly global: BucketRule;
  readonly enabled: boolean;

  constructor(
    mode: RateLimitMode,
    private readonly clock: () => number = Date.now,
  ) {
    this.enabled = mode !== 'off';
    this.scale = typeof mode === 'object' ? (mode.scale ?? 1) : 1;
    if (!(this.scale > 0)) throw new Error(`rateLimits.scale must be a positive number, got ${this.scale}`);
    const globalLimit = typeof mode === 'object' ? (mode.globalLimit ?? GLOBAL.limit) : GLOBAL.limit;
    if (!(Number.isInteger(globalLimit) && globalLimit > 0))
      throw new Error(`rateLimits.globalLimit must be a positive integer, got ${globalLimit}`);
    this.global = { ...GLOBAL, limit: globalLimit };
  }

  /**
   * Counts one request. `rule` is the route's bucket, `major` its channel/guild/webhook;
   * `countsGlobal` is false for interaction endpoints, which Discord leaves out of the global limit.
   */
  take(rule: BucketRule, major: string, countsGlobal: boolean): RateLimitVerdict {
    if (!this.enabled) return { headers: {} };
    const now = this.clock();
    if (countsGlobal) {
      const global = this.window('global', this.global, now);
      if (global.count >= this.global.limit) {
        const retryAfterS = seconds(global.resetAt - now);
        return {
          headers: { 'Retry-After': retryAfterS, 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
          limited: { retryAfterS: Number(retryAfterS), global: true },
        };
      }
      global.count += 1;
    }
    const window = this.window(`${rule.name}:${major}`, rule, now);
    const limited = window.count >= rule.limit;
    if (!limited) window.count += 1;
    const resetAfter = seconds(window.resetAt - now);
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(rule.limit - window.count),
      'X-RateLimit-Reset': (window.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter,
      'X-RateLimit-Bucket': bucketHash(rule.name),
    };
    if (!limited) return { headers };
    return {
      headers: { ...headers, 'Retry-After': resetAfter, 'X-RateLimit-Scope': 'user' },
      limited: { retryAfterS: Number(resetAfter), global: false },
    };
  }

  private window(key: string, rule: BucketRule, now: number): Window {
    const existing = this.windows.get(key);
    if (existing && existing.resetAt > now) return existing;
    const fresh = { count: 0, resetAt: now + rule.windowMs * this.scale };
    this.windows.set(key, fresh);
    return fresh;
  }
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** Discord's bucket ids are opaque hashes; the same route always gets the same one. */
function bucketHash(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 32);
}

import { z } from 'zod';

/**
 * One digest of one channel on one local day (or one `/digest test`), as recorded in the store:
 * the papers chosen when it started — a restart posts the same ones — and how it is going.
 */
export const digestRunSchema = z.object({
  guildId: z.string(),
  channelId: z.string(),
  /** The subscription's local date, `weekly-<date>` for a weekly trending post, `test-<ms>` for a test. */
  day: z.string(),
  kind: z.enum(['digest', 'weekly', 'test']),
  status: z.enum(['sending', 'delivered', 'empty', 'skipped', 'retrying', 'failed', 'stopped']),
  scheduledAt: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  late: z.boolean(),
  paperIds: z.array(z.string()),
  /** The header message, once posted: a restart looks for the digest's papers after it. */
  headerMessageId: z.string().optional(),
  posted: z.number().int().min(0),
  /** Set when there was nothing to post: why (the run then only posts the optional notice). */
  emptyReason: z.string().optional(),
  reason: z.string().optional(),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.string().optional(),
});
export type DigestRun = z.infer<typeof digestRunSchema>;

/** Statuses after which a day's digest is settled: nothing more is sent for it. */
export const SETTLED: ReadonlySet<DigestRun['status']> = new Set(['delivered', 'empty', 'skipped', 'failed']);

/** The pause before retrying a digest that failed for a passing reason: 1, 2, 4 … at most 30 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

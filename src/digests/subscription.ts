import { z } from 'zod';

/** Discord snowflakes: 17 to 20 digits. */
export const snowflake = z.string().regex(/^\d{17,20}$/);

/** Up to this many digest channels per server. */
export const MAX_SUBSCRIPTIONS = 10;

/** How the last scheduled digest of a channel ended, for `/digest show`. */
export const lastDeliverySchema = z.object({
  day: z.string(),
  status: z.enum(['delivered', 'empty', 'skipped', 'failed', 'stopped', 'retrying']),
  at: z.string(),
  count: z.number().int().min(0),
  late: z.boolean(),
  reason: z.string().optional(),
});
export type LastDelivery = z.infer<typeof lastDeliverySchema>;

/** A channel's daily digest, as an admin set it up, with its running state. */
export const subscriptionSchema = z.object({
  guildId: snowflake,
  channelId: snowflake,
  /** Local wall-clock time, HH:MM (24 h). */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** IANA timezone, canonical spelling. */
  timezone: z.string().min(1),
  /** Curated topic slugs; empty means every paper. */
  topics: z.array(z.string()).max(5),
  size: z.number().int().min(1).max(10),
  minUpvotes: z.number().int().min(0),
  days: z.enum(['every', 'weekdays']),
  /** Post a one-line "no new papers" when a day has nothing, instead of staying quiet. */
  emptyNotice: z.boolean(),
  /** Also post the server's trending papers of the week, on Mondays at the digest's time. */
  weeklyTrending: z.boolean().optional(),
  createdBy: z.string(),
  /** Occurrences before this instant are not owed (set on creation, on a time change, on resume). */
  since: z.string(),
  paused: z.object({ reason: z.string(), at: z.string() }).optional(),
  /** Scheduled days in a row that ended in failure; three pause the digest. */
  failedDays: z.number().int().min(0),
  last: lastDeliverySchema.optional(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

/** What an admin chooses with `/digest set`: a subscription without its running state. */
export type DigestSettings = Pick<
  Subscription,
  'channelId' | 'time' | 'timezone' | 'topics' | 'size' | 'minUpvotes' | 'days' | 'emptyNotice' | 'weeklyTrending'
>;

/** The settings `/digest preview` and `/digest test` use for a channel without a subscription. */
export function defaultSettings(channelId: string, timezone: string): DigestSettings {
  return { channelId, time: '09:00', timezone, topics: [], size: 5, minUpvotes: 0, days: 'every', emptyNotice: false };
}

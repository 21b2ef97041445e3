import type { DigestRun } from '../digests/digestRun.ts';
import { formatPauseNotice, formatRemovalNotice } from '../digests/formatDigestMessages.ts';
import type { LastDelivery, Subscription } from '../digests/subscription.ts';
import type { DigestDeps } from './DigestDeps.ts';

/** Scheduled days in a row that failed before a digest is paused. */
export const FAILED_DAYS_BEFORE_PAUSE = 3;

/** Applies a change to one channel's subscription, if it still exists. */
async function updateSubscription(
  deps: Pick<DigestDeps, 'subscriptions'>,
  guildId: string,
  channelId: string,
  change: (sub: Subscription) => Subscription,
): Promise<Subscription | undefined> {
  return deps.subscriptions.update(guildId, (subs) => {
    const index = subs.findIndex((s) => s.channelId === channelId);
    const current = subs[index];
    if (!current) return { next: subs, result: undefined };
    const changed = change(current);
    return { next: subs.map((s, i) => (i === index ? changed : s)), result: changed };
  });
}

/**
 * Writes how a scheduled digest went into its subscription, for `/digest show`: the last
 * delivery, and the count of failed days in a row (three pause the digest). Tests are not recorded.
 */
export async function recordOutcome(
  deps: DigestDeps,
  request: { guildId: string; test?: boolean },
  run: DigestRun,
  options: { countsAsFailedDay?: boolean } = {},
): Promise<void> {
  // Tests, and weekly posts (an extra, not the day's digest), leave the digest's record alone.
  if (request.test || run.kind !== 'digest') return;
  const status = run.status === 'sending' ? 'retrying' : run.status;
  const last: LastDelivery = {
    day: run.day,
    status,
    at: deps.clock().toISOString(),
    count: run.posted,
    late: run.late,
    ...(run.reason ? { reason: run.reason } : {}),
  };
  const updated = await updateSubscription(deps, request.guildId, run.channelId, (sub) => ({
    ...sub,
    last,
    failedDays:
      status === 'delivered' || status === 'empty'
        ? 0
        : options.countsAsFailedDay
          ? sub.failedDays + 1
          : sub.failedDays,
  }));
  if (updated && !updated.paused && updated.failedDays >= FAILED_DAYS_BEFORE_PAUSE) {
    await pauseDigest(
      deps,
      request.guildId,
      run.channelId,
      `it failed ${FAILED_DAYS_BEFORE_PAUSE} days in a row (last: ${run.reason ?? 'unknown error'})`,
    );
  }
}

/**
 * The channel (or, without one, the whole server) is gone for good: its digests are removed, and
 * the server is told where the bot may still post.
 */
export async function forgetDigests(
  deps: DigestDeps,
  guildId: string,
  channelId: string | undefined,
  reason: string,
): Promise<void> {
  await deps.subscriptions.update(guildId, (subs) => ({
    next: channelId ? subs.filter((s) => s.channelId !== channelId) : [],
    result: undefined,
  }));
  deps.logger.info({ guild: guildId, channel: channelId, reason }, 'digest removed: its channel or server is gone');
  if (!channelId) return;
  await deps.poster
    .notifyGuild(guildId, formatRemovalNotice(channelId, reason), channelId)
    .catch((error: unknown) => deps.logger.warn({ err: error, guild: guildId }, 'could not tell the server'));
}

/** Pauses a digest with its reason and tells the server, in its system channel if the bot may post there. */
export async function pauseDigest(deps: DigestDeps, guildId: string, channelId: string, reason: string): Promise<void> {
  let newlyPaused = false;
  await updateSubscription(deps, guildId, channelId, (sub) => {
    if (sub.paused) return sub;
    newlyPaused = true;
    return { ...sub, paused: { reason, at: deps.clock().toISOString() } };
  });
  // Told once, when it pauses: not again for every later attempt.
  if (!newlyPaused) return;
  deps.onPaused?.(guildId, channelId);
  const told = await deps.poster
    .notifyGuild(guildId, formatPauseNotice(channelId, reason), channelId)
    .catch((error: unknown) => {
      deps.logger.warn({ err: error, guild: guildId }, 'could not tell the server about a paused digest');
      return false;
    });
  deps.logger.info({ guild: guildId, channel: channelId, reason, told }, 'digest paused');
}

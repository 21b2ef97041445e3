import PQueue from 'p-queue';
import type { DigestRun } from '../digests/digestRun.ts';
import {
  type DigestAction,
  dueOccurrences,
  type Occurrence,
  planDigests,
  runDayOf,
  runKey,
} from '../digests/planDigests.ts';
import type { Subscription } from '../digests/subscription.ts';
import { shiftDate } from '../digests/zonedTime.ts';
import { DIGEST_WINDOW_DAYS, newSweepMemo } from './chooseDigestPapers.ts';
import type { DigestDeps } from './DigestDeps.ts';
import { channelClaimKey, deliverDigest } from './deliverDigest.ts';
import { recordOutcome } from './recordOutcome.ts';

/** What a sweep did, for logs, tests and the next sweep. */
export interface SweepReport {
  delivered: number;
  empty: number;
  skipped: number;
  failed: number;
  retrying: number;
  stopped: number;
  /** Claims other processes held: the earliest instant one of them expires. */
  busyUntil?: number;
}

/**
 * One pass of the digest schedule: plans what is owed now for the servers this process serves
 * (`planDigests`, pure), refreshes Daily Papers for the days new digests draw on, records missed
 * and given-up days, then posts to every due channel at once — each channel in order, a slow or
 * failing one holding up no other, and Discord's rate limits kept by discord.js's REST queue.
 * Channels this process is already posting to (an earlier sweep still running) are left alone.
 */
export async function runDigestSweep(deps: DigestDeps): Promise<SweepReport> {
  const report: SweepReport = { delivered: 0, empty: 0, skipped: 0, failed: 0, retrying: 0, stopped: 0 };
  if (deps.stopping()) return report;
  const now = deps.clock();
  const subs = (await deps.subscriptions.forGuilds(deps.poster.guildIds())).filter(
    (s) => !deps.active.has(s.channelId),
  );
  const keys = subs.flatMap((sub) =>
    safeOccurrences(sub, now).map((o) => ({ channelId: sub.channelId, day: runDayOf(o) })),
  );
  const runs = await deps.runs.getMany(keys);
  const actions = planDigests(subs, runs, now, deps.catchUpMs);
  if (actions.length === 0) return report;
  for (const action of actions) deps.active.add(action.sub.channelId);
  try {
    // Past days first, so /digest show ends on today's outcome.
    for (const action of actions) {
      if (action.kind !== 'deliver') await settlePastDay(deps, action, now, report);
    }
    const deliveries = actions.filter((a) => a.kind === 'deliver');
    const fresh = deliveries.filter(
      (a) => !a.occurrence.weekly && !runs.has(runKey(a.sub.channelId, runDayOf(a.occurrence))),
    );
    const days = new Set(
      fresh.flatMap((a) => Array.from({ length: DIGEST_WINDOW_DAYS }, (_, i) => shiftDate(a.occurrence.day, -i))),
    );
    if (days.size > 0 && !deps.stopping()) await deps.refresh([...days].sort());
    const memo = newSweepMemo();
    const queue = new PQueue({ concurrency: deps.concurrency });
    // A channel's posts go out one after another (its digest, then a weekly post): never interleaved.
    const byChannel = new Map<string, typeof deliveries>();
    for (const action of deliveries) {
      const list = byChannel.get(action.sub.channelId) ?? [];
      list.push(action);
      byChannel.set(action.sub.channelId, list);
    }
    await Promise.all(
      [...byChannel.values()].map((channelActions) =>
        queue.add(async () => {
          try {
            for (const action of channelActions) {
              if (deps.stopping() || action.kind !== 'deliver') return;
              await deliverOne(deps, action, memo, report);
            }
          } finally {
            deps.active.delete(channelActions[0]?.sub.channelId ?? '');
          }
        }),
      ),
    );
  } finally {
    for (const action of actions) deps.active.delete(action.sub.channelId);
  }
  deps.logger.info({ ...report, actions: actions.length }, 'digest sweep');
  return report;
}

/** Posts one due digest (or weekly post) and counts how it ended. */
async function deliverOne(
  deps: DigestDeps,
  action: Extract<DigestAction, { kind: 'deliver' }>,
  memo: ReturnType<typeof newSweepMemo>,
  report: SweepReport,
): Promise<void> {
  try {
    const { sub, occurrence, late } = action;
    const result = await deliverDigest(deps, { guildId: sub.guildId, settings: sub, occurrence, late }, memo);
    if (result.status === 'busy') report.busyUntil = Math.min(report.busyUntil ?? Infinity, result.until);
    else if (result.status !== 'sending') report[result.status]++;
  } catch (error) {
    deps.logger.error({ err: error, channel: action.sub.channelId }, 'digest delivery failed');
  }
}

function safeOccurrences(sub: Subscription, now: Date) {
  try {
    return dueOccurrences(sub, now);
  } catch {
    return [];
  }
}

/** A missed day is recorded as skipped, an unfinished one past its window as failed — under the channel's claim. */
async function settlePastDay(deps: DigestDeps, action: DigestAction, now: Date, report: SweepReport): Promise<void> {
  const key = channelClaimKey(action.sub.channelId);
  try {
    const claim = await deps.claims.claim(key, deps.owner, now.getTime(), deps.claimTtlMs);
    if (!claim.ok) return;
    try {
      if (action.kind === 'skip') {
        await recordMissed(deps, action.sub, action.occurrence, now);
        report.skipped++;
      } else if (action.kind === 'give-up') {
        const current = await deps.runs.get(action.run.channelId, action.run.day);
        if (current && current.status === action.run.status) {
          await giveUp(deps, current);
          report.failed++;
        }
      }
    } finally {
      await deps.claims.release(key, deps.owner);
    }
  } catch (error) {
    deps.logger.error({ err: error, channel: action.sub.channelId, action: action.kind }, 'digest record failed');
  }
}

/** A digest missed by more than the catch-up window: recorded, not posted. */
async function recordMissed(deps: DigestDeps, sub: Subscription, occurrence: Occurrence, now: Date): Promise<void> {
  const run: DigestRun = {
    guildId: sub.guildId,
    channelId: sub.channelId,
    day: runDayOf(occurrence),
    kind: occurrence.weekly ? 'weekly' : 'digest',
    status: 'skipped',
    scheduledAt: occurrence.at.toISOString(),
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
    late: false,
    paperIds: [],
    posted: 0,
    reason: `Paperboy was offline at the scheduled time and more than ${Math.round(deps.catchUpMs / 3_600_000)} h had passed`,
    attempts: 0,
  };
  await deps.runs.put(run);
  await recordOutcome(deps, { guildId: sub.guildId }, run);
}

/** A digest still unfinished when its window closed: the day is given up, and counts as failed. */
async function giveUp(deps: DigestDeps, run: DigestRun): Promise<void> {
  const failed: DigestRun = {
    ...run,
    status: 'failed',
    finishedAt: deps.clock().toISOString(),
    reason: run.reason ?? 'it could not be finished in time',
  };
  await deps.runs.put(failed);
  await recordOutcome(deps, { guildId: run.guildId }, failed, { countsAsFailedDay: run.status !== 'stopped' });
}

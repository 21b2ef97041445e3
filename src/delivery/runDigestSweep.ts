import PQueue from 'p-queue';
import type { DigestRun } from '../digests/digestRun.ts';
import { dueOccurrences, planDigests, runKey } from '../digests/planDigests.ts';
import { shiftDate } from '../digests/zonedTime.ts';
import { DIGEST_WINDOW_DAYS, newSweepMemo } from './chooseDigestPapers.ts';
import type { DigestDeps } from './DigestDeps.ts';
import { type DeliveryResult, deliverDigest } from './deliverDigest.ts';
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
 * (`planDigests`, pure), refreshes Daily Papers for the days new digests draw on, then posts to
 * every due channel at once — each channel in order, a slow or failing one holding up no other,
 * and Discord's rate limits kept by discord.js's REST queue. Run every minute and at start-up
 * (which is the catch-up after an outage).
 */
export async function runDigestSweep(deps: DigestDeps): Promise<SweepReport> {
  const now = deps.clock();
  const subs = await deps.subscriptions.forGuilds(deps.poster.guildIds());
  const keys = subs.flatMap((sub) => dueOccurrences(sub, now).map((o) => ({ channelId: sub.channelId, day: o.day })));
  const runs = await deps.runs.getMany(keys);
  const actions = planDigests(subs, runs, now, deps.catchUpMs);
  const report: SweepReport = { delivered: 0, empty: 0, skipped: 0, failed: 0, retrying: 0, stopped: 0 };
  if (actions.length === 0) return report;

  const fresh = actions.filter((a) => a.kind === 'deliver' && !runs.has(runKey(a.sub.channelId, a.occurrence.day)));
  const days = new Set(
    fresh.flatMap((a) => Array.from({ length: DIGEST_WINDOW_DAYS }, (_, i) => shiftDate(a.occurrence.day, -i))),
  );
  if (days.size > 0) await deps.refresh([...days].sort());

  const memo = newSweepMemo();
  const queue = new PQueue({ concurrency: deps.concurrency });
  const count = (status: DeliveryResult['status']) => {
    if (status === 'delivered' || status === 'empty' || status === 'skipped' || status === 'failed') report[status]++;
    else if (status === 'retrying' || status === 'stopped') report[status]++;
  };
  await Promise.all(
    actions.map((action) =>
      queue.add(async () => {
        try {
          if (action.kind === 'skip') {
            await recordMissed(deps, action.sub.guildId, action.sub.channelId, action.occurrence, now);
            report.skipped++;
          } else if (action.kind === 'give-up') {
            await giveUp(deps, action.run);
            report.failed++;
          } else {
            const result = await deliverDigest(
              deps,
              { guildId: action.sub.guildId, settings: action.sub, occurrence: action.occurrence, late: action.late },
              memo,
            );
            if (result.status === 'busy') report.busyUntil = Math.min(report.busyUntil ?? Infinity, result.until);
            else count(result.status);
          }
        } catch (error) {
          deps.logger.error(
            { err: error, channel: action.sub.channelId, action: action.kind },
            'digest sweep step failed',
          );
        }
      }),
    ),
  );
  deps.logger.info({ ...report, actions: actions.length }, 'digest sweep');
  return report;
}

/** A digest missed by more than the catch-up window: recorded, not posted. */
async function recordMissed(
  deps: DigestDeps,
  guildId: string,
  channelId: string,
  occurrence: { day: string; at: Date },
  now: Date,
): Promise<void> {
  const run: DigestRun = {
    guildId,
    channelId,
    day: occurrence.day,
    kind: 'digest',
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
  await recordOutcome(deps, { guildId }, run);
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

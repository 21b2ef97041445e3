import { type DigestRun, SETTLED } from './digestRun.ts';
import type { Subscription } from './subscription.ts';
import { localDate, shiftDate, weekday, zonedInstant } from './zonedTime.ts';

/** A digest counts as late when it goes out more than this long after its time. */
export const LATE_AFTER_MS = 10 * 60_000;

/** One scheduled digest: a subscription's local day and the instant it is due. */
export interface Occurrence {
  day: string;
  at: Date;
  /** The weekly trending post (Mondays), not the day's digest. */
  weekly?: boolean;
}

/** The weekly trending post goes out on this local weekday (Monday). */
export const WEEKLY_ON = 1;

/** The day a run is recorded under: the local date, or `weekly-<date>` for a weekly post. */
export function runDayOf(occurrence: Pick<Occurrence, 'day' | 'weekly'>): string {
  return occurrence.weekly ? `weekly-${occurrence.day}` : occurrence.day;
}

/** What a sweep should do about one subscription's occurrence. */
export type DigestAction =
  | { kind: 'deliver'; sub: Subscription; occurrence: Occurrence; late: boolean }
  /** Missed by more than the catch-up window, never started: record it as skipped. */
  | { kind: 'skip'; sub: Subscription; occurrence: Occurrence }
  /** Started but not finished within the window: give the day up as failed. */
  | { kind: 'give-up'; sub: Subscription; occurrence: Occurrence; run: DigestRun };

/** Whether the subscription posts on a local date. */
export function postsOn(sub: Pick<Subscription, 'days'>, date: string): boolean {
  const d = weekday(date);
  return sub.days === 'every' || (d !== 0 && d !== 6);
}

/** The occurrence of a subscription on a local date, if it posts that day. */
export function occurrenceOn(
  sub: Pick<Subscription, 'days' | 'time' | 'timezone'>,
  date: string,
): Occurrence | undefined {
  return postsOn(sub, date) ? { day: date, at: zonedInstant(date, sub.time, sub.timezone) } : undefined;
}

/** The next time a subscription posts after `now`, or undefined while it is paused. */
export function nextRun(sub: Subscription, now: Date): Occurrence | undefined {
  if (sub.paused) return undefined;
  const today = localDate(sub.timezone, now);
  for (let i = 0; i <= 8; i++) {
    const occurrence = occurrenceOn(sub, shiftDate(today, i));
    if (occurrence && occurrence.at > now) return occurrence;
  }
  return undefined;
}

/**
 * The occurrences a sweep at `now` has to look at: yesterday's and today's in the subscription's
 * own timezone that are already due (yesterday's matters for a 23:30 digest seen at 01:00).
 */
export function dueOccurrences(sub: Subscription, now: Date): Occurrence[] {
  const today = localDate(sub.timezone, now);
  const dates = [shiftDate(today, -1), today];
  const weekly = sub.weeklyTrending
    ? dates
        .filter((date) => weekday(date) === WEEKLY_ON)
        .map((date) => ({ day: date, at: zonedInstant(date, sub.time, sub.timezone), weekly: true }))
    : [];
  return [...dates.map((date) => occurrenceOn(sub, date)), ...weekly].filter(
    (o): o is Occurrence => o !== undefined && o.at <= now,
  );
}

/**
 * Decides, for every subscription, which digests are owed at `now` — a pure function of the
 * subscriptions, their recorded runs and the clock, so the schedule is tested with any instant.
 * A digest not started yet is delivered while it is less than `catchUpMs` old (marked late after
 * ten minutes), and recorded as skipped after that; one that started and did not finish (a
 * restart, a passing failure, a permission fixed and resumed) is resumed within the same window.
 */
export function planDigests(
  subs: readonly Subscription[],
  runs: ReadonlyMap<string, DigestRun>,
  now: Date,
  catchUpMs: number,
): DigestAction[] {
  // However small the configured catch-up, a digest can always go out within its first minutes.
  const windowMs = Math.max(catchUpMs, LATE_AFTER_MS);
  const actions: DigestAction[] = [];
  for (const sub of subs) {
    let due: Occurrence[];
    try {
      due = dueOccurrences(sub, now);
    } catch {
      continue; // a timezone this runtime no longer knows: that digest waits, the others go on
    }
    for (const occurrence of due) {
      const run = runs.get(runKey(sub.channelId, runDayOf(occurrence)));
      const age = now.getTime() - occurrence.at.getTime();
      if (!run) {
        if (sub.paused || occurrence.at < new Date(sub.since)) continue;
        if (age < windowMs) actions.push({ kind: 'deliver', sub, occurrence, late: age > LATE_AFTER_MS });
        else actions.push({ kind: 'skip', sub, occurrence });
        continue;
      }
      if (SETTLED.has(run.status)) continue;
      if (age >= windowMs) {
        actions.push({ kind: 'give-up', sub, occurrence, run });
        continue;
      }
      if (sub.paused) continue;
      if (run.status === 'retrying' && run.nextAttemptAt && new Date(run.nextAttemptAt) > now) continue;
      actions.push({ kind: 'deliver', sub, occurrence, late: run.late });
    }
  }
  return actions;
}

/** The store key of a channel's run on a day. */
export function runKey(channelId: string, day: string): string {
  return `${channelId}:${day}`;
}

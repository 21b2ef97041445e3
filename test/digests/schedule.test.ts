import { describe, expect, it } from 'vitest';
import { type DigestRun, digestRunSchema } from '../../src/digests/digestRun.ts';
import {
  type DigestAction,
  LATE_AFTER_MS,
  nextRun,
  planDigests,
  postsOn,
  runDayOf,
  runKey,
} from '../../src/digests/planDigests.ts';
import type { Subscription } from '../../src/digests/subscription.ts';
import { localDate, localParts, zonedInstant } from '../../src/digests/zonedTime.ts';
import { testSubscription } from '../support/subscriptions.ts';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const CATCH_UP = 6 * HOUR;

/** The shared test subscription, with this file's ids and start; override what the test is about. */
function sub(overrides: Partial<Subscription> = {}): Subscription {
  return testSubscription({ guildId: GUILD, channelId: CHANNEL, since: '2026-01-01T00:00:00.000Z', ...overrides });
}

/** A valid run record of the default channel on a day. */
function run(day: string, status: DigestRun['status'], overrides: Partial<DigestRun> = {}): DigestRun {
  return digestRunSchema.parse({
    guildId: GUILD,
    channelId: CHANNEL,
    day,
    kind: 'digest',
    status,
    scheduledAt: '2026-08-20T07:00:00.000Z',
    startedAt: '2026-08-20T07:00:00.000Z',
    late: false,
    paperIds: ['2608.00001'],
    posted: 0,
    attempts: 0,
    ...overrides,
  });
}

const runsOf = (...list: DigestRun[]) => new Map(list.map((r) => [runKey(r.channelId, r.day), r]));
const iso = (d: Date | undefined) => d?.toISOString();
const hhmm = (timeZone: string, at: Date) => {
  const p = localParts(timeZone, at);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
/** A compact view of actions for assertions. */
const summary = (actions: DigestAction[]) =>
  actions.map((a) => ({
    kind: a.kind,
    channelId: a.sub.channelId,
    day: a.occurrence.day,
    at: a.occurrence.at.toISOString(),
    ...(a.kind === 'deliver' ? { late: a.late } : {}),
  }));

describe('zonedInstant', () => {
  it.each([
    ['2026-08-20', 'Europe/Berlin', '2026-08-20T07:00:00.000Z'], // CEST +02:00
    ['2026-01-15', 'Europe/Berlin', '2026-01-15T08:00:00.000Z'], // CET +01:00
    ['2026-08-20', 'America/New_York', '2026-08-20T13:00:00.000Z'], // EDT −04:00
    ['2026-01-15', 'America/New_York', '2026-01-15T14:00:00.000Z'], // EST −05:00
    ['2026-08-20', 'Asia/Kolkata', '2026-08-20T03:30:00.000Z'], // IST +05:30
    ['2026-01-15', 'Asia/Kolkata', '2026-01-15T03:30:00.000Z'],
    ['2026-08-20', 'Australia/Sydney', '2026-08-19T23:00:00.000Z'], // AEST +10:00, the UTC day before
    ['2026-01-15', 'Australia/Sydney', '2026-01-14T22:00:00.000Z'], // AEDT +11:00
    ['2026-08-20', 'Pacific/Auckland', '2026-08-19T21:00:00.000Z'], // NZST +12:00
    ['2026-01-15', 'Pacific/Auckland', '2026-01-14T20:00:00.000Z'], // NZDT +13:00
    ['2026-08-20', 'UTC', '2026-08-20T09:00:00.000Z'],
    ['2026-01-15', 'UTC', '2026-01-15T09:00:00.000Z'],
  ])('09:00 on %s in %s is %s', (date, zone, instant) => {
    const at = zonedInstant(date, '09:00', zone);
    expect(at.toISOString()).toBe(instant);
    expect(localDate(zone, at)).toBe(date);
    expect(hhmm(zone, at)).toBe('09:00');
  });

  it.each([
    // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
    ['2026-03-28', 'Europe/Berlin', '2026-03-28T08:00:00.000Z'],
    ['2026-03-29', 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
    ['2026-03-30', 'Europe/Berlin', '2026-03-30T07:00:00.000Z'],
    ['2026-10-24', 'Europe/Berlin', '2026-10-24T07:00:00.000Z'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
    ['2026-10-26', 'Europe/Berlin', '2026-10-26T08:00:00.000Z'],
    // America/New_York: 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
    ['2026-03-07', 'America/New_York', '2026-03-07T14:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T13:00:00.000Z'],
    ['2026-03-09', 'America/New_York', '2026-03-09T13:00:00.000Z'],
    ['2026-10-31', 'America/New_York', '2026-10-31T13:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T14:00:00.000Z'],
    ['2026-11-02', 'America/New_York', '2026-11-02T14:00:00.000Z'],
  ])('09:00 stays 09:00 local around a clock change: %s in %s is %s', (date, zone, instant) => {
    const at = zonedInstant(date, '09:00', zone);
    expect(at.toISOString()).toBe(instant);
    expect(localDate(zone, at)).toBe(date);
    expect(hhmm(zone, at)).toBe('09:00');
  });

  it.each([
    // Skipped hour: the moment the clock would have shown it, just after the gap.
    ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z', '03:30'],
    ['2026-03-29', '02:00', 'Europe/Berlin', '2026-03-29T01:00:00.000Z', '03:00'],
    ['2026-03-29', '02:59', 'Europe/Berlin', '2026-03-29T01:59:00.000Z', '03:59'],
    ['2026-03-29', '01:59', 'Europe/Berlin', '2026-03-29T00:59:00.000Z', '01:59'],
    ['2026-03-29', '03:00', 'Europe/Berlin', '2026-03-29T01:00:00.000Z', '03:00'],
    ['2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z', '03:30'],
    // Repeated hour: its first occurrence (summer time).
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z', '02:30'],
    ['2026-10-25', '02:00', 'Europe/Berlin', '2026-10-25T00:00:00.000Z', '02:00'],
    ['2026-10-25', '02:59', 'Europe/Berlin', '2026-10-25T00:59:00.000Z', '02:59'],
    ['2026-10-25', '03:00', 'Europe/Berlin', '2026-10-25T02:00:00.000Z', '03:00'],
    ['2026-10-25', '01:59', 'Europe/Berlin', '2026-10-24T23:59:00.000Z', '01:59'],
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z', '01:30'],
  ])('%s %s in %s is %s (%s local)', (date, time, zone, instant, local) => {
    const at = zonedInstant(date, time, zone);
    expect(at.toISOString()).toBe(instant);
    expect(localDate(zone, at)).toBe(date);
    expect(hhmm(zone, at)).toBe(local);
  });

  // Zones more than 12 h ahead of UTC (Auckland in summer, +13:00; Chatham, +13:45): the probes
  // for the offsets before and after must reach past the local time on both sides.
  it('Pacific/Auckland, repeated hour (2026-04-05): 02:30 is its first occurrence, 02:30 NZDT', () => {
    expect(zonedInstant('2026-04-05', '02:30', 'Pacific/Auckland').toISOString()).toBe('2026-04-04T13:30:00.000Z');
  });

  it('Pacific/Auckland, skipped hour (2026-09-27): 02:30 is just after the gap, 03:30 NZDT', () => {
    const at = zonedInstant('2026-09-27', '02:30', 'Pacific/Auckland');
    expect(hhmm('Pacific/Auckland', at)).toBe('03:30');
  });

  it('Pacific/Chatham (2026-09-27): 02:00, before the 02:45 change, is 02:00 local', () => {
    const at = zonedInstant('2026-09-27', '02:00', 'Pacific/Chatham');
    expect(hhmm('Pacific/Chatham', at)).toBe('02:00');
  });
});

describe('localDate', () => {
  it.each([
    ['Europe/Berlin', '2026-08-19T21:59:00Z', '2026-08-19'],
    ['Europe/Berlin', '2026-08-19T22:00:00Z', '2026-08-20'],
    ['Europe/Berlin', '2026-10-24T21:59:00Z', '2026-10-24'], // 23:59 CEST
    ['Europe/Berlin', '2026-10-24T22:00:00Z', '2026-10-25'], // 00:00 CEST on the change day
    ['Europe/Berlin', '2026-10-25T22:59:00Z', '2026-10-25'], // 23:59 CET
    ['Europe/Berlin', '2026-10-25T23:00:00Z', '2026-10-26'],
    ['America/New_York', '2026-08-20T03:59:00Z', '2026-08-19'],
    ['America/New_York', '2026-08-20T04:00:00Z', '2026-08-20'],
    ['Asia/Kolkata', '2026-08-19T18:29:00Z', '2026-08-19'],
    ['Asia/Kolkata', '2026-08-19T18:30:00Z', '2026-08-20'],
    ['Pacific/Auckland', '2026-08-19T12:00:00Z', '2026-08-20'],
    ['UTC', '2026-08-19T23:59:59Z', '2026-08-19'],
  ])('in %s, %s is on %s', (zone, at, date) => {
    expect(localDate(zone, new Date(at))).toBe(date);
  });
});

describe('postsOn', () => {
  it.each([
    ['every', '2026-08-21', true], // Friday
    ['every', '2026-08-22', true], // Saturday
    ['every', '2026-08-23', true], // Sunday
    ['weekdays', '2026-08-21', true],
    ['weekdays', '2026-08-22', false],
    ['weekdays', '2026-08-23', false],
    ['weekdays', '2026-08-24', true], // Monday
    ['weekdays', '2026-03-29', false], // a Sunday, the Berlin change day
  ] as const)('%s posts on %s: %s', (days, date, posts) => {
    expect(postsOn({ days }, date)).toBe(posts);
  });
});

describe('nextRun', () => {
  it.each([
    ['just before today’s time', sub(), '2026-08-20T06:59:00Z', '2026-08-20', '2026-08-20T07:00:00.000Z'],
    ['at the time itself: tomorrow', sub(), '2026-08-20T07:00:00Z', '2026-08-21', '2026-08-21T07:00:00.000Z'],
    ['across the spring change', sub(), '2026-03-28T08:00:00Z', '2026-03-29', '2026-03-29T07:00:00.000Z'],
    ['across the autumn change', sub(), '2026-10-24T07:00:00Z', '2026-10-25', '2026-10-25T08:00:00.000Z'],
    [
      'a time in the skipped hour',
      sub({ time: '02:30' }),
      '2026-03-29T00:00:00Z',
      '2026-03-29',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'after the skipped-hour digest: the next day',
      sub({ time: '02:30' }),
      '2026-03-29T01:30:00Z',
      '2026-03-30',
      '2026-03-30T00:30:00.000Z',
    ],
    [
      'weekdays on Friday evening: Monday',
      sub({ days: 'weekdays' }),
      '2026-08-21T18:00:00Z',
      '2026-08-24',
      '2026-08-24T07:00:00.000Z',
    ],
    [
      'weekdays on Saturday morning: Monday',
      sub({ days: 'weekdays' }),
      '2026-08-22T06:00:00Z',
      '2026-08-24',
      '2026-08-24T07:00:00.000Z',
    ],
    [
      'weekdays on Monday before the time: Monday',
      sub({ days: 'weekdays' }),
      '2026-08-24T06:00:00Z',
      '2026-08-24',
      '2026-08-24T07:00:00.000Z',
    ],
    [
      'in a zone ahead of UTC: its local tomorrow',
      sub({ timezone: 'Pacific/Auckland' }),
      '2026-08-19T21:00:00Z',
      '2026-08-21',
      '2026-08-20T21:00:00.000Z',
    ],
  ])('%s', (_, s, now, day, at) => {
    const next = nextRun(s, new Date(now));
    expect(next?.day).toBe(day);
    expect(iso(next?.at)).toBe(at);
  });

  it('is undefined while the subscription is paused', () => {
    const paused = sub({ paused: { reason: 'missing permission', at: '2026-08-19T07:00:00.000Z' } });
    expect(nextRun(paused, new Date('2026-08-20T06:00:00Z'))).toBeUndefined();
  });
});

/**
 * Runs the schedule the way the bot does: a sweep every minute from `from` to `to`, recording
 * the outcome of every action before the next sweep (a delivery as delivered, a skip as
 * skipped, a give-up as failed). Returns every action with the instant it was planned.
 */
function simulate(s: Subscription, from: string, to: string, catchUpMs = CATCH_UP) {
  const runs = new Map<string, DigestRun>();
  const log: Array<{ now: string; kind: DigestAction['kind']; day: string; at: string }> = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += MINUTE) {
    const now = new Date(t);
    for (const action of planDigests([s], runs, now, catchUpMs)) {
      const { day, at } = action.occurrence;
      log.push({ now: now.toISOString(), kind: action.kind, day, at: at.toISOString() });
      const status = action.kind === 'deliver' ? 'delivered' : action.kind === 'skip' ? 'skipped' : 'failed';
      runs.set(runKey(s.channelId, day), run(day, status, { channelId: s.channelId }));
    }
  }
  return log;
}

describe('planDigests over simulated days', () => {
  it.each([
    // [zone, change day, time, the instant it is due, local time it posts at]
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z', '03:30'], // skipped hour
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z', '02:30'], // repeated hour
    ['Europe/Berlin', '2026-03-29', '09:00', '2026-03-29T07:00:00.000Z', '09:00'],
    ['Europe/Berlin', '2026-10-25', '09:00', '2026-10-25T08:00:00.000Z', '09:00'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', '03:30'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', '01:30'],
    ['America/New_York', '2026-03-08', '09:00', '2026-03-08T13:00:00.000Z', '09:00'],
    ['America/New_York', '2026-11-01', '09:00', '2026-11-01T14:00:00.000Z', '09:00'],
  ])(
    '%s, %s at %s: one sweep a minute over the UTC day delivers exactly once, at %s',
    (zone, day, time, due, local) => {
      // Created at the start of the UTC day, after the previous local day's digest: only the change day is owed.
      const s = sub({ timezone: zone, time, since: `${day}T00:00:00.000Z` });
      const log = simulate(s, `${day}T00:00:00Z`, `${day}T23:59:00Z`);
      expect(log).toEqual([{ now: due, kind: 'deliver', day, at: due }]);
      expect(hhmm(zone, new Date(due))).toBe(local);
    },
  );

  it.each([
    ['Europe/Berlin', '2026-03-29', '02:30'],
    ['Europe/Berlin', '2026-10-25', '02:30'],
    ['Europe/Berlin', '2026-10-25', '09:00'],
    ['America/New_York', '2026-11-01', '01:30'],
  ])('%s around %s at %s: three days of sweeps deliver each local day once, on time', (zone, day, time) => {
    const before = new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const after = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const s = sub({ timezone: zone, time, since: `${before}T00:00:00.000Z` });
    const from = zonedInstant(before, '00:00', zone).toISOString();
    const to = zonedInstant(after, '23:59', zone).toISOString();
    const log = simulate(s, from, to);
    expect(log.map((l) => l.kind)).toEqual(['deliver', 'deliver', 'deliver']);
    expect(log.map((l) => l.day)).toEqual([before, day, after]);
    for (const entry of log) {
      expect(entry.now).toBe(entry.at);
      expect(localDate(zone, new Date(entry.at))).toBe(entry.day);
    }
  });

  it('a weekdays digest delivers nothing over a whole weekend, then on Monday', () => {
    const s = sub({ days: 'weekdays', since: '2026-08-21T12:00:00.000Z' });
    const log = simulate(s, '2026-08-21T12:00:00Z', '2026-08-24T12:00:00Z');
    expect(log).toEqual([
      { now: '2026-08-24T07:00:00.000Z', kind: 'deliver', day: '2026-08-24', at: '2026-08-24T07:00:00.000Z' },
    ]);
  });

  it('after more than a day offline, the first sweep skips that day once and still delivers the next', () => {
    // The bot is offline from 2026-08-19 12:00Z; the first sweep after is 2026-08-20 13:30Z.
    const s = sub({ since: '2026-08-18T12:00:00.000Z' });
    const log = simulate(s, '2026-08-20T13:30:00Z', '2026-08-21T12:00:00Z');
    expect(log).toEqual([
      // 2026-08-19's digest is a day old: skipped. 2026-08-20's is 6 h 30 min old: skipped too.
      { now: '2026-08-20T13:30:00.000Z', kind: 'skip', day: '2026-08-19', at: '2026-08-19T07:00:00.000Z' },
      { now: '2026-08-20T13:30:00.000Z', kind: 'skip', day: '2026-08-20', at: '2026-08-20T07:00:00.000Z' },
      { now: '2026-08-21T07:00:00.000Z', kind: 'deliver', day: '2026-08-21', at: '2026-08-21T07:00:00.000Z' },
    ]);
  });
});

describe('planDigests decisions', () => {
  // 09:00 in Berlin on Thursday 2026-08-20 is 07:00Z; the day before is already settled by `since`.
  const AT = Date.parse('2026-08-20T07:00:00Z');
  const base = sub({ since: '2026-08-19T12:00:00.000Z' });
  const occurrence = { day: '2026-08-20', at: '2026-08-20T07:00:00.000Z' };
  const plan = (s: Subscription, runs: Map<string, DigestRun>, offsetMs: number) =>
    summary(planDigests([s], runs, new Date(AT + offsetMs), CATCH_UP));

  it.each([
    ['one minute early: nothing', -MINUTE, []],
    ['on time: delivered, not late', 0, [{ kind: 'deliver', late: false }]],
    ['ten minutes late: still not late', LATE_AFTER_MS, [{ kind: 'deliver', late: false }]],
    ['just over ten minutes: late', LATE_AFTER_MS + 1, [{ kind: 'deliver', late: true }]],
    ['just inside the catch-up window: late', CATCH_UP - 1, [{ kind: 'deliver', late: true }]],
    ['at the catch-up window: skipped', CATCH_UP, [{ kind: 'skip' }]],
    ['well past the window: skipped', CATCH_UP + 3 * HOUR, [{ kind: 'skip' }]],
  ])('no run yet, %s', (_, offset, expected) => {
    expect(plan(base, new Map(), offset)).toEqual(
      expected.map((e) => ({ channelId: CHANNEL, day: occurrence.day, at: occurrence.at, ...e })),
    );
  });

  it.each([
    ['created after the occurrence', '2026-08-20T07:00:00.001Z', []],
    ['created exactly at the occurrence', '2026-08-20T07:00:00.000Z', ['deliver']],
    ['created before it', '2026-08-20T06:59:59.999Z', ['deliver']],
  ])('%s', (_, since, kinds) => {
    expect(plan(sub({ since }), new Map(), 5 * MINUTE).map((a) => a.kind)).toEqual(kinds);
  });

  it('a paused subscription is owed nothing, in or past the window', () => {
    const paused = sub({ since: base.since, paused: { reason: 'missing permission', at: '2026-08-19T08:00:00.000Z' } });
    expect(plan(paused, new Map(), 0)).toEqual([]);
    expect(plan(paused, new Map(), CATCH_UP + HOUR)).toEqual([]);
  });

  it.each([
    [
      'retrying, next attempt still ahead',
      run('2026-08-20', 'retrying', { nextAttemptAt: '2026-08-20T07:31:00.000Z' }),
      [],
    ],
    [
      'retrying, next attempt passed',
      run('2026-08-20', 'retrying', { nextAttemptAt: '2026-08-20T07:29:00.000Z', late: true }),
      [{ kind: 'deliver', late: true }],
    ],
    [
      'retrying, next attempt exactly now',
      run('2026-08-20', 'retrying', { nextAttemptAt: '2026-08-20T07:30:00.000Z' }),
      [{ kind: 'deliver', late: false }],
    ],
    ['retrying without a next attempt', run('2026-08-20', 'retrying'), [{ kind: 'deliver', late: false }]],
    ['sending (a restart): resumed', run('2026-08-20', 'sending'), [{ kind: 'deliver', late: false }]],
    [
      'sending, marked late when it started: stays late',
      run('2026-08-20', 'sending', { late: true }),
      [{ kind: 'deliver', late: true }],
    ],
    ['stopped (permission fixed, resumed): resumed', run('2026-08-20', 'stopped'), [{ kind: 'deliver', late: false }]],
    ['delivered', run('2026-08-20', 'delivered'), []],
    ['empty', run('2026-08-20', 'empty'), []],
    ['skipped', run('2026-08-20', 'skipped'), []],
    ['failed', run('2026-08-20', 'failed'), []],
  ])('30 minutes after the time, a run that is %s', (_, r, expected) => {
    expect(plan(base, runsOf(r), 30 * MINUTE)).toEqual(
      expected.map((e) => ({ channelId: CHANNEL, day: occurrence.day, at: occurrence.at, ...e })),
    );
  });

  it.each([
    ['sending', 'give-up'],
    ['retrying', 'give-up'],
    ['stopped', 'give-up'],
    ['delivered', undefined],
    ['empty', undefined],
    ['skipped', undefined],
    ['failed', undefined],
  ] as const)('past the window, a run that is %s: %s', (status, kind) => {
    const r = run('2026-08-20', status, { nextAttemptAt: '2026-08-20T20:00:00.000Z' });
    const actions = planDigests([base], runsOf(r), new Date(AT + CATCH_UP), CATCH_UP);
    expect(actions.map((a) => a.kind)).toEqual(kind ? [kind] : []);
    const action = actions[0];
    if (action?.kind === 'give-up') expect(action.run).toBe(r);
  });

  it('a paused subscription does not resume a started run within the window', () => {
    const paused = sub({ since: base.since, paused: { reason: 'missing permission', at: '2026-08-20T07:05:00.000Z' } });
    expect(plan(paused, runsOf(run('2026-08-20', 'stopped')), 30 * MINUTE)).toEqual([]);
    expect(plan(paused, runsOf(run('2026-08-20', 'sending')), 30 * MINUTE)).toEqual([]);
  });

  it('a 23:30 digest seen at 01:00 the next local day is still delivered, as yesterday’s', () => {
    const late = sub({ time: '23:30', since: '2026-08-19T12:00:00.000Z' });
    // 23:30 CEST on 2026-08-20 is 21:30Z; 01:00 CEST on 2026-08-21 is 23:00Z.
    expect(summary(planDigests([late], new Map(), new Date('2026-08-20T23:00:00Z'), CATCH_UP))).toEqual([
      { kind: 'deliver', channelId: CHANNEL, day: '2026-08-20', at: '2026-08-20T21:30:00.000Z', late: true },
    ]);
    // Once it is recorded, the next local day owes nothing until its own 23:30.
    const settled = runsOf(run('2026-08-20', 'delivered'));
    expect(planDigests([late], settled, new Date('2026-08-20T23:00:00Z'), CATCH_UP)).toEqual([]);
  });

  it('a weekdays 23:30 digest is still delivered for Friday early on Saturday, and nothing for Saturday', () => {
    const late = sub({ time: '23:30', days: 'weekdays', since: '2026-08-20T12:00:00.000Z' });
    // 01:00 CEST on Saturday 2026-08-22 is 2026-08-21T23:00Z.
    expect(summary(planDigests([late], new Map(), new Date('2026-08-21T23:00:00Z'), CATCH_UP))).toEqual([
      { kind: 'deliver', channelId: CHANNEL, day: '2026-08-21', at: '2026-08-21T21:30:00.000Z', late: true },
    ]);
    // All of Saturday and Sunday (local): nothing, once Friday is settled.
    const settled = runsOf(run('2026-08-21', 'delivered'));
    for (let t = Date.parse('2026-08-21T22:00:00Z'); t < Date.parse('2026-08-23T22:00:00Z'); t += 15 * MINUTE) {
      expect(planDigests([late], settled, new Date(t), CATCH_UP)).toEqual([]);
    }
  });

  it('looks up each subscription’s own run: another channel’s record does not settle it', () => {
    const other = '200000000000000002';
    const a = base;
    const b = sub({ channelId: other, since: base.since, timezone: 'UTC', time: '07:00' });
    const actions = planDigests([a, b], runsOf(run('2026-08-20', 'delivered')), new Date(AT + MINUTE), CATCH_UP);
    expect(summary(actions)).toEqual([
      { kind: 'deliver', channelId: other, day: '2026-08-20', at: '2026-08-20T07:00:00.000Z', late: false },
    ]);
  });
});

describe('the weekly trending post in the plan', () => {
  const weekly = (overrides: Partial<Subscription> = {}) =>
    testSubscription({
      time: '09:00',
      timezone: 'Asia/Tokyo',
      since: '2026-08-01T00:00:00.000Z',
      weeklyTrending: true,
      ...overrides,
    });

  it('is due on Mondays only, at the digest’s local time, recorded apart from that day’s digest', () => {
    // Monday 24 August 2026, 09:00 in Tokyo is 00:00 UTC.
    // Sunday's missed digest is recorded as skipped; the deliveries are Monday's two posts.
    const monday = planDigests([weekly()], new Map(), new Date('2026-08-24T00:01:00Z'), 6 * 3_600_000).filter(
      (a) => a.kind === 'deliver',
    );
    expect(monday.map((a) => [a.kind, a.occurrence.day, a.occurrence.weekly === true])).toEqual([
      ['deliver', '2026-08-24', false],
      ['deliver', '2026-08-24', true],
    ]);
    expect(monday.map((a) => runDayOf(a.occurrence))).toEqual(['2026-08-24', 'weekly-2026-08-24']);
    const tuesday = planDigests([weekly()], new Map(), new Date('2026-08-25T00:01:00Z'), 6 * 3_600_000);
    // Tuesday: Monday's post, were it still owed, is long past its window; nothing weekly goes out.
    expect(tuesday.filter((a) => a.occurrence.weekly && a.kind === 'deliver')).toEqual([]);
  });

  it('comes even when the digest skips weekends or is set to weekdays, and never when it is off', () => {
    const weekdays = planDigests(
      [weekly({ days: 'weekdays' })],
      new Map(),
      new Date('2026-08-24T00:01:00Z'),
      3_600_000,
    );
    expect(weekdays.filter((a) => a.occurrence.weekly)).toHaveLength(1);
    const off = planDigests(
      [weekly({ weeklyTrending: false })],
      new Map(),
      new Date('2026-08-24T00:01:00Z'),
      3_600_000,
    );
    expect(off.filter((a) => a.occurrence.weekly)).toEqual([]);
  });
});

/** The sandbox's time: it starts where the sample data is fresh and runs on with the real clock. */
export interface SandboxClock {
  now(): Date;
  /** Moves the time forward to `at`; never back (the bot's log and votes would not make sense). */
  advanceTo(at: Date): Date;
}

/** A clock that reads `start` now and moves on in real time; `advanceTo` jumps ahead. */
export function createSandboxClock(start: Date, realNow: () => number = Date.now): SandboxClock {
  let offsetMs = start.getTime() - realNow();
  const now = () => new Date(realNow() + offsetMs);
  return {
    now,
    advanceTo(at) {
      if (at.getTime() > now().getTime()) offsetMs = at.getTime() - realNow();
      return now();
    },
  };
}

/**
 * Today's and tomorrow's `HH:MM` in UTC, the timezone of the sandbox's digest: the targets of
 * "post today's digest now" and "jump to tomorrow 09:00".
 */
export function digestTimes(now: Date, time: string): { today: Date; tomorrow: Date } {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes));
  return { today, tomorrow: new Date(today.getTime() + 86_400_000) };
}

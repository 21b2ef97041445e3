/**
 * Wall-clock time in IANA timezones, without a date library: the instant of a local date and
 * time, and the local date of an instant. Built on Intl, which carries the tz database.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Local calendar fields of an instant in a timezone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function localParts(timeZone: string, at: Date): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
  };
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(timeZone: string, at: Date): string {
  const p = localParts(timeZone, at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Milliseconds the zone is ahead of UTC at an instant (+02:00 → 7,200,000). */
function offsetAt(timeZone: string, t: number): number {
  const p = localParts(timeZone, new Date(t));
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(t / 60_000) * 60_000;
}

/**
 * The instant a local date and `HH:MM` names in a timezone. On the day clocks go back, a time
 * in the repeated hour means its first occurrence; on the day they go forward, a time in the
 * skipped hour means the moment the clock would have shown it, which is just after the gap
 * (02:30 in Berlin on the spring change is 03:30 summer time). Either way: once a day.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The instant is within 14 h of `wall` (offsets run from -12 h to +14 h): offsets a day and a
  // half either side are surely before and after it, and transitions are months apart.
  const before = offsetAt(timeZone, wall - 36 * 3_600_000);
  const after = offsetAt(timeZone, wall + 36 * 3_600_000);
  const matches = [wall - before, wall - after].filter((t) => {
    const p = localParts(timeZone, new Date(t));
    return p.year === y && p.month === m && p.day === d && p.hour === hh && p.minute === mm;
  });
  return new Date(matches.length > 0 ? Math.min(...matches) : wall - before);
}

/** Day of the week of a calendar date: 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/** A calendar date `n` days away. */
export function shiftDate(date: string, n: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Current names that older ICU builds (Node 20's) list only under their former spelling: offered
 * and kept as typed, since that is the name people know.
 */
const RENAMED = ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Kathmandu', 'Asia/Yangon', 'America/Nuuk', 'Pacific/Kanton'];

/** Every IANA timezone this runtime knows, with UTC (which `supportedValuesOf` leaves out). */
export const TIME_ZONES: readonly string[] = [
  ...new Set(['UTC', ...Intl.supportedValuesOf('timeZone'), ...RENAMED.filter((z) => resolveZone(z) !== undefined)]),
].sort();
const BY_LOWER = new Map(TIME_ZONES.map((z) => [z.toLowerCase(), z]));

function resolveZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The proper spelling of an IANA timezone (`europe/berlin` → `Europe/Berlin`), or undefined if unknown. */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.length === 0 || name.length > 64) return undefined;
  return BY_LOWER.get(name.toLowerCase()) ?? resolveZone(name);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

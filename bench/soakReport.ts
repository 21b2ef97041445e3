import { headerPrefix, longDate } from '../src/digests/formatDigestMessages.ts';
import type { MessageRecord } from '../src/emulator/startEmulator.ts';
import type { BotLogLine } from '../src/sandbox/spawnBot.ts';

/** One reading of the bot's memory, `atS` seconds after the traffic started. */
export interface RssSample {
  atS: number;
  rssMb: number;
  /** The anonymous part of RSS (heaps, buffers), without mapped files. */
  anonMb: number;
  /** The JavaScript heap in use and committed, and external memory, from the bot's `/metrics` (NaN when unread). */
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Read just after a full garbage collection in the bot: what it keeps, without garbage V8 has yet to collect. */
  afterGc: boolean;
}

/** One series of readings after warm-up, compared with the end of warm-up. */
export interface GrowthSummary {
  baselineMb: number;
  maxMb: number;
  finalMb: number;
  /** The highest reading after warm-up over the baseline, in per cent. */
  growthMaxPct: number;
  growthFinalPct: number;
  /** Least-squares slope after warm-up: a leak shows as a steady climb. */
  slopeMbPerMin: number;
  readingsAfterWarmup: number;
}

/** The bot's memory: every reading (GC saw-tooth included) and the readings after a full GC (what it keeps). */
export interface MemorySummary {
  rss: GrowthSummary;
  /** What the 10 % target is held to: a leak grows what the bot keeps, garbage waiting for the next GC does not. */
  retained: GrowthSummary;
  heapUsedBaselineMb: number;
  heapUsedFinalMb: number;
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Baseline: the median of the readings in the last `window` seconds of warm-up (one reading would
 * carry one GC's noise). Final: the median of the last three readings. Max: the highest single one.
 */
function summarizeGrowth(
  samples: readonly RssSample[],
  warmupS: number,
  windowS: number,
  value: (s: RssSample) => number,
): GrowthSummary {
  const inWarmup = samples.filter((s) => s.atS <= warmupS);
  const tail = inWarmup.filter((s) => s.atS >= warmupS - windowS);
  const baselineMb = median((tail.length > 0 ? tail : inWarmup.slice(-1)).map(value));
  const after = samples.filter((s) => s.atS > warmupS);
  const maxMb = Math.max(...after.map(value));
  const finalMb = median(after.slice(-3).map(value));
  return {
    baselineMb,
    maxMb,
    finalMb,
    growthMaxPct: ((maxMb - baselineMb) / baselineMb) * 100,
    growthFinalPct: ((finalMb - baselineMb) / baselineMb) * 100,
    slopeMbPerMin: slope(after.map((s) => [s.atS / 60, value(s)] as const)),
    readingsAfterWarmup: after.length,
  };
}

/** Every reading with a 15 s baseline window; the after-GC readings (fewer) with a 60 s one. */
export function summarizeMemory(samples: readonly RssSample[], warmupS: number): MemorySummary {
  const afterGc = samples.filter((s) => s.afterGc);
  const heapUsed = (readings: readonly RssSample[]) =>
    median(readings.map((s) => s.heapUsedMb).filter((mb) => !Number.isNaN(mb)));
  return {
    rss: summarizeGrowth(samples, warmupS, 15, (s) => s.rssMb),
    retained: summarizeGrowth(afterGc, warmupS, 60, (s) => s.rssMb),
    heapUsedBaselineMb: heapUsed(afterGc.filter((s) => s.atS <= warmupS).slice(-3)),
    heapUsedFinalMb: heapUsed(afterGc.slice(-3)),
  };
}

function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxy = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** The `q` quantile of ascending `sorted` values (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

/** What the bot logged: pino levels 50 (error) and 60 (fatal) are errors, 40 warnings. */
export interface LogCounts {
  errors: number;
  warns: number;
  /** Lines that are not pino JSON (a stack trace, a Node warning). */
  other: number;
  /** Distinct messages with how often each came, errors and warnings apart. */
  errorMessages: Record<string, number>;
  warnMessages: Record<string, number>;
  otherLines: string[];
}

/** Counts the bot's log lines as they arrive. */
export function createLogCounter(): { add(line: BotLogLine | string): void; counts: LogCounts } {
  const counts: LogCounts = { errors: 0, warns: 0, other: 0, errorMessages: {}, warnMessages: {}, otherLines: [] };
  return {
    counts,
    add(line) {
      if (typeof line === 'string') {
        counts.other++;
        if (counts.otherLines.length < 20) counts.otherLines.push(line.slice(0, 300));
      } else if (line.level >= 50) {
        counts.errors++;
        counts.errorMessages[line.msg] = (counts.errorMessages[line.msg] ?? 0) + 1;
      } else if (line.level >= 40) {
        counts.warns++;
        counts.warnMessages[line.msg] = (counts.warnMessages[line.msg] ?? 0) + 1;
      }
    },
  };
}

/** Digests found in the servers' digest channels. */
export interface DigestCount {
  /** Digests posted (a header, or the notice of an empty day). */
  posted: number;
  /** Channel-days that should have one: every simulated day in every server. */
  expected: number;
  missing: number;
  /** A second header for a channel's day, or a paper posted again in a channel. */
  duplicates: number;
  papersPosted: number;
}

/** Counts each channel's digests by day, and any paper a channel got twice. */
export function countDigests(
  channels: ReadonlyArray<readonly MessageRecord[]>,
  botUserId: string,
  days: readonly string[],
): DigestCount {
  const result: DigestCount = { posted: 0, expected: 0, missing: 0, duplicates: 0, papersPosted: 0 };
  for (const messages of channels) {
    const mine = messages.filter((m) => m.author.id === botUserId);
    for (const day of days) {
      const empty = `📭 No new papers for ${longDate(day)}`;
      const found = mine.filter((m) => m.content.startsWith(headerPrefix(day)) || m.content.startsWith(empty)).length;
      result.expected++;
      result.posted += found;
      if (found === 0) result.missing++;
      if (found > 1) result.duplicates += found - 1;
    }
    const links = new Map<string, number>();
    for (const m of mine) {
      const url = m.embeds[0]?.url;
      if (typeof url !== 'string') continue;
      result.papersPosted++;
      links.set(url, (links.get(url) ?? 0) + 1);
    }
    for (const n of links.values()) if (n > 1) result.duplicates += n - 1;
  }
  return result;
}

/** A Markdown table of `key | measured | target` rows. */
export function formatTable(rows: ReadonlyArray<readonly [string, string | number, string]>): string {
  return ['| key | measured | target |', '|---|---|---|', ...rows.map(([k, v, t]) => `| ${k} | ${v} | ${t} |`)].join(
    '\n',
  );
}

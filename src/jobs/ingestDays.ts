import type { Catalog } from '../catalog/openCatalog.ts';
import type { Logger } from '../logging/createLogger.ts';
import type { ParseResult } from '../sources/ParseResult.ts';
import { isSourceFailure } from '../sources/SourceError.ts';

/** What an ingestion run did, for the operator. */
export interface IngestReport {
  days: number;
  fetched: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Items a source sent that were not papers, counted by reason. */
  skipped: Record<string, number>;
  /** Days whose fetch failed; the store kept what it had for them. */
  failed: Array<{ day: string; reason: string }>;
  /** Days that had no papers (weekends, holidays): normal, not a failure. */
  empty: string[];
}

export interface IngestDeps {
  catalog: Catalog;
  fetchDay: (day: string) => Promise<ParseResult>;
  logger: Logger;
  /** Called after each day, for a progress bar. */
  onDay?: (day: string, done: number, total: number) => void;
}

export function emptyReport(): IngestReport {
  return { days: 0, fetched: 0, added: 0, updated: 0, unchanged: 0, skipped: {}, failed: [], empty: [] };
}

/**
 * Fetches each day's Daily Papers and folds them into the catalog, one day at a time.
 * A day that fails (HTTP error, a response that is not a paper list) is reported and leaves
 * the store as it was for that day; the other days go on.
 */
export async function ingestDays(days: readonly string[], deps: IngestDeps): Promise<IngestReport> {
  const report = emptyReport();
  let done = 0;
  for (const day of days) {
    try {
      const { papers, skipped } = await deps.fetchDay(day);
      addResult(report, await deps.catalog.ingest(papers), papers.length, skipped);
      if (papers.length === 0) report.empty.push(day);
    } catch (error) {
      if (!isSourceFailure(error)) throw error;
      report.failed.push({ day, reason: error.message });
      deps.logger.warn({ day, err: error.message }, 'daily papers fetch failed; keeping the cached papers');
    }
    report.days++;
    deps.onDay?.(day, ++done, days.length);
  }
  return report;
}

/** Adds one batch's outcome to a report. */
export function addResult(
  report: IngestReport,
  summary: { added: number; updated: number; unchanged: number },
  fetched: number,
  skipped: ParseResult['skipped'],
): void {
  report.fetched += fetched;
  report.added += summary.added;
  report.updated += summary.updated;
  report.unchanged += summary.unchanged;
  for (const { reason } of skipped) report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
}

/** The days a routine refresh covers: `today` and the `back` days before it, oldest first. */
export function refreshWindow(today: string, back = 2): string[] {
  return dayRange(addDays(today, -back), today);
}

/** Every day from `from` to `to`, inclusive. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

import type { Sources } from '../app/createSources.ts';
import type { Catalog } from '../catalog/openCatalog.ts';
import type { Logger } from '../logging/createLogger.ts';
import { isSourceFailure } from '../sources/SourceError.ts';
import { addResult, type IngestReport, ingestDays, refreshWindow } from './ingestDays.ts';

export interface RefreshDeps {
  /** arXiv categories whose newest submissions are added too (e.g. cs.LG). */
  categories: readonly string[];
  catalog: Catalog;
  sources: Sources;
  clock: () => Date;
  logger: Logger;
}

/**
 * The routine refresh: today's Daily Papers and the two days before (day lists keep growing
 * after they are first published), then the configured arXiv category feeds. A failed day or
 * feed keeps its cached papers and is listed in the report.
 */
export async function refreshPapers(deps: RefreshDeps): Promise<IngestReport> {
  const today = deps.clock().toISOString().slice(0, 10);
  const report = await ingestDays(refreshWindow(today), {
    catalog: deps.catalog,
    fetchDay: (day) => deps.sources.fetchDay(day),
    logger: deps.logger,
  });
  for (const category of deps.categories) {
    try {
      const { papers, skipped } = await deps.sources.arxiv.searchCategory(category, { start: 0, maxResults: 200 });
      addResult(report, await deps.catalog.ingest(papers), papers.length, skipped);
    } catch (error) {
      if (!isSourceFailure(error)) throw error;
      report.failed.push({ day: `arXiv ${category}`, reason: error.message });
      deps.logger.warn({ category, err: error.message }, 'arXiv feed failed; keeping the cached papers');
    }
  }
  const { days, fetched, added, updated, failed, empty } = report;
  deps.logger.info({ days, fetched, added, updated, failed: failed.length, empty }, 'papers refreshed');
  return report;
}

/** Whether the store needs a refresh at start-up: nothing from today or yesterday. */
export function isStale(catalog: Catalog, now: Date): boolean {
  const latest = catalog.days()[0]?.day;
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  return latest === undefined || latest < yesterday;
}

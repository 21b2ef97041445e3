import type { Sources } from './app/createSources.ts';
import type { Catalog } from './catalog/openCatalog.ts';
import type { Config } from './config/loadConfig.ts';
import { refreshPapers } from './jobs/refreshPapers.ts';
import type { Logger } from './logging/createLogger.ts';

/** What every job gets. */
export interface JobContext {
  config: Config;
  catalog: Catalog;
  sources: Sources;
  clock: () => Date;
  logger: Logger;
}

/** A scheduled job: a cron expression in an explicit timezone, never overlapping itself. */
export interface Job {
  name: string;
  schedule: (config: Config) => { cron: string; timezone: string };
  run: (ctx: JobContext) => Promise<unknown>;
}

/** Every scheduled job of the bot, in one place. */
export const JOBS: readonly Job[] = [
  {
    name: 'refresh-papers',
    schedule: (config) => ({ cron: config.INGEST_SCHEDULE, timezone: config.INGEST_TIMEZONE }),
    run: (ctx) => refreshPapers({ ...ctx, categories: ctx.config.ARXIV_CATEGORIES }),
  },
];

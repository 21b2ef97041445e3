import type { Sources } from './app/createSources.ts';
import type { Catalog } from './catalog/openCatalog.ts';
import type { Config } from './config/loadConfig.ts';
import type { DigestService } from './delivery/createDigestService.ts';
import { refreshPapers } from './jobs/refreshPapers.ts';
import type { Logger } from './logging/createLogger.ts';
import type { VoteService } from './voting/createVoteService.ts';

/** What every job gets. */
export interface JobContext {
  config: Config;
  catalog: Catalog;
  sources: Sources;
  clock: () => Date;
  logger: Logger;
  digests: DigestService;
  votes: VoteService;
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
  {
    // Every minute, in UTC: each subscription's own time and timezone are applied by
    // `planDigests`, which a per-subscription cron could not do on the days clocks change
    // (a skipped 02:30 would never fire, a repeated one would fire twice).
    name: 'digests',
    schedule: () => ({ cron: '* * * * *', timezone: 'UTC' }),
    // Not awaited: a round still posting must not stop the next minute's digests from starting
    // (each pass leaves alone the channels an earlier one is still posting to).
    run: async (ctx) => {
      ctx.digests.sweep().catch((error: unknown) => ctx.logger.error({ err: error }, 'digest sweep failed'));
    },
  },
  {
    // Votes cast or withdrawn while a gateway event was missed: Discord's reactor lists win.
    name: 'reconcile-votes',
    schedule: () => ({ cron: '23 */4 * * *', timezone: 'UTC' }),
    run: (ctx) => ctx.votes.reconcile(),
  },
];

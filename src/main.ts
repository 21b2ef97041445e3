import { createSources } from './app/createSources.ts';
import { openPaperCatalog } from './app/openPaperCatalog.ts';
import { ConfigError, loadConfig } from './config/loadConfig.ts';
import { isStale } from './jobs/refreshPapers.ts';
import { JOBS } from './jobs.ts';
import { createLogger } from './logging/createLogger.ts';
import { startJobs } from './scheduler/startJobs.ts';

/**
 * The composition root: configuration is read once here, every part is built here and handed
 * on. Today Paperboy runs its paper ingestion on a schedule; the Discord client joins here next.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`paperboy: ${error.message} (see .env.example)\n`);
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const clock = () => new Date();
  const { store, catalog } = await openPaperCatalog(config.STORE_URL, clock, logger);
  const sources = createSources(config, logger);
  const jobs = startJobs(JOBS, { config, catalog, sources, clock, logger });
  logger.info(
    { store: store.description, papers: catalog.stats().papers, schedule: config.INGEST_SCHEDULE },
    'paperboy started',
  );

  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down: finishing in-flight work');
    await jobs.stop();
    await store.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  // A crash is logged and ends the process (non-zero) after closing the store; the supervisor restarts it.
  const crash = (error: unknown) => {
    logger.fatal({ err: error }, 'unexpected error');
    void shutdown('crash', 1);
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);

  if (isStale(catalog, clock())) await jobs.runNow('refresh-papers');
}

await main();

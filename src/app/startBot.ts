import { type Client, Events } from 'discord.js';
import type { Catalog } from '../catalog/openCatalog.ts';
import type { Config } from '../config/loadConfig.ts';
import { dateIn } from '../discord/BotContext.ts';
import { createDiscordClient } from '../discord/createDiscordClient.ts';
import { handleInteraction } from '../discord/handleInteraction.ts';
import { isStale } from '../jobs/refreshPapers.ts';
import { JOBS } from '../jobs.ts';
import type { Logger } from '../logging/createLogger.ts';
import { startJobs } from '../scheduler/startJobs.ts';
import type { FetchLike } from '../sources/requestWithRetry.ts';
import { createSources } from './createSources.ts';
import { openPaperCatalog } from './openPaperCatalog.ts';

export interface BotDeps {
  config: Config & { DISCORD_TOKEN: string };
  logger: Logger;
  clock?: () => Date;
  /** For the sources; tests pass one that serves fixtures. */
  fetch?: FetchLike;
  /** Skip the IDENTIFY spacing (only against a local server). */
  fastIdentify?: boolean;
  /** Refresh papers at start-up when the store is stale (default true). */
  refreshOnStart?: boolean;
}

export interface RunningBot {
  client: Client;
  catalog: Catalog;
  /** Stops the schedule, lets running work finish, closes the client and the store. */
  stop(): Promise<void>;
}

/**
 * Builds and starts the whole bot: store and catalog, sources, the Discord client with its
 * interaction router, and the scheduled jobs. `src/main.ts` calls it with the real environment;
 * tests call it with the emulator's address.
 */
export async function startBot(deps: BotDeps): Promise<RunningBot> {
  const { config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const { store, catalog } = await openPaperCatalog(config.STORE_URL, clock, logger);
  const sources = createSources(config, logger, deps.fetch);
  const ctx = { config, catalog, logger, clock, today: () => dateIn(config.DEFAULT_TIMEZONE, clock()) };
  const client = createDiscordClient({
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    fastIdentify: deps.fastIdentify ?? false,
  });
  // Interactions being answered: a stop waits for them, so nobody sees "did not respond".
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  client.on(Events.InteractionCreate, (interaction) => {
    if (!accepting) return;
    const answering = handleInteraction(interaction, ctx).finally(() => inFlight.delete(answering));
    inFlight.add(answering);
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.DISCORD_TOKEN);
    await ready;
  } catch (error) {
    await client.destroy();
    await store.close();
    throw error;
  }
  const jobs = startJobs(JOBS, { config, catalog, sources, clock, logger });
  logger.info(
    { store: store.description, papers: catalog.stats().papers, guilds: client.guilds.cache.size },
    'paperboy is online',
  );
  if ((deps.refreshOnStart ?? true) && isStale(catalog, clock())) void jobs.runNow('refresh-papers');
  return {
    client,
    catalog,
    async stop() {
      accepting = false;
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
      await jobs.stop();
      await client.destroy();
      await store.close();
    },
  };
}

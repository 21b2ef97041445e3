import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Client, DefaultRestOptions, Events, type Interaction } from 'discord.js';
import type { Catalog } from '../catalog/openCatalog.ts';
import type { Config } from '../config/loadConfig.ts';
import { createChannelPoster } from '../delivery/createChannelPoster.ts';
import { createDigestService, type DigestService } from '../delivery/createDigestService.ts';
import { dateIn } from '../discord/BotContext.ts';
import { createDiscordClient } from '../discord/createDiscordClient.ts';
import { createInvalidRequestBrake } from '../discord/createInvalidRequestBrake.ts';
import { type CommandOutcome, handleInteraction } from '../discord/handleInteraction.ts';
import { listenForVotes } from '../discord/listenForVotes.ts';
import { ingestDays } from '../jobs/ingestDays.ts';
import { isStale } from '../jobs/refreshPapers.ts';
import { JOBS } from '../jobs.ts';
import type { Logger } from '../logging/createLogger.ts';
import { createMetrics } from '../metrics/createMetrics.ts';
import { type MetricsServer, startMetricsServer } from '../metrics/startMetricsServer.ts';
import { timeStoreTransactions } from '../metrics/timeStoreTransactions.ts';
import { startJobs } from '../scheduler/startJobs.ts';
import type { FetchLike } from '../sources/requestWithRetry.ts';
import type { Store } from '../store/openStore.ts';
import { createVoteService, type VoteService } from '../voting/createVoteService.ts';
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
  /** Run the digest schedule once at start-up: the catch-up after downtime (default true). */
  catchUpOnStart?: boolean;
  /** How often a shard that does not ingest looks for papers another shard stored (default 5 s). */
  syncIntervalMs?: number;
  /** The window DISCORD_INVALID_REQUEST_BUDGET counts in: Discord's 10 minutes, shorter in tests. */
  invalidRequestWindowMs?: number;
}

export interface RunningBot {
  client: Client;
  catalog: Catalog;
  digests: DigestService;
  votes: VoteService;
  store: Store;
  /** Where /healthz and /metrics are served (METRICS_PORT set), e.g. http://127.0.0.1:9464. */
  metricsUrl?: string;
  /** Runs a scheduled job now, as its schedule would (the sandbox's clock control). */
  runJob(name: string): Promise<void>;
  /** Stops the schedule, lets running work finish, closes the client and the store. */
  stop(): Promise<void>;
}

/**
 * Builds and starts the whole bot: store and catalog, sources, the Discord client with its
 * interaction router, the digest service and the scheduled jobs. `src/main.ts` calls it with the
 * real environment; tests call it with the emulator's address.
 */
export async function startBot(deps: BotDeps): Promise<RunningBot> {
  const { config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const metrics = createMetrics();
  const opened = await openPaperCatalog(config.STORE_URL, clock, logger);
  const { store } = opened;
  const storeWrites = timeStoreTransactions(store, metrics);
  // The last successful ingest, for /metrics: every ingest goes through the catalog.
  const catalog: Catalog = {
    ...opened.catalog,
    ingest: (inputs) =>
      opened.catalog.ingest(inputs).then((summary) => {
        metrics.ingested(clock());
        return summary;
      }),
  };
  const sources = createSources(config, logger, deps.fetch);
  const brake = createInvalidRequestBrake({
    budget: config.DISCORD_INVALID_REQUEST_BUDGET,
    ...(deps.invalidRequestWindowMs ? { windowMs: deps.invalidRequestWindowMs } : {}),
    onHold: (info) =>
      logger.warn(
        { ...info, windowS: info.windowMs / 1000 },
        'Discord refused too many requests (401/403/429): holding requests back to stay under its limit',
      ),
  });
  const client = createDiscordClient({
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    fastIdentify: deps.fastIdentify ?? false,
    globalRequestsPerSecond: config.DISCORD_GLOBAL_RATE_LIMIT,
    makeRequest: brake.wrap((url, init) => DefaultRestOptions.makeRequest(url, init)),
  });
  // Under the ShardingManager only shard 0 ingests; the other shards follow the store's papers.
  const ingests = client.shard === null || client.shard.ids.includes(0);
  const poster = createChannelPoster(client, { globalPerSecond: config.DISCORD_GLOBAL_RATE_LIMIT });
  const votes = createVoteService({
    store,
    poster,
    clock,
    logger,
    // Counted once stored: reactions elsewhere and other emoji are not votes.
    onVotesStored: (events) => {
      for (const event of events) metrics.vote(event.kind);
    },
  });
  listenForVotes(client, votes.recorder);
  client.rest.on('rateLimited', () => metrics.rateLimited());
  client.rest.on('response', (_request, response) => {
    // Discord's definition: 401, 403 and 429 count, except 429s of a shared resource limit.
    const shared = response.headers.get('x-ratelimit-scope') === 'shared';
    if (response.status === 401 || response.status === 403 || (response.status === 429 && !shared)) {
      metrics.invalidRequest(response.status);
    }
  });
  const digestService = createDigestService({
    store,
    catalog,
    poster,
    onPaperPosted: (message) => votes.recorder.register(message),
    voteEmoji: (guildId) => votes.emojiFor(guildId),
    votesIn: (guildId) => votes.tally(guildId),
    refresh: (days) =>
      ingests
        ? refreshForDigest(days, { catalog, sources, logger, clock, waitMs: config.DIGEST_REFRESH_WAIT_S * 1000 })
        : catalog.sync().then(
            () => undefined,
            (error: unknown) => logger.warn({ err: error }, 'could not read the papers another shard stored'),
          ),
    clock,
    logger,
    owner: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    claimTtlMs: config.DIGEST_CLAIM_TTL_S * 1000,
    catchUpMs: config.DIGEST_CATCH_UP_HOURS * 3_600_000,
    concurrency: config.DIGEST_CONCURRENCY,
    onPaused: () => metrics.digestPaused(),
  });
  // Digests by status, for /metrics: counted from each scheduled sweep's report.
  const digests: DigestService = {
    ...digestService,
    sweep: () =>
      digestService.sweep().then((report) => {
        metrics.digests(report);
        return report;
      }),
  };
  const ctx = { config, catalog, logger, clock, digests, votes, today: () => dateIn(config.DEFAULT_TIMEZONE, clock()) };
  // Interactions being answered: a stop waits for them, so nobody sees "did not respond".
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  client.on(Events.InteractionCreate, (interaction) => {
    if (!accepting) return;
    const answering = measured(interaction, () => handleInteraction(interaction, ctx), metrics).finally(() =>
      inFlight.delete(answering),
    );
    inFlight.add(answering);
  });
  // GuildDelete is the bot leaving or being removed; an outage is GuildUnavailable instead.
  client.on(Events.GuildDelete, (guild) => {
    digests
      .removeGuild(guild.id)
      .catch((error: unknown) => logger.error({ err: error, guild: guild.id }, 'could not remove digests'));
  });
  client.on(Events.ChannelDelete, (channel) => {
    if (channel.isDMBased()) return;
    digests
      .removeChannel(channel.guildId, channel.id)
      .catch((error: unknown) => logger.error({ err: error, channel: channel.id }, 'could not remove a digest'));
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
  let metricsServer: MetricsServer | undefined;
  if (config.METRICS_PORT !== undefined) {
    const pingKey = 'paperboy:healthz';
    metricsServer = await startMetricsServer({
      host: config.METRICS_HOST,
      port: config.METRICS_PORT,
      metrics,
      probe: {
        discordReady: () => client.isReady() && client.ws.status === 0,
        shards: () => [...client.ws.shards.values()].map((shard) => ({ id: shard.id, up: shard.status === 0 })),
        papers: () => catalog.stats().papers,
        pingStore: async () => {
          await store.keyv('claims').get(pingKey);
          // Reads go on while a full disk or a read-only file refuses every write.
          await storeWrites.check();
        },
      },
    }).catch(async (error: unknown) => {
      await client.destroy();
      await store.close();
      throw error;
    });
    logger.info({ url: metricsServer.url }, 'serving /healthz and /metrics');
  }
  const jobs = startJobs(ingests ? JOBS : JOBS.filter((job) => job.name !== 'refresh-papers'), {
    config,
    catalog,
    sources,
    clock,
    logger,
    digests,
    votes,
  });
  logger.info(
    { store: store.description, papers: catalog.stats().papers, guilds: client.guilds.cache.size },
    'paperboy is online',
  );
  if (ingests && (deps.refreshOnStart ?? true) && isStale(catalog, clock())) void jobs.runNow('refresh-papers');
  // A shard process: commands answer with the papers another shard (or the CLI) stored.
  const following =
    client.shard === null
      ? undefined
      : setInterval(() => {
          catalog.sync().catch((error: unknown) => logger.warn({ err: error }, 'could not read new papers'));
        }, deps.syncIntervalMs ?? 5000);
  following?.unref();
  if (deps.catchUpOnStart ?? true) {
    void jobs.runNow('digests');
    // Votes cast or withdrawn while the bot was offline.
    void jobs.runNow('reconcile-votes');
  }
  return {
    client,
    catalog,
    digests,
    votes,
    store,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    runJob: (name) => jobs.runNow(name),
    async stop() {
      accepting = false;
      clearInterval(following);
      await metricsServer?.close();
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
      // The schedule first (no new pass starts), then the passes running, with a grace each.
      await jobs.stop();
      await digests.stop();
      // A failing store must not hold the shutdown: what is left is logged, the next start reconciles it.
      await votes.recorder.close(5000);
      await client.destroy();
      await store.close();
    },
  };
}

/** Answers one interaction, counting slash commands by name and outcome, and timing them. */
async function measured(
  interaction: Interaction,
  answer: () => Promise<CommandOutcome | undefined>,
  metrics: ReturnType<typeof createMetrics>,
): Promise<void> {
  if (!interaction.isChatInputCommand()) {
    await answer();
    return;
  }
  const started = process.hrtime.bigint();
  const name = interaction.commandName;
  let outcome: CommandOutcome = 'error';
  try {
    outcome = (await answer()) ?? 'ok';
  } finally {
    metrics.command(name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/**
 * Before a digest is composed, its days' Daily Papers are fetched again (lists grow during the
 * day). Days not yet begun in UTC are left out; a slow or failing source never holds a digest
 * for more than `waitMs` (`DIGEST_REFRESH_WAIT_S`): it is composed from the cache, the operator is
 * told in the log, and the refresh finishes on its own.
 */
async function refreshForDigest(
  days: readonly string[],
  deps: Pick<Parameters<typeof ingestDays>[1], 'catalog' | 'logger'> & {
    sources: ReturnType<typeof createSources>;
    clock: () => Date;
    waitMs: number;
  },
): Promise<void> {
  const utcToday = deps.clock().toISOString().slice(0, 10);
  const wanted = days.filter((d) => d <= utcToday);
  if (wanted.length === 0) return;
  const refreshing = ingestDays(wanted, { catalog: deps.catalog, fetchDay: deps.sources.fetchDay, logger: deps.logger })
    .then((report) => {
      if (report.failed.length > 0) {
        deps.logger.warn(
          { failed: report.failed },
          'daily papers refresh before a digest failed: composing from the cache',
        );
      }
    })
    .catch((error: unknown) => deps.logger.error({ err: error }, 'daily papers refresh before a digest failed'));
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    refreshing.then(() => 'refreshed' as const),
    new Promise<'waited'>((resolve) => (timer = setTimeout(() => resolve('waited'), deps.waitMs))),
  ]);
  clearTimeout(timer);
  if (waited === 'waited') {
    deps.logger.warn(
      { days: wanted, waitedMs: deps.waitMs },
      'daily papers did not answer in time before a digest: composing from the cache',
    );
  }
}

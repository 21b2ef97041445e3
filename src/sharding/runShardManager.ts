import { ShardingManager } from 'discord.js';
import type { Logger } from '../logging/createLogger.ts';

export interface ShardManagerOptions {
  /** The entry point each shard runs (`src/main.ts`). */
  file: string;
  token: string;
  /** `auto` asks `${apiUrl}/v10/gateway/bot` for Discord's recommended count. */
  shards: 'auto' | number;
  /** REST base, as DISCORD_API_URL (default Discord's). */
  apiUrl?: string;
  logger: Logger;
  /** Wait between two shards' starts (default 5.5 s, discord.js's: IDENTIFYs are rate limited). */
  spawnDelayMs?: number;
  fetch?: typeof fetch;
}

export interface RunningShardManager {
  manager: ShardingManager;
  totalShards: number;
  /** Stops every shard (SIGTERM: each finishes its in-flight work) and waits for them to exit. */
  stop(): Promise<void>;
}

/**
 * The shard count Discord recommends, from the configured API: discord.js's own `'auto'` always
 * asks discord.com, which is wrong behind a custom DISCORD_API_URL.
 */
export async function recommendedShards(
  token: string,
  apiUrl = 'https://discord.com/api',
  fetchImpl: typeof fetch = fetch,
): Promise<number> {
  const response = await fetchImpl(`${apiUrl.replace(/\/+$/, '')}/v10/gateway/bot`, {
    headers: { authorization: `Bot ${token}` },
  });
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}`);
  const body = (await response.json()) as { shards?: unknown };
  if (typeof body.shards !== 'number' || !Number.isInteger(body.shards) || body.shards < 1)
    throw new Error('GET /gateway/bot did not say how many shards to run');
  return body.shards;
}

/**
 * Runs discord.js's ShardingManager in process mode: one child process per shard, each the normal
 * bot (`file`, run through tsx), respawned when it dies. discord.js gives each child SHARDS (its
 * id) and SHARD_COUNT; its Client reads them.
 */
export async function runShardManager(options: ShardManagerOptions): Promise<RunningShardManager> {
  const { logger } = options;
  const totalShards =
    options.shards === 'auto' ? await recommendedShards(options.token, options.apiUrl, options.fetch) : options.shards;
  const manager = new ShardingManager(options.file, {
    mode: 'process',
    totalShards,
    token: options.token,
    respawn: true,
    execArgv: ['--import', 'tsx'],
  });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, totalShards }, 'shard started');
    shard.on('death', () => logger.warn({ shard: shard.id }, 'shard process exited; restarting it'));
  });
  await manager.spawn({ amount: totalShards, delay: options.spawnDelayMs ?? 5500, timeout: 120_000 });
  logger.info({ totalShards }, 'every shard is online');
  return {
    manager,
    totalShards,
    async stop() {
      manager.respawn = false;
      const exits = [...manager.shards.values()].map(
        (shard) =>
          new Promise<void>((resolve) => {
            const child = shard.process;
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      );
      await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    },
  };
}

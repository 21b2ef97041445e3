import { fileURLToPath } from 'node:url';
import { connectSandboxControl } from './app/connectSandboxControl.ts';
import { startBot } from './app/startBot.ts';
import { exitWithUsage, readConfigOrExit } from './config/readConfigOrExit.ts';
import { createLogger } from './logging/createLogger.ts';
import { runShardManager } from './sharding/runShardManager.ts';
import { StoreUrlError } from './store/openStore.ts';

/**
 * The process edge: reads the environment once, starts the bot, and turns signals and crashes
 * into an orderly stop. Everything else is built in `startBot`.
 */
const fail: (message: string) => never = (message) => exitWithUsage('paperboy', message);
const config = readConfigOrExit('paperboy');
const token = config.DISCORD_TOKEN;
if (!token) {
  fail(
    'set DISCORD_TOKEN to your bot token (see .env.example and the README); to try Paperboy without a Discord account, run npm run sandbox; to search papers without Discord, npm run cli',
  );
}
const logger = createLogger(config.LOG_LEVEL);
// SHARDS set (never in a shard process: loadConfig drops discord.js's own SHARDS there): this
// process is the ShardingManager, and every shard is this file again, as a normal bot.
if (config.SHARDS !== undefined) {
  const loopback = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(config.DISCORD_API_URL ?? '');
  const sharded = await runShardManager({
    file: fileURLToPath(import.meta.url),
    token,
    shards: config.SHARDS,
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    logger,
    // Against a local server (the emulator) IDENTIFYs are not rate limited.
    ...(loopback ? { spawnDelayMs: 200 } : {}),
  }).catch((error: unknown) => {
    logger.fatal({ err: error }, 'could not start the shards');
    process.exit(1);
  });
  const stop = (reason: string) => {
    logger.info({ reason }, 'stopping every shard');
    void sharded.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} else {
  await runBot();
}

async function runBot(): Promise<void> {
  // Under `npm run sandbox` the sandbox moves the clock and runs jobs; loadConfig refuses this unless
  // DISCORD_API_URL is on loopback, so a bot talking to Discord always runs on the real clock.
  const sandbox = config.SANDBOX_CLOCK === 'ipc' ? await connectSandboxControl(process) : undefined;

  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot({
      config: { ...config, DISCORD_TOKEN: token as string },
      logger,
      ...(sandbox ? { clock: sandbox.clock, fastIdentify: true } : {}),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'TokenInvalid')
      fail('Discord rejected DISCORD_TOKEN: copy the bot token again from the developer portal');
    if (error instanceof StoreUrlError) fail(error.message);
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  }

  let stopping = false;
  async function shutdown(reason: string, code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down: finishing in-flight work');
    await bot.stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    process.exit(code);
  }
  sandbox?.serve(bot, () => void shutdown('the sandbox closed', 0));
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  // No anti-crash handler: log, close the client and the store, exit non-zero, let the supervisor restart.
  const crash = (error: unknown) => {
    logger.fatal({ err: error }, 'unexpected error');
    void shutdown('crash', 1);
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
}

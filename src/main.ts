import { startBot } from './app/startBot.ts';
import { exitWithUsage, readConfigOrExit } from './config/readConfigOrExit.ts';
import { createLogger } from './logging/createLogger.ts';

/**
 * The process edge: reads the environment once, starts the bot, and turns signals and crashes
 * into an orderly stop. Everything else is built in `startBot`.
 */
const fail: (message: string) => never = (message) => exitWithUsage('paperboy', message);
const config = readConfigOrExit('paperboy');
const token = config.DISCORD_TOKEN;
if (!token) {
  fail(
    'set DISCORD_TOKEN to your bot token (see .env.example and the README), or search papers without Discord with the CLI: npm run cli',
  );
}
const logger = createLogger(config.LOG_LEVEL);

let bot: Awaited<ReturnType<typeof startBot>>;
try {
  bot = await startBot({ config: { ...config, DISCORD_TOKEN: token }, logger });
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'TokenInvalid')
    fail('Discord rejected DISCORD_TOKEN: copy the bot token again from the developer portal');
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
process.once('SIGINT', () => void shutdown('SIGINT', 0));
process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
// No anti-crash handler: log, close the client and the store, exit non-zero, let the supervisor restart.
const crash = (error: unknown) => {
  logger.fatal({ err: error }, 'unexpected error');
  void shutdown('crash', 1);
};
process.once('uncaughtException', crash);
process.once('unhandledRejection', crash);

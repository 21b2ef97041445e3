import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { createSources, type Sources } from '../app/createSources.ts';
import { openPaperCatalog } from '../app/openPaperCatalog.ts';
import { ConfigError, loadConfig } from '../config/loadConfig.ts';
import { createLogger, type Logger } from '../logging/createLogger.ts';
import type { FetchLike } from '../sources/requestWithRetry.ts';
import { SourceFormatError } from '../sources/SourceError.ts';
import { StoreUrlError } from '../store/openStore.ts';
import type { CliContext } from './commands/CliCommand.ts';
import { CLI_COMMANDS } from './commands/index.ts';
import { migrateStore } from './commands/migrateStore.ts';
import { runDoctor } from './commands/runDoctor.ts';
import { parseCliArgs, UsageError } from './parseCliArgs.ts';
import { readCappedFile } from './readCappedFile.ts';

/** The process edges the CLI touches, so tests can pass their own. */
export interface CliIO {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  clock: () => Date;
  fetch?: FetchLike;
  logger?: Logger;
}

/**
 * Files larger than this are refused before reading. Far above any day's or feed's papers, and
 * just above the benchmark's 100,000-paper import file (~193 MB), which is a supported use.
 */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

/**
 * Runs one CLI command and returns its exit code: 0 done, 2 bad input (one line on stderr,
 * store unchanged), 1 anything else (logged with a reference).
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`paperboy: ${message.replaceAll('\n', '\n  ')}\n`);
  };
  let logger = io.logger;
  try {
    const args = parseCliArgs(argv);
    const env = args.db ? { ...io.env, STORE_URL: toStoreUrl(args.db) } : io.env;
    if (args.command === 'doctor') return await runDoctor({ ...io, env });
    if (args.command === 'migrate')
      return await migrateStore(toStoreUrl(args.from as string, '--from'), toStoreUrl(args.to as string, '--to'), {
        out: io.stdout,
        progress: (total, label) => progressBar(io.stderr, total, label),
      });
    const config = loadConfig(env);
    logger ??= createLogger(config.LOG_LEVEL);
    // One command, then exit: nothing to keep ready for later requests.
    const { store, catalog } = await openPaperCatalog(config.STORE_URL, io.clock, logger, { warm: false });
    let sources: Sources | undefined;
    const ctx: CliContext = {
      catalog,
      sources: () => {
        sources ??= createSources(config, logger as Logger, io.fetch);
        return sources;
      },
      clock: io.clock,
      logger,
      out: io.stdout,
      progress: (total, label) => progressBar(io.stderr, total, label),
      readFile: (path) => readCappedFile(path, MAX_FILE_BYTES),
    };
    try {
      return await CLI_COMMANDS[args.command](args, ctx);
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof StoreUrlError) {
      fail(error.message);
      return 2;
    }
    if (error instanceof SourceFormatError) {
      fail(`${error.source ?? 'input'}: ${error.message}`);
      return 2;
    }
    const ref = randomBytes(3).toString('hex');
    (logger ?? createLogger()).error({ err: error, ref }, 'command failed');
    fail(`unexpected error (ref ${ref}); the log on stderr has the details`);
    return 1;
  }
}

/** `--db` takes a path or a store URL; a path's folder must exist (a typo should not create a store). */
function toStoreUrl(db: string, flag = '--db'): string {
  if (/^[a-z]+:\/\//.test(db)) return db;
  if (!existsSync(dirname(resolve(db)))) throw new UsageError(`${flag}: the folder of ${db} does not exist`);
  return `sqlite://${db}`;
}

function progressBar(stream: CliIO['stderr'], total: number, label: string) {
  if (!stream.isTTY || total < 2) return { tick: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `{bar} {value}/{total} ${label} | {detail}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { detail: '' });
  return { tick: (detail: string) => bar.increment(1, { detail }), stop: () => bar.stop() };
}

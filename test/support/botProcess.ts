import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { REPO_ROOT } from './runScript.ts';

/** A bot running as `npm start` runs it: a real process, so a kill -9 loses what only it held. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** Everything it logged so far (pino's JSON lines on stderr), to wait for a line or explain a failure. */
  log(): string;
  /** Sends `signal` and resolves once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

const running: ChildProcess[] = [];
// Each test stops its own bots; what a failed one left running is killed when the file is done
// (not after each test: tests of a file may run side by side, each with its bots).
afterAll(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/**
 * Starts `node --import tsx src/main.ts` from the repository root with a minimal environment plus
 * `env` (LOG_LEVEL defaults to warn). Its log is read as it comes: an unread pipe would fill up
 * and block the bot's synchronous logger.
 */
export function startBotProcess(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.push(child);
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    log: () => log,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

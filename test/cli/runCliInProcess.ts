import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/runCli.ts';
import { createSilentLogger } from '../../src/logging/createLogger.ts';
import { runScript } from '../support/runScript.ts';

/** What one CLI run left behind: the exit code and everything it wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const FIXED_NOW = () => new Date('2026-08-20T09:00:00Z');

/** Runs one command line in this process the way `main.ts` runs it: a fresh `runCli`, its output kept. */
export async function runCliLine(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  let err = '';
  const stderr = new Writable({
    write(chunk, _encoding, done) {
      err += String(chunk);
      done();
    },
  });
  const code = await runCli([...argv], {
    env,
    stdout: (text) => {
      out.push(`${text}\n`);
    },
    stderr,
    clock: FIXED_NOW,
    logger: createSilentLogger(),
  });
  return { code, stdout: out.join(''), stderr: err };
}

/**
 * A CLI bound to one store file and environment: each call is a fresh `runCli` that opens the
 * store, runs one command and closes it.
 */
export function cliOn(db: string, env: NodeJS.ProcessEnv = {}): (...argv: string[]) => Promise<CliRun> {
  return (...argv) => runCliLine([...argv, '--db', db], env);
}

/** Runs `node --import tsx src/cli/main.ts ...` as a real process from the repository root. */
export function spawnCli(argv: readonly string[]): Promise<CliRun> {
  return runScript('src/cli/main.ts', argv);
}

/** The lines of a stream's text; a trailing newline does not make an extra empty line. */
export function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a process left behind: its exit code and everything it wrote. */
export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The repository root, where the entry points live. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs a TypeScript entry point (`src/cli/main.ts`, `src/main.ts`, …) as a real process from the
 * repository root, with a minimal environment plus `env`: nothing from the test runner leaks in.
 */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === null) reject(new Error(`${script} ended by ${signal}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxCommand, SandboxReply } from '../app/connectSandboxControl.ts';

/** The repository root: where `src/main.ts` and `src/register.ts` are run from. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Loaded before the entry point in every child: no socket leaves loopback. */
const GUARD = fileURLToPath(new URL('./guardLoopback.ts', import.meta.url));

/** One line of the bot's JSON log, as much as the sandbox reads of it. */
export interface BotLogLine {
  level: number;
  msg: string;
  time?: number;
  [key: string]: unknown;
}

/** The bot running as its own process, the way production runs it (`npm start`: `tsx src/main.ts`). */
export interface BotProcess {
  /** Resolves when the bot is online (logged in, commands answered), rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** Its process id (undefined if it could not be started): the soak reads its memory from /proc. */
  readonly pid: number | undefined;
  setClock(at: Date): Promise<void>;
  runJob(name: string): Promise<void>;
  /** SIGTERM, as a supervisor stops it: the bot finishes what it is doing and closes its store. */
  stop(): Promise<void>;
}

/** Options of `spawnBot`: its environment (the bot's variables) and where its log lines go. */
export interface SpawnBotOptions {
  env: Record<string, string>;
  start: Date;
  onLog?: (line: BotLogLine | string) => void;
}

/** Runs a TypeScript entry point of the repository with the loopback guard, in a minimal environment. */
export function spawnEntry(script: string, args: readonly string[], env: Record<string, string>, ipc: boolean) {
  return spawn(process.execPath, ['--import', 'tsx', '--import', GUARD, script, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * What `npm start` puts in the bot's environment (package.json): glibc's malloc keeps at most two
 * arenas. With its default (up to 8 per core, one per thread that allocates: sqlite3's queries run on
 * libuv's pool) the freed memory of each stays resident, and RSS crept up ~2 MB a minute in the soak.
 */
const START_ENV = { MALLOC_ARENA_MAX: '2' };

/**
 * Starts `src/main.ts` as `npm start` does, with `SANDBOX_CLOCK=ipc`, and sends it the sandbox's time
 * before anything else; the bot says `ready` once it is online.
 */
export function spawnBot(options: SpawnBotOptions): BotProcess {
  const child = spawnEntry('src/main.ts', [], { ...START_ENV, ...options.env, SANDBOX_CLOCK: 'ipc' }, true);
  forwardLines(child, options.onLog);
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (raw) => {
      const reply = raw as SandboxReply;
      if (reply.type === 'ready') resolve();
      if (reply.type === 'done') {
        const waiting = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.error) waiting?.reject(new Error(reply.error));
        else waiting?.resolve();
      }
    });
    void exited.then((code) => {
      reject(new Error(`the bot stopped before it was online (exit code ${code})`));
      for (const waiting of pending.values()) waiting.reject(new Error('the bot stopped'));
      pending.clear();
    });
  });
  ready.catch(() => {});
  type Command = { type: 'clock'; at: number } | { type: 'run-job'; name: string };
  const send = (command: Command) =>
    new Promise<void>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      if (!child.connected || !child.send({ ...command, id } satisfies SandboxCommand)) {
        pending.delete(id);
        reject(new Error('the bot is not running'));
      }
    });
  void send({ type: 'clock', at: options.start.getTime() }).catch(() => {});
  return {
    ready,
    exited,
    pid: child.pid,
    setClock: (at) => send({ type: 'clock', at: at.getTime() }),
    runJob: (name) => send({ type: 'run-job', name }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Passes each line of the child's stdout and stderr on, parsed when it is a JSON log line. */
function forwardLines(child: ChildProcess, onLog: SpawnBotOptions['onLog']): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLog?.(parseLine(line));
    });
  }
}

function parseLine(line: string): BotLogLine | string {
  try {
    const parsed = JSON.parse(line) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'msg' in parsed && 'level' in parsed) {
      return parsed as BotLogLine;
    }
  } catch {
    // Not a log line (a stack trace, a warning from Node): passed on as text.
  }
  return line;
}

/** Runs `src/register.ts --guild <id>`: the bot's commands, registered as an operator would. */
export function registerCommands(env: Record<string, string>, guildId: string): Promise<void> {
  const child = spawnEntry('src/register.ts', ['--guild', guildId], env, false);
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.setEncoding('utf8').on('data', (c: string) => (output += c));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run register failed (${code}): ${output.trim()}`)),
    );
  });
}

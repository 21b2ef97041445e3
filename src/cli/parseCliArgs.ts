import { parseArgs } from 'node:util';
import { isoDay } from '../papers/paper.ts';

export const COMMANDS = [
  'import',
  'ingest',
  'today',
  'topic',
  'search',
  'show',
  'topics',
  'doctor',
  'migrate',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** A command line that cannot run as written: one line for the user, exit code 2. */
export class UsageError extends Error {}

export interface CliArgs {
  command: CommandName;
  args: string[];
  json: boolean;
  limit: number | undefined;
  db: string | undefined;
  date: string | undefined;
  from: string | undefined;
  to: string | undefined;
}

export const USAGE = `usage: paperboy <command> [options]
  import <file...>           add papers from HF daily_papers JSON, arXiv Atom XML or a JSON array
  ingest [--from D --to D]   fetch Daily Papers (default: today and the 2 days before)
  today [--date D]           a day's papers, best first
  topic <slug>               papers on a topic (see: topics)
  search <text>              free-text search
  show <id|url>              one paper
  topics                     the known topics with paper counts
  doctor                     check the token, the store, the sources and the bot's channel permissions
  migrate --from S --to S    copy every record of store S (path or URL) into an empty store, counts verified
options: --json  --limit N  --db <path|url>`;

const ARITY: Record<CommandName, [min: number, max: number]> = {
  import: [1, Number.POSITIVE_INFINITY],
  ingest: [0, 0],
  today: [0, 0],
  topic: [1, 1],
  search: [1, Number.POSITIVE_INFINITY],
  show: [1, 1],
  topics: [0, 0],
  doctor: [0, 0],
  migrate: [0, 0],
};

/** Reads a command line; every problem is a UsageError naming the argument. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const [name, ...args] = parsed.positionals;
  if (name === undefined) throw new UsageError(`no command given (commands: ${COMMANDS.join(', ')}; see the README)`);
  if (!(COMMANDS as readonly string[]).includes(name)) {
    throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.join(', ')})`);
  }
  const command = name as CommandName;
  const [min, max] = ARITY[command];
  if (args.length < min)
    throw new UsageError(
      `${command}: missing argument (${USAGE.split('\n')
        .find((l) => l.trim().startsWith(command))
        ?.trim()})`,
    );
  if (args.length > max) throw new UsageError(`${command}: unexpected argument "${args[max]}"`);
  const v = parsed.values;
  if (command === 'migrate') {
    if (v.from === undefined || v.to === undefined)
      throw new UsageError('migrate: needs --from <path|url> and --to <path|url>');
    if (v.db !== undefined) throw new UsageError('migrate: takes --from and --to, not --db');
    return {
      command,
      args,
      json: v.json === true,
      limit: undefined,
      db: undefined,
      date: undefined,
      from: v.from,
      to: v.to,
    };
  }
  for (const flag of ['date', 'from', 'to'] as const) {
    const value = v[flag];
    if (value !== undefined && !isoDay.safeParse(value).success) {
      throw new UsageError(`--${flag}: "${value}" is not a date as YYYY-MM-DD`);
    }
  }
  if (v.date !== undefined && command !== 'today') throw new UsageError('--date only goes with today');
  if ((v.from !== undefined || v.to !== undefined) && command !== 'ingest')
    throw new UsageError('--from/--to only go with ingest');
  if (v.from !== undefined && v.to !== undefined && v.from > v.to)
    throw new UsageError(`--from ${v.from} is after --to ${v.to}`);
  let limit: number | undefined;
  if (v.limit !== undefined) {
    limit = Number(v.limit);
    if (!/^\d+$/.test(v.limit) || limit < 1 || limit > 1000)
      throw new UsageError(`--limit: "${v.limit}" is not a whole number from 1 to 1000`);
  }
  return { command, args, json: v.json === true, limit, db: v.db, date: v.date, from: v.from, to: v.to };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      limit: { type: 'string' },
      db: { type: 'string' },
      date: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
}

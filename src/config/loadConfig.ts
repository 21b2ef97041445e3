import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';

const configSchema = z.object({
  /** The bot's token from the Discord developer portal. Checked where it is needed (start, register). */
  DISCORD_TOKEN: z.string().min(20, 'looks too short to be a bot token').optional(),
  /** REST base of Discord or a Discord-compatible server, e.g. http://127.0.0.1:PORT/api. Default: Discord. */
  DISCORD_API_URL: z.string().url().optional(),
  STORE_URL: z
    .string()
    .regex(
      /^(sqlite:\/\/.+|memory:\/\/|rediss?:\/\/([^@/?#\s]+@)?[^@/?#\s:]+(:\d+)?(\/\d*)?(\?prefix=[\w.-]*)?)$/,
      'must be sqlite://<path>, redis://[user:pass@]host:port[/db] or memory://',
    )
    .default('sqlite://data/paperboy.sqlite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HF_API_URL: z.string().url().default('https://huggingface.co'),
  ARXIV_API_URL: z.string().url().default('http://export.arxiv.org'),
  /** arXiv category feeds to ingest besides Daily Papers, comma-separated (e.g. cs.LG,cs.CL). */
  ARXIV_CATEGORIES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, 'expected arXiv categories like cs.LG,cs.CL'))),
  /** When the bot refreshes Daily Papers (cron, in INGEST_TIMEZONE): every 30 min while HF publishes. */
  INGEST_SCHEDULE: z
    .string()
    .default('*/30 5-21 * * *')
    .refine((s) => isCronExpression(s), 'must be a cron expression such as */30 5-21 * * *'),
  INGEST_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'must be an IANA timezone such as Europe/Berlin'),
  HTTP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  HTTP_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  DEFAULT_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'must be an IANA timezone such as Europe/Berlin'),
  /** A digest missed (the bot was down) is still posted, marked late, within this many hours; later it is skipped. */
  DIGEST_CATCH_UP_HOURS: z.coerce.number().min(0).max(23).default(6),
  /** How long a process's claim on a channel's digest lasts without renewal (a dead process's claim expires). */
  DIGEST_CLAIM_TTL_S: z.coerce.number().int().min(2).max(3600).default(120),
  /** How many channels a digest round posts to at once (Discord's rate limits are kept either way). */
  DIGEST_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** The longest a digest waits for its Daily Papers refresh; then it is composed from the cache. */
  DIGEST_REFRESH_WAIT_S: z.coerce.number().int().min(1).max(600).default(60),
  /** Requests per second Discord allows this bot across all routes: 50 unless Discord raised it for you. */
  DISCORD_GLOBAL_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(50),
  /**
   * The most refused requests (401, 403, 429) this process lets Discord answer in 10 minutes before
   * it holds requests back. Discord bans an IP at 10,000; half leaves room for other processes on
   * the same address (with several shards or bots on one IP, share 9,000 between them).
   */
  DISCORD_INVALID_REQUEST_BUDGET: z.coerce.number().int().min(1).max(10_000).default(5000),
  /** Port of GET /healthz and GET /metrics (Prometheus); unset: no server. 0 picks a free port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Address the metrics server binds to: loopback unless you put it behind something. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * `ipc`: `npm run sandbox` drives the bot's clock and runs its jobs over Node's IPC channel.
   * Honoured only against a loopback DISCORD_API_URL (the local emulator), never against Discord.
   */
  SANDBOX_CLOCK: z.enum(['ipc']).optional(),
  /**
   * `auto` or a count: run discord.js's ShardingManager, one process per shard (see README, Scaling
   * out). Unset: one process. Ignored in a shard process, where discord.js sets SHARDS itself.
   */
  SHARDS: z
    .string()
    .regex(/^(auto|[1-9]\d*)$/, 'must be auto or a number of shards such as 4')
    .transform((s) => (s === 'auto' ? ('auto' as const) : Number(s)))
    .optional(),
});

export type Config = z.infer<typeof configSchema>;

function isLoopbackUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  const host = new URL(url).hostname;
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host === 'localhost';
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Whether this process is a shard the ShardingManager spawned (discord.js sets SHARD_COUNT for it). */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARD_COUNT !== undefined && env.SHARD_COUNT !== '';
}

/** A configuration problem, named by variable, for a one-line message at start-up. */
export class ConfigError extends Error {}

/** Reads and checks the configuration once, at start-up. Empty variables count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // A shard process started by the ShardingManager: discord.js's SHARDS (the shard ids) is not ours.
  if (isShardProcess(env)) delete present.SHARDS;
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.') ?? 'config'}: ${issue?.message ?? 'invalid'}`);
  }
  if (parsed.data.SANDBOX_CLOCK !== undefined && !isLoopbackUrl(parsed.data.DISCORD_API_URL)) {
    throw new ConfigError('SANDBOX_CLOCK: only with a DISCORD_API_URL on 127.0.0.1 (the sandbox emulator)');
  }
  return parsed.data;
}

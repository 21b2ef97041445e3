import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StoreFaultKind } from '../store/StoreUnavailableError.ts';

/** How a command ended: answered, refused with an explanation (bad input), or failed on our side. */
export type CommandOutcome = 'ok' | 'user_error' | 'error';

/** The counts a digest sweep reports (`SweepReport` without its claim hint). */
export type DigestCounts = Partial<
  Record<'delivered' | 'empty' | 'skipped' | 'failed' | 'retrying' | 'stopped', number>
>;

/** What a scrape reads from the running bot: gateway shards, the store, the catalog. */
export interface MetricsProbe {
  /** Each shard's id and whether it is connected and ready. */
  shards(): Array<{ id: number; up: boolean }>;
  /** Papers in the catalog. */
  papers(): number;
  /** One cheap store read; resolves when the store answered. */
  pingStore(): Promise<void>;
}

/** The bot's metrics: its own registry (never prom-client's global one) and typed recorders. */
export interface Metrics {
  readonly registry: Registry;
  command(name: string, outcome: CommandOutcome, seconds: number): void;
  digests(counts: DigestCounts): void;
  /** A digest was paused (lost permissions or channel, or three failed days in a row). */
  digestPaused(): void;
  /** One store transaction, from asking for it (the wait for the single writer included) to its commit. */
  storeTransaction(namespace: string, ok: boolean, seconds: number): void;
  /** A store operation failed because of the store itself: its disk full, read-only, failing, or Redis gone. */
  storeError(kind: StoreFaultKind): void;
  vote(kind: string): void;
  rateLimited(): void;
  invalidRequest(status: number): void;
  ingested(at: Date): void;
  /** Reads gateway, store and catalog into their gauges: called on every scrape. */
  collect(probe: MetricsProbe): Promise<void>;
}

/** Every time series Paperboy exports, named `paperboy_*`. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const commands = new Counter({
    name: 'paperboy_commands_total',
    help: 'Slash commands handled, by command and outcome (ok; user_error: refused with an explanation; error: failed on our side)',
    labelNames: ['command', 'outcome'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'paperboy_command_duration_seconds',
    help: 'Time from receiving a slash command to its answer',
    labelNames: ['command'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const digests = new Counter({
    name: 'paperboy_digests_total',
    help: 'Scheduled digests settled by the sweep, by status (delivered, empty, skipped, failed, retrying, stopped)',
    labelNames: ['status'] as const,
    registers,
  });
  const paused = new Counter({
    name: 'paperboy_digests_paused_total',
    help: 'Digests paused: the bot lost its permissions or the channel, or a digest failed three days in a row',
    registers,
  });
  const transactions = new Histogram({
    name: 'paperboy_store_transaction_seconds',
    help: 'Store transactions by namespace and outcome (ok, error), from asking to commit: the wait for the writer included',
    labelNames: ['namespace', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers,
  });
  const storeErrors = new Counter({
    name: 'paperboy_store_errors_total',
    help: 'Store transactions that failed because of the store, by kind: disk_full, read_only, io_error, unreachable (Redis)',
    labelNames: ['kind'] as const,
    registers,
  });
  const votes = new Counter({
    name: 'paperboy_votes_recorded_total',
    help: 'Vote events stored (under paper messages, with their vote emoji), by kind: add, remove, clear, forget, set (a reconciliation)',
    labelNames: ['kind'] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: 'paperboy_discord_rate_limited_total',
    help: 'Discord REST requests held back by a rate limit (discord.js rateLimited events)',
    registers,
  });
  const invalid = new Counter({
    name: 'paperboy_discord_invalid_requests_total',
    help: 'Discord REST responses with status 401, 403 or 429, shared-limit 429s left out as Discord does (a ban at 10,000 per 10 minutes)',
    labelNames: ['status'] as const,
    registers,
  });
  const gatewayUp = new Gauge({
    name: 'paperboy_gateway_up',
    help: '1 while the gateway shard is connected and ready, else 0',
    labelNames: ['shard'] as const,
    registers,
  });
  const storeLatency = new Gauge({
    name: 'paperboy_store_latency_seconds',
    help: 'Duration of one store read, timed at scrape (-1 when the read failed)',
    registers,
  });
  const lastIngest = new Gauge({
    name: 'paperboy_last_ingest_timestamp_seconds',
    help: 'Unix time of the last successful paper ingest (0: none since start)',
    registers,
  });
  const papers = new Gauge({ name: 'paperboy_papers', help: 'Papers in the catalog', registers });
  new Gauge({
    name: 'paperboy_process_memory_bytes',
    help: "The bot process's memory, read at scrape: rss (resident), heap_used and heap_total (JavaScript heap), external (C++ objects tied to JavaScript ones), array_buffers (Buffers)",
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const usage = process.memoryUsage();
      this.set({ kind: 'rss' }, usage.rss);
      this.set({ kind: 'heap_used' }, usage.heapUsed);
      this.set({ kind: 'heap_total' }, usage.heapTotal);
      this.set({ kind: 'external' }, usage.external);
      this.set({ kind: 'array_buffers' }, usage.arrayBuffers);
    },
  });
  lastIngest.set(0);
  rateLimited.inc(0);
  paused.inc(0);
  votes.inc({ kind: 'add' }, 0);
  for (const kind of ['disk_full', 'read_only', 'io_error', 'unreachable'] as const) storeErrors.inc({ kind }, 0);

  return {
    registry,
    command(name, outcome, seconds) {
      commands.inc({ command: name, outcome });
      duration.observe({ command: name }, seconds);
    },
    digests(counts) {
      for (const [status, n] of Object.entries(counts)) if (n && n > 0) digests.inc({ status }, n);
    },
    digestPaused: () => paused.inc(),
    storeTransaction: (namespace, ok, seconds) =>
      transactions.observe({ namespace, outcome: ok ? 'ok' : 'error' }, seconds),
    storeError: (kind) => storeErrors.inc({ kind }),
    vote: (kind) => votes.inc({ kind }),
    rateLimited: () => rateLimited.inc(),
    invalidRequest: (status) => invalid.inc({ status: String(status) }),
    ingested: (at) => lastIngest.set(at.getTime() / 1000),
    async collect(probe) {
      for (const shard of probe.shards()) gatewayUp.set({ shard: String(shard.id) }, shard.up ? 1 : 0);
      papers.set(probe.papers());
      const started = process.hrtime.bigint();
      try {
        await probe.pingStore();
        storeLatency.set(Number(process.hrtime.bigint() - started) / 1e9);
      } catch {
        storeLatency.set(-1);
      }
    },
  };
}

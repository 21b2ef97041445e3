/**
 * `npx tsx bench/soak.ts [--minutes 10] [--store sqlite|redis]`: the real bot (`src/main.ts`, in a
 * process of its own) against the local Discord API emulator and a local Daily Papers server, all on
 * 127.0.0.1, under mixed traffic: slash commands, page buttons and autocomplete at a steady rate,
 * members voting under the bot's posts, and a simulated day every `--day-seconds` (the bot's clock
 * jumps a day, ingests it, and every server's digest falls due). The bot's RSS is read from /proc
 * every 5 s, and every 30 s just after a full GC in the bot (what it keeps, without the saw-tooth of
 * garbage V8 has yet to collect). Exits non-zero if that retained memory grows after warm-up by more
 * than 10 %, the bot logs an error, an interaction goes unanswered or a digest is posted twice.
 * Table on stdout, progress and logs on stderr, the result as JSON in bench/out/soak.json (`--out`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { pino } from 'pino';
import { Permission } from '../src/emulator/permissions.ts';
import { type Emulator, startEmulator } from '../src/emulator/startEmulator.ts';
import { refuseNonLoopback } from '../src/net/refuseNonLoopback.ts';
import { createSandboxClock } from '../src/sandbox/createSandboxClock.ts';
import { REPO_ROOT, spawnBot } from '../src/sandbox/spawnBot.ts';
import { NAMESPACES, openStore } from '../src/store/openStore.ts';
import { serveSoakDays } from './serveSoakDays.ts';
import {
  countDigests,
  createLogCounter,
  formatTable,
  percentile,
  type RssSample,
  summarizeMemory,
} from './soakReport.ts';
import { answeredAfterDeferral, digestSetCommand, type SoakServer, startTraffic } from './soakTraffic.ts';

refuseNonLoopback((host) => `soak: refusing a connection to ${host} (the soak stays on this machine)`);

const USAGE =
  'usage: npm run soak -- [--minutes 10] [--store sqlite|redis] [--servers N] [--members N] [--commands-per-s N] [--reactions-per-s N] [--day-seconds N] [--warmup 0.2] [--out FILE] [--bot-env KEY=VALUE]';

/** Bad arguments: one line and exit 2, never a stack trace. */
function refuse(problem: string): never {
  process.stderr.write(`soak: ${problem} (${USAGE})\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        minutes: { type: 'string', default: '10' },
        store: { type: 'string', default: 'sqlite' },
        servers: { type: 'string', default: '20' },
        members: { type: 'string', default: '300' },
        'commands-per-s': { type: 'string', default: '20' },
        'reactions-per-s': { type: 'string', default: '50' },
        'day-seconds': { type: 'string', default: '30' },
        /** The share of the run before the RSS baseline is taken. */
        warmup: { type: 'string', default: '0.2' },
        'log-level': { type: 'string', default: 'warn' },
        /** Where the result goes as JSON. */
        out: { type: 'string', default: 'bench/out/soak.json' },
        /**
         * More NODE_OPTIONS for the bot, e.g. `--heapsnapshot-signal=SIGUSR1` to look into what it keeps
         * (SIGUSR2 is taken: it asks the bot for the full GC before a retained-memory reading).
         */
        'bot-node-options': { type: 'string', default: '' },
        /** More of the bot's environment, `KEY=VALUE`, repeatable: e.g. `MALLOC_ARENA_MAX=2`. */
        'bot-env': { type: 'string', multiple: true, default: [] },
      },
    });
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
})();
const minutes = Number(values.minutes);
const storeKind = values.store;
if (storeKind !== 'sqlite' && storeKind !== 'redis') refuse(`--store must be sqlite or redis, not "${storeKind}"`);
for (const name of ['minutes', 'servers', 'members', 'commands-per-s', 'reactions-per-s', 'day-seconds'] as const)
  if (!(Number(values[name]) > 0)) refuse(`--${name} must be a positive number, not "${values[name]}"`);
if (!(Number(values.warmup) > 0 && Number(values.warmup) < 1))
  refuse('--warmup must be a share of the run between 0 and 1');
const botEnv = Object.fromEntries(
  (values['bot-env'] ?? []).map((pair) => {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair);
    return match ? [match[1], match[2]] : refuse(`--bot-env takes KEY=VALUE, not "${pair}"`);
  }),
);
const SERVERS = Number(values.servers);
const MEMBERS = Number(values.members);
const DAY_MS = Number(values['day-seconds']) * 1000;
const RUN_MS = minutes * 60_000;
const WARMUP_S = (RUN_MS / 1000) * Number(values.warmup);
const SAMPLE_MS = 5000;
/** Every sixth reading (every 30 s) follows a full GC in the bot: the readings the target is held to. */
const GC_EVERY = 6;
/** How long a full GC is given before the reading (it takes tens of milliseconds). */
const GC_SETTLE_MS = 500;
const GC_ON_SIGNAL = pathToFileURL(join(REPO_ROOT, 'bench/collectGarbageOnSignal.mjs')).href;
/** The limit the soak holds the bot to. */
const MAX_GROWTH_PCT = 10;
/** Two minutes before the first simulated digest (09:00 UTC), on a day after every captured one. */
const START = new Date('2026-09-01T08:58:00Z');

const logger = pino({ base: { app: 'paperboy-soak' } }, pino.destination({ fd: 2, sync: true }));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-soak-'));
const cleanups: Array<() => Promise<unknown> | unknown> = [() => rmSync(dir, { recursive: true, force: true })];
const cleanUp = async () => {
  for (const step of cleanups.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined);
};

try {
  process.exitCode = await soak();
} catch (error) {
  logger.fatal({ err: error }, 'the soak could not run');
  process.exitCode = 1;
} finally {
  await cleanUp();
}
// A bot that would not stop, or a socket left open, must not hold the soak's exit.
process.exit();

async function soak(): Promise<number> {
  const loadStart = loadavg()[0] ?? Number.NaN;
  const storeUrl = storeKind === 'redis' ? redisStoreUrl() : `sqlite://${join(dir, 'soak.sqlite')}`;
  const clock = createSandboxClock(START);
  const papers = await serveSoakDays();
  cleanups.push(() => papers.close());
  const emu = await startEmulator({ rateLimits: 'discord', clock: clock.now });
  cleanups.push(() => emu.close());
  const servers = createServers(emu);
  const members = Array.from({ length: MEMBERS }, (_, i) => emu.addUser({ username: `member-${i}` }).id);

  const logs = createLogCounter();
  const metricsPort = await findFreePort();
  const bot = spawnBot({
    env: {
      DISCORD_TOKEN: emu.token,
      DISCORD_API_URL: emu.apiUrl,
      STORE_URL: storeUrl,
      HF_API_URL: papers.baseUrl,
      // No arXiv feeds are configured; should one be, it would meet a closed port, not arXiv.
      ARXIV_API_URL: 'http://127.0.0.1:9',
      HTTP_RETRIES: '1',
      DEFAULT_TIMEZONE: 'UTC',
      LOG_LEVEL: values['log-level'] ?? 'warn',
      METRICS_PORT: String(metricsPort),
      NODE_OPTIONS: `--expose-gc --import=${GC_ON_SIGNAL} ${values['bot-node-options'] ?? ''}`.trim(),
      ...botEnv,
    },
    start: clock.now(),
    onLog: (line) => {
      logs.add(line);
      if (typeof line === 'string' || line.level >= 50) logger.warn({ bot: line }, 'the bot logged this');
    },
  });
  cleanups.push(() => bot.stop());
  await bot.ready;
  const pid = bot.pid;
  if (pid === undefined) throw new Error('the bot has no process id');
  logger.info({ pid, servers: SERVERS, members: MEMBERS, store: storeKind }, 'bot online: setting up digests');
  for (const server of servers) await setUpDigest(emu, server);

  // The days the bot has papers for: the start-up refresh took the two before the first.
  const dayOf = (k: number) => new Date(START.getTime() + k * 86_400_000).toISOString().slice(0, 10);
  const stored = [dayOf(-2), dayOf(-1), dayOf(0)];
  const traffic = startTraffic(
    {
      emu,
      servers,
      members,
      days: () => [...stored].reverse(),
      paperIds: () => stored.slice(-5).flatMap((day) => papers.idsOf(day)),
    },
    { commandsPerSecond: Number(values['commands-per-s']), reactionsPerSecond: Number(values['reactions-per-s']) },
  );
  const t0 = performance.now();
  const elapsedS = () => (performance.now() - t0) / 1000;
  const samples: RssSample[] = [];
  let readings = 0;
  const sample = async (afterGc = ++readings % GC_EVERY === 0) => {
    if (afterGc) {
      process.kill(pid, 'SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, GC_SETTLE_MS));
    }
    const atS = elapsedS();
    const memory = readMemory(pid);
    samples.push({ atS, ...memory, ...(await readHeap(metricsPort)), afterGc });
  };
  await sample(false);
  const sampler = setInterval(() => void sample(), SAMPLE_MS);
  const simulated: string[] = [];
  const progress = startProgress(RUN_MS / 1000, () => ({
    commands: traffic.stats().sent,
    rss: Math.round(samples.at(-1)?.rssMb ?? 0),
    day: simulated.length,
  }));
  let lastLog = 0;
  try {
    // A day due in the run's last second would only start digests the traffic no longer meets.
    for (let k = 0; performance.now() - t0 < RUN_MS - 1000; k++) {
      const day = dayOf(k);
      if (!stored.includes(day)) stored.push(day);
      // Five seconds past the digest time: every server's digest is due, and the refresh ingests the new day.
      await bot.setClock(clock.advanceTo(new Date(`${day}T09:00:05Z`)));
      await bot.runJob('refresh-papers');
      await bot.runJob('digests');
      simulated.push(day);
      if (!progress && elapsedS() - lastLog >= 30) {
        lastLog = elapsedS();
        const s = traffic.stats();
        logger.info(
          { elapsedS: Math.round(lastLog), day, commands: s.sent, failed: s.failed, rssMb: samples.at(-1)?.rssMb },
          'soak progress',
        );
      }
      const next = t0 + Math.min(RUN_MS, (k + 1) * DAY_MS);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    }
  } finally {
    clearInterval(sampler);
    progress?.stop();
  }
  await sample(true);
  const durationS = elapsedS();
  logger.info('traffic stopped: waiting for the answers still due and the last digests');
  await traffic.stop();
  const digestChannels = () => servers.map((s) => emu.messages(s.papersId));
  await waitFor(() => countDigests(digestChannels(), emu.botUserId, simulated).missing === 0, 60_000);
  const digests = countDigests(digestChannels(), emu.botUserId, simulated);
  await bot.stop();
  const exitCode = await bot.exited;

  const stats = traffic.stats();
  const latencies = [...stats.latenciesMs].sort((a, b) => a - b);
  const memory = summarizeMemory(samples, WARMUP_S);
  const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;
  const result = {
    store: storeKind,
    duration_s: round(durationS),
    servers: SERVERS,
    commands_sent: stats.sent,
    commands_answered: stats.answered,
    commands_failed: stats.failed,
    commands_per_s: round(stats.sent / durationS),
    command_p50_ms: round(percentile(latencies, 0.5)),
    command_p99_ms: round(percentile(latencies, 0.99)),
    reactions_sent: stats.reactions,
    reactions_per_s: round(stats.reactions / durationS),
    days_simulated: simulated.length,
    digests_posted: digests.posted,
    digests_missing: digests.missing,
    digest_duplicates: digests.duplicates,
    digest_papers_posted: digests.papersPosted,
    warmup_s: round(WARMUP_S),
    rss_warmup_mb: round(memory.rss.baselineMb),
    rss_max_mb: round(memory.rss.maxMb),
    rss_final_mb: round(memory.rss.finalMb),
    rss_growth_max_pct: round(memory.rss.growthMaxPct),
    rss_growth_final_pct: round(memory.rss.growthFinalPct),
    retained_warmup_mb: round(memory.retained.baselineMb),
    retained_max_mb: round(memory.retained.maxMb),
    retained_final_mb: round(memory.retained.finalMb),
    retained_growth_max_pct: round(memory.retained.growthMaxPct),
    retained_growth_final_pct: round(memory.retained.growthFinalPct),
    retained_slope_mb_per_min: round(memory.retained.slopeMbPerMin, 2),
    heap_used_warmup_mb: round(memory.heapUsedBaselineMb),
    heap_used_final_mb: round(memory.heapUsedFinalMb),
    bot_errors: logs.counts.errors,
    bot_warns: logs.counts.warns,
    bot_other_lines: logs.counts.other,
    bot_exit_code: exitCode ?? -1,
    load_1m_start: round(loadStart, 2),
    load_1m_end: round(loadavg()[0] ?? Number.NaN, 2),
  };
  const failures = [
    memory.retained.growthMaxPct > MAX_GROWTH_PCT &&
      `retained memory (RSS after a full GC) grew ${round(memory.retained.growthMaxPct)} % after warm-up`,
    logs.counts.errors > 0 && `the bot logged ${logs.counts.errors} error lines`,
    stats.failed > 0 && `${stats.failed} interactions unanswered or answered with an error`,
    digests.duplicates > 0 && `${digests.duplicates} duplicate digest posts`,
    digests.missing > 0 && `${digests.missing} digests missing`,
    exitCode !== 0 && `the bot exited with ${exitCode}`,
    (memory.retained.readingsAfterWarmup < 2 || !Number.isFinite(memory.retained.baselineMb)) &&
      'too few readings after a full GC in and after warm-up (a run of at least 3 minutes has them)',
  ].filter((f): f is string => typeof f === 'string');

  const out = resolve(REPO_ROOT, values.out ?? 'bench/out/soak.json');
  mkdirSync(dirname(out), { recursive: true });
  const details = {
    byKind: stats.byKind,
    failures: stats.failures,
    errorMessages: logs.counts.errorMessages,
    warnMessages: logs.counts.warnMessages,
    otherLines: logs.counts.otherLines,
    rssSamples: samples.map((s) => ({
      at_s: round(s.atS),
      rss_mb: round(s.rssMb),
      anon_mb: round(s.anonMb),
      heap_used_mb: round(s.heapUsedMb),
      heap_total_mb: round(s.heapTotalMb),
      external_mb: round(s.externalMb),
      after_gc: s.afterGc,
    })),
  };
  writeFileSync(
    out,
    `${JSON.stringify({ ...result, ok: failures.length === 0, problems: failures, ...details }, null, 2)}\n`,
  );
  process.stdout.write(`${formatTable(tableRows(result))}\n`);
  const warned = Object.entries(logs.counts.warnMessages);
  if (warned.length > 0) {
    process.stdout.write(`\nbot warnings (distinct): ${warned.map(([msg, n]) => `${n}× ${msg}`).join('; ')}\n`);
  }
  logger.info({ out, problems: failures }, failures.length === 0 ? 'soak passed' : 'soak failed');
  return failures.length === 0 ? 0 : 1;
}

/** The servers: #papers for the digest, #general for commands, an admin; every third digest has topics. */
function createServers(emu: Emulator): SoakServer[] {
  return Array.from({ length: SERVERS }, (_, i) => {
    const guild = emu.createGuild({ name: `soak ${i}`, channels: [{ name: 'papers' }, { name: 'general' }] });
    const [papers, general] = guild.channels;
    if (!papers || !general) throw new Error('soak: a server without its channels');
    const adminId = emu.addUser({ username: `admin-${i}` }).id;
    emu.grantPermissions(guild.id, adminId, Permission.ManageGuild);
    const topics = i % 3 === 2 ? ['agents', 'reinforcement-learning'] : [];
    return { guildId: guild.id, generalId: general.id, papersId: papers.id, adminId, topics };
  });
}

/** `/digest set` as the server's admin would run it; a refusal or an error fails the soak before it starts. */
async function setUpDigest(emu: Emulator, server: SoakServer): Promise<void> {
  const handle = emu.runCommand(digestSetCommand(server));
  const first = await handle.firstResponse();
  // A deferred answer (type 5) is filled in by an edit, or (being private) replaced by a follow-up.
  if (first.type === 5) await handle.waitFor(answeredAfterDeferral, 15_000);
  const answer = [
    String(first.data?.content ?? ''),
    handle.original()?.content,
    ...handle.followUps().map((m) => m.content),
  ];
  if (!answer.some((text) => text?.startsWith('✅ Digest saved'))) {
    throw new Error(`soak: /digest set was not accepted: ${answer.join(' / ')}`);
  }
}

/** The bot's resident memory and its anonymous part (heaps, not mapped files), from /proc. */
function readMemory(pid: number): { rssMb: number; anonMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, anonMb: kb('RssAnon') / 1024 };
}

/**
 * The bot's JavaScript heap in use and its external memory, from its `/metrics`: RSS that climbs
 * while these stay flat is native memory. NaN when the scrape fails (the bot busy or stopping).
 */
async function readHeap(port: number): Promise<{ heapUsedMb: number; heapTotalMb: number; externalMb: number }> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
    const mb = (kind: string) =>
      Number(new RegExp(`^paperboy_process_memory_bytes\\{kind="${kind}"\\} (\\S+)$`, 'm').exec(text)?.[1]) / 2 ** 20;
    return { heapUsedMb: mb('heap_used'), heapTotalMb: mb('heap_total'), externalMb: mb('external') };
  } catch {
    return { heapUsedMb: Number.NaN, heapTotalMb: Number.NaN, externalMb: Number.NaN };
  }
}

/** A port nothing listens on now, for the bot's metrics server. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A progress bar on stderr, only when a person watches it (a TTY); undefined otherwise. */
function startProgress(totalS: number, payload: () => Record<string, number>): { stop(): void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'soak |{bar}| {value}/{total} s | day {day} | {commands} interactions | bot RSS {rss} MB',
  });
  const started = performance.now();
  bar.start(Math.round(totalS), 0, payload());
  const timer = setInterval(() => bar.update(Math.round((performance.now() - started) / 1000), payload()), 1000);
  return {
    stop() {
      clearInterval(timer);
      bar.stop();
    },
  };
}

function tableRows(r: Record<string, number | string>): Array<readonly [string, string | number, string]> {
  const targets: Record<string, string> = {
    commands_failed: '0',
    digest_duplicates: '0',
    digests_missing: '0',
    retained_growth_max_pct: `≤ ${MAX_GROWTH_PCT}`,
    bot_errors: '0',
    bot_exit_code: '0',
  };
  return Object.entries(r).map(([key, value]) => [key, value, targets[key] ?? ''] as const);
}

/** A store of its own on the REDIS_URL server (a key prefix), emptied when the soak ends. */
function redisStoreUrl(): string {
  if (!process.env.REDIS_URL) throw new Error('--store redis: set REDIS_URL, e.g. redis://127.0.0.1:6379');
  const url = new URL(process.env.REDIS_URL);
  url.searchParams.set('prefix', `paperboy-soak-${Date.now().toString(36)}`);
  cleanups.unshift(async () => {
    const store = await openStore(url.toString());
    for (const ns of NAMESPACES) await store.keyv(ns).clear();
    await store.close();
  });
  return url.toString();
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 500));
}

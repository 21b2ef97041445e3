import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createClient } from '@keyv/redis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/app/startBot.ts';
import { loadConfig } from '../../src/config/loadConfig.ts';
import { Permission } from '../../src/emulator/permissions.ts';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator.ts';
import { openStore, type Store } from '../../src/store/openStore.ts';
import { createSubscriptionRepository } from '../../src/store/subscriptionRepository.ts';
import { createVoteRepository } from '../../src/store/voteRepository.ts';
import { createVoteRecorder } from '../../src/voting/createVoteRecorder.ts';
import { tempDir } from '../support/backends.ts';
import { seedStore } from '../support/seedStore.ts';

/**
 * Issue 8, the store's faults: a full disk, a read-only store file, a Redis restarted mid-work.
 * Each injects the fault under a running bot (in-process, against the Discord emulator), checks
 * that every operation fails clearly or waits, that nothing stored is damaged, and that the bot
 * carries on by itself once the fault is gone — with every vote Discord shows stored.
 */

const root = mkdtempSync(join(tmpdir(), 'paperboy-storage-'));
/** A small file system of its own: filling it must not fill the machine's /tmp. */
const disk = join(root, 'disk');
let mounted = false;
let cannotMount = '';

beforeAll(() => {
  mkdirSync(disk, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', disk], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    cannotMount = `mounting a tmpfs is not permitted here (${String((error as Error).message).split('\n')[0]}): run as root`;
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
  rmSync(root, { recursive: true, force: true });
});

/** What Daily Papers answers for any day: nothing new, until a test publishes `NEW_PAPERS`. */
let dailyPapers = '[]';
/** The 2026-08-19 fixture under ids no store holds yet, so an ingestion of it has to write. */
const NEW_PAPERS = readFileSync('test/fixtures/hf/daily_papers-2026-08-19.json', 'utf8').replaceAll('"2608.', '"2604.');
const NEW_ID = '2604.17271';
const fakeDailyPapers = async (url: string | URL | Request) =>
  new Response(String(url).includes('daily_papers') ? dailyPapers : '[]', {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

interface World {
  emu: Emulator;
  log: string[];
  guildId: string;
  papers: string;
  general: string;
  admin: string;
  members: string[];
  now: Date;
}

async function world(): Promise<World> {
  const emu = await startEmulator();
  const guild = emu.createGuild({ name: 'Faults', channels: [{ name: 'papers' }, { name: 'general' }] });
  const admin = emu.addUser({ username: 'admin' }).id;
  emu.grantPermissions(guild.id, admin, Permission.ManageGuild);
  return {
    emu,
    log: [],
    guildId: guild.id,
    papers: guild.channels[0]?.id as string,
    general: guild.channels[1]?.id as string,
    admin,
    members: Array.from({ length: 40 }, (_, i) => emu.addUser({ username: `member-${i}` }).id),
    now: new Date('2026-08-20T06:00:00Z'),
  };
}

const bots: RunningBot[] = [];
const worlds: World[] = [];
afterEach(async () => {
  dailyPapers = '[]';
  rmSync(join(disk, 'filler'), { force: true });
  for (const bot of bots.splice(0)) await bot.stop().catch(() => undefined);
  for (const w of worlds.splice(0)) await w.emu.close();
});

async function launch(w: World, storeUrl: string): Promise<RunningBot> {
  const config = loadConfig({
    STORE_URL: storeUrl,
    DISCORD_TOKEN: w.emu.token,
    DISCORD_API_URL: w.emu.apiUrl,
    HTTP_RETRIES: '0',
    METRICS_PORT: '0',
  });
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      w.log.push(String(chunk));
      done();
    },
  });
  const bot = await startBot({
    config: { ...config, DISCORD_TOKEN: w.emu.token },
    logger: pino({ level: 'info' }, sink),
    clock: () => w.now,
    fetch: fakeDailyPapers,
    fastIdentify: true,
    refreshOnStart: false,
    catchUpOnStart: false,
  });
  bots.push(bot);
  return bot;
}

/** Runs `/digest set` as the admin and returns the answer's text and whether only they saw it. */
async function digestSet(w: World, channel: string, time: string) {
  const handle = w.emu.runCommand({
    guildId: w.guildId,
    channelId: w.general,
    userId: w.admin,
    name: 'digest',
    options: [
      {
        type: 1,
        name: 'set',
        options: [
          { type: 7, name: 'channel', value: channel },
          { type: 3, name: 'time', value: time },
          { type: 3, name: 'timezone', value: 'Europe/Berlin' },
        ],
      },
    ],
  });
  const first = await handle.firstResponse();
  const data = (first.data ?? {}) as { content?: string; flags?: number };
  if (first.type !== 5) return { text: data.content ?? '', ephemeral: ((data.flags ?? 0) & 64) !== 0 };
  // Deferred (the store was slow to answer): the answer is the edit, or a private follow-up.
  await handle.waitFor((h) => h.followUps().length > 0 || (h.original()?.content ?? '') !== '', 20_000);
  const answer = handle.followUps()[0] ?? handle.original();
  return { text: answer?.content ?? '', ephemeral: ((answer?.flags ?? 0) & 64) !== 0 };
}

/** Subscribes the papers channel and posts today's digest; returns its paper messages. */
async function postDigest(w: World, bot: RunningBot) {
  expect((await digestSet(w, w.papers, '09:00')).text).not.toMatch(/went wrong|unavailable/);
  w.now = new Date('2026-08-20T07:00:00Z');
  await bot.digests.sweep();
  const posts = w.emu.messages(w.papers).filter((m) => m.author.id === w.emu.botUserId && m.embeds.length > 0);
  expect(posts.length).toBeGreaterThanOrEqual(3);
  return posts.map((m) => ({ messageId: m.id, paperId: String(m.embeds[0]?.url).split('/').pop() as string }));
}

/** Votes as Discord shows them: each paper's 👍 under its message, the bot's own left out. */
function reactionsOnDiscord(w: World, posts: ReadonlyArray<{ messageId: string; paperId: string }>) {
  const out = new Map<string, number>();
  for (const { messageId, paperId } of posts) {
    const message = w.emu.messages(w.papers).find((m) => m.id === messageId);
    const voters = [...(message?.reactions.get('👍') ?? [])].filter((id) => id !== w.emu.botUserId);
    if (voters.length > 0) out.set(paperId, voters.length);
  }
  return out;
}

/** A burst: each member votes on some papers, some change their mind. */
function voteBurst(w: World, posts: ReadonlyArray<{ messageId: string }>, members: readonly string[]) {
  for (const [i, member] of members.entries()) {
    for (const [j, post] of posts.entries()) if ((i + j) % 2 === 0) w.emu.react(member, w.papers, post.messageId, '👍');
    if (i % 5 === 0) w.emu.unreact(member, w.papers, posts[i % posts.length]?.messageId as string, '👍');
  }
}

const storedVotes = async (bot: RunningBot, w: World) => {
  await bot.votes.recorder.flush();
  return bot.votes.tally(w.guildId);
};
const logHas = (w: World, pattern: RegExp) => w.log.some((line) => pattern.test(line));
/** Whether one log line matches every pattern (pino writes the message after the fields). */
const logLine = (w: World, ...patterns: RegExp[]) => w.log.some((line) => patterns.every((p) => p.test(line)));
const healthz = async (bot: RunningBot) => {
  const res = await fetch(`${bot.metricsUrl}/healthz`);
  return { status: res.status, body: await res.text() };
};
const storeErrors = async (bot: RunningBot, kind: string) => {
  const text = await (await fetch(`${bot.metricsUrl}/metrics`)).text();
  return Number(text.match(new RegExp(`paperboy_store_errors_total\\{kind="${kind}"\\} (\\d+)`))?.[1] ?? 0);
};
const sqlite = (file: string, sql: string) =>
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', file, sql], { encoding: 'utf8' }).trim();

/** What an admin must see when the store is down: short, private, no internals. */
function expectStorageAnswer(answer: { text: string; ephemeral: boolean }) {
  expect(answer.ephemeral).toBe(true);
  expect(answer.text).toMatch(/storage is unavailable right now, so nothing was changed \(ref [0-9a-f]{6}\)/);
  expect(answer.text).not.toMatch(/SQLITE|Redis|Error|at /);
}

describe('the SQLite store fails under the running bot', () => {
  it('disk full: votes wait, /digest set and ingestion fail clearly, nothing is damaged, all resumes once space is back', async (ctx) => {
    if (!mounted) ctx.skip(cannotMount);
    const dir = join(disk, 'full');
    mkdirSync(dir);
    const file = join(dir, 'paperboy.sqlite');
    await seedStore(`sqlite://${file}`);
    const w = await world();
    worlds.push(w);
    const bot = await launch(w, `sqlite://${file}`);
    const posts = await postDigest(w, bot);
    voteBurst(w, posts, w.members.slice(0, 15));
    await expect.poll(async () => storedVotes(bot, w)).toEqual(reactionsOnDiscord(w, posts));
    const before = { votes: await storedVotes(bot, w), subs: await bot.digests.subscriptions.list(w.guildId) };

    // A WAL with room left would take the first small writes: checkpointed to nothing, the next
    // write needs new space at once. Then the filler takes every block that is left.
    sqlite(file, 'PRAGMA wal_checkpoint(TRUNCATE)');
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(disk, 'filler')}`, 'bs=64k'], { stdio: 'pipe' });
    } catch {
      // dd ends with "No space left on device": that is the point.
    }

    // The admin's vote comes first, so it is in the batch the full disk refuses first.
    w.emu.react(w.admin, w.papers, posts[1]?.messageId as string, '👍');
    voteBurst(w, posts, w.members.slice(15));
    await expect.poll(() => logHas(w, /votes could not be stored: store write failed: disk full/)).toBe(true);
    expect(bot.votes.recorder.queued()).toBeGreaterThan(0);
    expectStorageAnswer(await digestSet(w, w.general, '10:00'));
    expect(logLine(w, /"msg":"interaction failed"/, /store write failed: disk full/)).toBe(true);
    dailyPapers = NEW_PAPERS;
    await bot.runJob('refresh-papers');
    expect(logLine(w, /"job":"refresh-papers"/, /"msg":"job failed"/, /store write failed: disk full/)).toBe(true);
    expect(await bot.catalog.show(NEW_ID)).toBeUndefined();
    const down = await healthz(bot);
    expect(down.status).toBe(503);
    expect(down.body).toContain('disk full');
    expect(await storeErrors(bot, 'disk_full')).toBeGreaterThan(0);

    // Nothing stored before is damaged, while the disk is still full.
    expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
    expect(await bot.votes.tally(w.guildId)).toEqual(before.votes);
    expect(await bot.digests.subscriptions.list(w.guildId)).toEqual(before.subs);

    rmSync(join(disk, 'filler'));
    // The queued votes land (flush retries the waiting batch now instead of after its backoff).
    expect(await storedVotes(bot, w)).toEqual(reactionsOnDiscord(w, posts));
    expect(logHas(w, /votes stored again/)).toBe(true);
    expect((await digestSet(w, w.general, '10:00')).text).not.toMatch(/went wrong|unavailable/);
    expect((await bot.digests.subscriptions.list(w.guildId)).map((s) => s.channelId).sort()).toEqual(
      [w.papers, w.general].sort(),
    );
    await bot.runJob('refresh-papers');
    expect(await bot.catalog.show(NEW_ID)).toBeDefined();
    expect((await healthz(bot)).status).toBe(200);
    expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
  });

  it('read-only store: reads answer, writes fail clearly and wait, nothing is damaged, all resumes once writable', async (ctx) => {
    if (!mounted) ctx.skip(cannotMount);
    // Root writes through any file mode, and a file system with files open for writing refuses to
    // go read-only (EBUSY). So the bot is started on a read-only bind mount of the store's
    // directory, as after a restart on a volume gone read-only; its WAL files are there (left by a
    // crash, or, here, kept by another connection), so SQLite opens it read-only instead of failing.
    const dir = join(disk, 'ro');
    const view = join(root, 'ro-view');
    mkdirSync(dir);
    mkdirSync(view);
    const file = join(dir, 'paperboy.sqlite');
    await seedStore(`sqlite://${file}`);
    const w = await world();
    worlds.push(w);
    const first = await launch(w, `sqlite://${file}`);
    const posts = await postDigest(w, first);
    voteBurst(w, posts, w.members.slice(0, 15));
    await expect.poll(async () => storedVotes(first, w)).toEqual(reactionsOnDiscord(w, posts));
    const before = { votes: await storedVotes(first, w), subs: await first.digests.subscriptions.list(w.guildId) };
    let holder: Store | undefined = await openStore(`sqlite://${file}`);
    await holder.keyv('votes').get('anything');
    await bots.splice(0)[0]?.stop();
    execFileSync('mount', ['--bind', dir, view]);
    try {
      execFileSync('mount', ['-o', 'remount,ro,bind', view]);
      const bot = await launch(w, `sqlite://${join(view, 'paperboy.sqlite')}`);
      expect(statSync(join(view, 'paperboy.sqlite-wal')).isFile()).toBe(true);

      w.emu.react(w.admin, w.papers, posts[1]?.messageId as string, '👍');
      voteBurst(w, posts, w.members.slice(15));
      await expect
        .poll(() => logHas(w, /votes could not be stored: store write failed: store is read-only/))
        .toBe(true);
      expectStorageAnswer(await digestSet(w, w.general, '10:00'));
      dailyPapers = NEW_PAPERS;
      await bot.runJob('refresh-papers');
      expect(logLine(w, /"job":"refresh-papers"/, /"msg":"job failed"/, /store write failed: store is read-only/)).toBe(
        true,
      );
      expect(logLine(w, /"msg":"interaction failed"/, /store write failed: store is read-only/)).toBe(true);
      expect(await bot.catalog.show(NEW_ID)).toBeUndefined();
      const down = await healthz(bot);
      expect(down.status).toBe(503);
      expect(down.body).toContain('store is read-only');
      expect(await storeErrors(bot, 'read_only')).toBeGreaterThan(0);
      expect(await bot.votes.tally(w.guildId)).toEqual(before.votes);
      expect(await bot.digests.subscriptions.list(w.guildId)).toEqual(before.subs);
      expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');

      execFileSync('mount', ['-o', 'remount,rw,bind', view]);
      expect(await storedVotes(bot, w)).toEqual(reactionsOnDiscord(w, posts));
      expect((await digestSet(w, w.general, '10:00')).text).not.toMatch(/went wrong|unavailable/);
      expect(await bot.digests.subscriptions.list(w.guildId)).toHaveLength(2);
      await bot.runJob('refresh-papers');
      expect(await bot.catalog.show(NEW_ID)).toBeDefined();
      expect((await healthz(bot)).status).toBe(200);
      await bots.splice(0)[0]?.stop();
      await holder.close();
      holder = undefined;
      expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
    } finally {
      for (const bot of bots.splice(0)) await bot.stop().catch(() => undefined);
      await holder?.close();
      execFileSync('umount', ['-l', view]);
    }
  });
});

describe('the vote queue while the store is down', () => {
  it('is capped: the oldest events go, with an error, and their messages are handed over for a reconcile', async (ctx) => {
    if (!mounted) ctx.skip(cannotMount);
    const dir = join(disk, 'cap');
    mkdirSync(dir);
    const file = join(dir, 'votes.sqlite');
    const store = await openStore(`sqlite://${file}`);
    try {
      const repo = createVoteRepository(store);
      const messages = ['m1', 'm2', 'm3', 'm4'];
      for (const [i, messageId] of messages.entries())
        await repo.registerMessage({ messageId, channelId: 'c', guildId: 'g', paperId: `p${i}`, day: '2026-08-20' });
      const log: string[] = [];
      const logger = pino(
        { level: 'info' },
        new Writable({
          write: (chunk, _encoding, done) => {
            log.push(String(chunk));
            done();
          },
        }),
      );
      const handedOver: string[][] = [];
      const recorder = createVoteRecorder(repo, logger, undefined, {
        queueMax: 10,
        onDropped: (_guild, ids) => handedOver.push([...ids].sort()),
      });
      sqlite(file, 'PRAGMA wal_checkpoint(TRUNCATE)');
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(disk, 'filler')}`, 'bs=64k'], { stdio: 'pipe' });
      } catch {
        // full, as intended
      }
      // 25 votes, a cap of 10: the first is being stored (kept), the last 9 are kept, the 15 between go.
      const events = Array.from({ length: 25 }, (_, i) => ({
        kind: 'add' as const,
        guildId: 'g',
        userId: `u${i}`,
        messageId: i === 0 ? 'm1' : i < 8 ? 'm2' : i < 15 ? 'm3' : 'm4',
        emoji: '👍',
      }));
      for (const event of events) recorder.record(event);
      await expect
        .poll(() => log.some((l) => l.includes('votes could not be stored: store write failed: disk full')))
        .toBe(true);
      expect(recorder.queued()).toBe(10);
      expect(log.some((l) => l.includes('vote queue full') && l.includes('"level":50'))).toBe(true);
      expect(handedOver).toEqual([]);

      rmSync(join(disk, 'filler'));
      await recorder.flush();
      expect(recorder.queued()).toBe(0);
      // What was kept landed; what was dropped is named, for Discord's reactor lists to correct.
      expect(await repo.tally('g')).toEqual(
        new Map([
          ['p0', 1],
          ['p3', 9],
        ]),
      );
      expect(handedOver).toEqual([['m2', 'm3', 'm4']]);
    } finally {
      rmSync(join(disk, 'filler'), { force: true });
      await store.close();
    }
  });
});

describe('a vote batch that fails for a reason other than an outage', () => {
  it('is given up after five tries, with an error and its messages handed over; the server’s later votes land', async () => {
    const store = await openStore(`sqlite://${join(tempDir(), 'poison.sqlite')}`);
    try {
      const real = createVoteRepository(store);
      for (const [i, messageId] of ['m1', 'm2'].entries())
        await real.registerMessage({ messageId, channelId: 'c', guildId: 'g', paperId: `p${i}`, day: '2026-08-20' });
      // A bug, not the store being away: applying any vote for p0 throws a plain error.
      const repo: typeof real = {
        ...real,
        apply: (guildId, byPaper) =>
          byPaper.has('p0') ? Promise.reject(new TypeError('a bug in the tally')) : real.apply(guildId, byPaper),
      };
      const log: string[] = [];
      const logger = pino(
        { level: 'info' },
        new Writable({ write: (chunk, _e, done) => done(void log.push(String(chunk))) }),
      );
      const handedOver: string[][] = [];
      const recorder = createVoteRecorder(repo, logger, undefined, {
        retryMinMs: 1,
        onDropped: (_guild, ids) => handedOver.push([...ids]),
      });
      recorder.record({ kind: 'add', guildId: 'g', userId: 'u1', messageId: 'm1', emoji: '👍' });
      await expect.poll(() => log.some((l) => l.includes('not a store outage'))).toBe(true);
      // Handed over at once, not only when the server's next vote is stored.
      expect(handedOver).toEqual([['m1']]);
      recorder.record({ kind: 'add', guildId: 'g', userId: 'u2', messageId: 'm2', emoji: '👍' });
      await recorder.flush();
      expect(recorder.queued()).toBe(0);
      expect(await real.tally('g')).toEqual(new Map([['p1', 1]]));
      expect(handedOver).toEqual([['m1']]);
    } finally {
      await store.close();
    }
  });
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of the test's own, with every write in the AOF before it is acknowledged. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

describe('Redis restarted while the bot works', () => {
  let redis: ChildProcess | undefined;
  afterEach(() => {
    redis?.kill('SIGKILL');
  });

  it('acknowledged writes survive, the rest wait or fail clearly, and the stored votes end equal to Discord’s', async (ctx) => {
    try {
      execFileSync('redis-server', ['--version'], { stdio: 'pipe' });
    } catch {
      ctx.skip('redis-server is not installed: this test starts and restarts a server of its own');
    }
    const port = await freePort();
    const dir = mkdtempSync(join(root, 'redis-'));
    redis = await startRedis(port, dir);
    const url = `redis://127.0.0.1:${port}?prefix=faults`;
    await seedStore(url);
    const w = await world();
    worlds.push(w);
    const bot = await launch(w, url);
    const posts = await postDigest(w, bot);
    voteBurst(w, posts, w.members.slice(0, 10));
    await expect.poll(async () => storedVotes(bot, w)).toEqual(reactionsOnDiscord(w, posts));

    const answers: Array<{ time: string; text: string; ephemeral: boolean }> = [];
    /** Admins changing the digest's time and a vote burst, while Redis is shut down for `downMs`. */
    const workAcrossRestart = async (downMs: number, times: readonly string[], members: readonly string[]) => {
      const admins = (async () => {
        for (const time of times) {
          answers.push({ time, ...(await digestSet(w, w.general, time)) });
          await new Promise((resolve) => setTimeout(resolve, Math.min(downMs / times.length, 300)));
        }
      })();
      const burst = (async () => {
        for (const [i, member] of members.entries()) {
          voteBurst(w, posts, [member]);
          if (i % 3 === 0) await new Promise((resolve) => setTimeout(resolve, downMs / members.length));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 100));
      execFileSync('redis-cli', ['-p', String(port), 'shutdown']);
      await new Promise((resolve) => redis?.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, downMs));
      redis = await startRedis(port, dir);
      await Promise.all([admins, burst]);
    };
    // A few hundred ms: commands wait for the reconnection (or, sent just before the shutdown, fail).
    await workAcrossRestart(400, ['10:00', '10:05', '10:10', '10:15', '10:20'], w.members.slice(10, 25));
    // Longer than a command may wait (5 s): what runs meanwhile fails as "Redis unreachable".
    await workAcrossRestart(6000, ['11:00', '11:05', '11:10'], w.members.slice(25));
    expect(logLine(w, /votes could not be stored: store (read|write) failed: Redis unreachable/)).toBe(true);

    // Every vote Discord shows is stored: those queued while Redis was down waited, none dropped.
    expect(await storedVotes(bot, w)).toEqual(reactionsOnDiscord(w, posts));
    // Each /digest set either saved (and is stored) or told the admin nothing changed.
    const general = (await bot.digests.subscriptions.list(w.guildId)).find((s) => s.channelId === w.general);
    const saved = answers.filter((a) => !/unavailable|went wrong/.test(a.text));
    const refused = answers.filter((a) => /unavailable|went wrong/.test(a.text));
    for (const a of refused) expectStorageAnswer(a);
    expect(refused.length).toBeGreaterThan(0);
    expect(logLine(w, /"msg":"interaction failed"/, /store (read|write) failed: Redis unreachable/)).toBe(true);
    expect(saved.length).toBeGreaterThan(0);
    expect(general?.time).toBe(saved.at(-1)?.time);
    expect(await storeErrors(bot, 'unreachable')).toBeGreaterThan(0);

    // What was acknowledged is on disk: a fresh process on the restarted Redis reads it all.
    const votesBefore = await bot.votes.tally(w.guildId);
    await bots.splice(0)[0]?.stop();
    execFileSync('redis-cli', ['-p', String(port), 'shutdown']);
    await new Promise((resolve) => redis?.once('exit', resolve));
    redis = await startRedis(port, dir);
    const again = await openStore(url);
    try {
      const client = createClient({ url: `redis://127.0.0.1:${port}` });
      await client.connect();
      expect(await client.configGet('appendonly')).toEqual({ appendonly: 'yes' });
      await client.close();
      expect(await createVoteRepository(again).tally(w.guildId)).toEqual(votesBefore);
      const subs = await createSubscriptionRepository(again).list(w.guildId);
      expect(subs.find((sub) => sub.channelId === w.general)?.time).toBe(saved.at(-1)?.time);
      expect(subs.map((sub) => sub.channelId).sort()).toEqual([w.papers, w.general].sort());
    } finally {
      await again.close();
    }
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openPaperCatalog } from '../../src/app/openPaperCatalog.ts';
import { type Emulator, type InteractionHandle, startEmulator } from '../../src/emulator/startEmulator.ts';
import { createSilentLogger } from '../../src/logging/createLogger.ts';
import { openStore, type Store } from '../../src/store/openStore.ts';
import { createSubscriptionRepository } from '../../src/store/subscriptionRepository.ts';
import { createVoteRepository } from '../../src/store/voteRepository.ts';
import { freshRedisUrl, REDIS_URL } from '../support/backends.ts';
import { digestPosts } from '../support/digestHarness.ts';
import { paperInput } from '../support/paperInputs.ts';
import { REPO_ROOT } from '../support/runScript.ts';
import { seedStore } from '../support/seedStore.ts';
import { testSubscription } from '../support/subscriptions.ts';

if (!REDIS_URL) console.warn('REDIS_URL not set: the sharding test (3 shards on one Redis store) is skipped');

const SHARDS = 3;
const GUILDS = 30;
const PAPERS = 3;

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A stand-in for huggingface.co that answers every day with an empty list and counts the requests per day. */
async function countingDailyPapers(): Promise<{ url: string; byDay: Map<string, number>; server: Server }> {
  const byDay = new Map<string, number>();
  const server = createServer((req, res) => {
    const day = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('date') ?? '?';
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, byDay, server };
}

const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % BigInt(SHARDS));

/** The shard processes the manager spawned, by shard id (discord.js passes SHARDS=<id> to each). */
function shardPids(managerPid: number): Map<number, number> {
  const pids = new Map<number, number>();
  const children = readFileSync(`/proc/${managerPid}/task/${managerPid}/children`, 'utf8').trim().split(/\s+/);
  for (const pid of children.filter(Boolean).map(Number)) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const shards = env.find((e) => e.startsWith('SHARDS='))?.slice('SHARDS='.length);
      if (shards !== undefined) pids.set(Number(shards), pid);
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** `/papers show <id>` in a server: the paper's title, or the bot's text when it has no such paper. */
async function showTitle(
  emu: Emulator,
  g: { guildId: string; channelId: string },
  userId: string,
  id: string,
): Promise<string | undefined> {
  const handle = emu.runCommand({
    ...g,
    userId,
    name: 'papers',
    options: [{ type: 1, name: 'show', options: [{ type: 3, name: 'paper', value: id }] }],
  });
  await handle.firstResponse();
  const answered = (h: InteractionHandle) => {
    const m = h.original();
    return m !== undefined && (m.embeds.length > 0 || m.content.length > 0);
  };
  await handle.waitFor(answered, 5000).catch(() => undefined);
  const message = handle.original();
  return String(message?.embeds[0]?.title ?? message?.content);
}

describe.skipIf(!REDIS_URL)('three shards on one Redis store', () => {
  it('posts every server its digest exactly once, counts votes on every shard, ingests in one process, survives a killed shard', async () => {
    const emu = await startEmulator({ shards: SHARDS });
    const hf = await countingDailyPapers();
    let store: Store | undefined;
    try {
      const now = new Date();
      const due = new Date(now.getTime() - 60_000);
      const today = due.toISOString().slice(0, 10);
      const storeUrl = freshRedisUrl();
      await seedStore(
        storeUrl,
        Array.from({ length: PAPERS }, (_, i) =>
          paperInput({ id: `2612.${String(20001 + i)}`, title: `Shard paper ${i}`, dailyDate: today, upvotes: 90 - i }),
        ),
      );
      const member = emu.addUser({ username: 'reader' }).id;
      const guilds = Array.from({ length: GUILDS }, (_, i) => {
        const guild = emu.createGuild({ name: `Server ${i}`, channels: [{ name: 'papers' }] });
        return { guildId: guild.id, channelId: guild.channels[0]?.id as string };
      });
      expect(new Set(guilds.map((g) => shardOf(g.guildId)))).toEqual(new Set([0, 1, 2]));
      store = await openStore(storeUrl);
      const subscriptions = createSubscriptionRepository(store);
      for (const g of guilds) {
        await subscriptions.update(g.guildId, () => ({
          next: [
            testSubscription({
              ...g,
              time: due.toISOString().slice(11, 16),
              timezone: 'UTC',
              size: PAPERS,
              since: new Date(now.getTime() - 3_600_000).toISOString(),
            }),
          ],
          result: undefined,
        }));
      }
      // One guild of shard 1: Discord stores its second paper post but holds the answer; its shard is killed meanwhile.
      const slow = guilds.find((g) => shardOf(g.guildId) === 1) as (typeof guilds)[number];
      emu.delayResponseNext(new RegExp(`^/channels/${slow.channelId}/messages$`), 1, 60_000, 2);

      let stderr = '';
      const manager = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          LOG_LEVEL: 'warn',
          SHARDS: String(SHARDS),
          DISCORD_TOKEN: emu.token,
          DISCORD_API_URL: emu.apiUrl,
          STORE_URL: storeUrl,
          HF_API_URL: hf.url,
          HTTP_RETRIES: '0',
          DIGEST_CLAIM_TTL_S: '3',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      children.push(manager);
      manager.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });

      // The slow digest has its header and first paper out; its shard dies before the answer to the second.
      await expect
        .poll(() => digestPosts(emu, slow.channelId).papers.length, { timeout: 60_000, interval: 200 })
        .toBe(2);
      const killed = shardPids(manager.pid as number).get(1);
      expect(killed, stderr).toBeDefined();
      process.kill(killed as number, 'SIGKILL');

      // Every server: one header and every paper, once; the manager restarted shard 1, which finished its digest.
      const complete = () =>
        guilds.filter((g) => {
          const posts = digestPosts(emu, g.channelId);
          return posts.headers.length === 1 && posts.papers.length === PAPERS;
        }).length;
      await expect.poll(complete, { timeout: 60_000, interval: 250 }).toBe(GUILDS);
      await expect.poll(() => shardPids(manager.pid as number).get(1), { timeout: 30_000 }).not.toBe(killed);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      for (const g of guilds) {
        const posts = digestPosts(emu, g.channelId);
        expect(posts.headers, g.guildId).toHaveLength(1);
        expect(posts.papers, g.guildId).toHaveLength(PAPERS);
        expect(new Set(posts.titles).size, g.guildId).toBe(PAPERS);
      }

      // A vote on a server of each shard is counted by the shard that holds it.
      const votes = createVoteRepository(store);
      for (const shard of [0, 1, 2]) {
        const g = guilds.find((x) => shardOf(x.guildId) === shard && x !== slow) as (typeof guilds)[number];
        const message = digestPosts(emu, g.channelId).papers[0];
        const sum = async () => [...(await votes.tally(g.guildId)).values()].reduce((a, b) => a + b, 0);
        const before = await sum();
        emu.react(member, g.channelId, message?.id as string, '👍');
        await expect.poll(sum, { timeout: 15_000 }).toBe(before + 1);
      }

      // A paper stored by another process is answered by every shard within its sync interval.
      const writer = await openPaperCatalog(storeUrl, () => new Date(), createSilentLogger());
      await writer.catalog.ingest([
        paperInput({ id: '2612.29999', title: 'Stored by another process', dailyDate: today, upvotes: 1 }),
      ]);
      await writer.store.close();
      for (const shard of [0, 1, 2]) {
        const g = guilds.find((x) => shardOf(x.guildId) === shard) as (typeof guilds)[number];
        await expect
          .poll(() => showTitle(emu, g, member, '2612.29999'), { timeout: 15_000, interval: 500 })
          .toBe('Stored by another process');
      }

      // Ingestion ran in one process: each day was fetched by shard 0's refresh only.
      expect(hf.byDay.size, stderr).toBeGreaterThan(0);
      for (const [day, count] of hf.byDay) expect(count, `${day} fetched ${count} times`).toBe(1);

      manager.kill('SIGTERM');
      await new Promise((resolve) => manager.once('exit', resolve));
    } finally {
      await store?.close();
      await emu.close();
      await new Promise<void>((resolve) => hf.server.close(() => resolve()));
    }
  }, 180_000);
});

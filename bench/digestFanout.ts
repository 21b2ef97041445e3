/**
 * Child process of the benchmark: a 10-paper digest to many channels, through the real bot and
 * the local Discord API emulator with Discord's limits (5 messages per 5 s and 1 reaction per
 * 250 ms per channel) and the global limit raised so the round takes about 30 s. Reports the
 * measured time over the minimum those limits allow, and counts duplicate and missing posts.
 * Prints one JSON object on stdout.
 */

import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPaperCatalog } from '../src/app/openPaperCatalog.ts';
import { startBot } from '../src/app/startBot.ts';
import { loadConfig } from '../src/config/loadConfig.ts';
import { createSilentLogger } from '../src/logging/createLogger.ts';
import { openStore } from '../src/store/openStore.ts';
import { createSubscriptionRepository } from '../src/store/subscriptionRepository.ts';
import { loadFixturePapers } from './topicQuality.ts';

const [dir, channelsArg, globalArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: digestFanout <dir> [channels] [globalLimit]');
const CHANNELS = Number(channelsArg ?? 500);
const GLOBAL_LIMIT = Number(globalArg ?? 350);
const PAPERS = 10;
const now = new Date('2026-08-20T07:00:00Z');

const url = `sqlite://${join(dir, 'fanout.sqlite')}`;
const seeded = await openPaperCatalog(url, () => now, createSilentLogger());
await seeded.catalog.ingest(loadFixturePapers());
await seeded.store.close();

// The emulator runs in a child process, on the other core.
const child = fork(
  fileURLToPath(new URL('./fanoutEmulator.ts', import.meta.url)),
  [String(CHANNELS), String(GLOBAL_LIMIT)],
  {
    execArgv: ['--import', 'tsx'],
  },
);
type Ready = {
  type: 'ready';
  apiUrl: string;
  token: string;
  channels: Array<{ guildId: string; channelId: string }>;
  now: number;
};
type Counts = {
  type: 'counts';
  perChannel: Array<{ links: string[]; headers: number; unvoted: number }>;
  requests: number;
  limited: number;
};
const nextMessage = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
const ready = await nextMessage<Ready>();
const channels = ready.channels;
const emu = { apiUrl: ready.apiUrl, token: ready.token };
const store = await openStore(url);
const subscriptions = createSubscriptionRepository(store);
const byGuild = new Map<string, typeof channels>();
for (const c of channels) byGuild.set(c.guildId, [...(byGuild.get(c.guildId) ?? []), c]);
for (const [guildId, list] of byGuild) {
  await subscriptions.update(guildId, () => ({
    next: list.map((c) => ({
      guildId,
      channelId: c.channelId,
      time: '09:00',
      timezone: 'Europe/Berlin',
      topics: [],
      size: PAPERS,
      minUpvotes: 0,
      days: 'every' as const,
      emptyNotice: false,
      createdBy: '100000000000000000',
      since: '2026-08-01T00:00:00Z',
      failedDays: 0,
    })),
    result: undefined,
  }));
}
await store.close();

const config = loadConfig({
  STORE_URL: url,
  DISCORD_TOKEN: emu.token,
  DISCORD_API_URL: emu.apiUrl,
  DISCORD_GLOBAL_RATE_LIMIT: String(GLOBAL_LIMIT),
  HTTP_RETRIES: '0',
  HF_API_URL: 'http://127.0.0.1:9',
});
const bot = await startBot({
  config: { ...config, DISCORD_TOKEN: emu.token },
  logger: process.env.BENCH_LOG
    ? (await import('../src/logging/createLogger.ts')).createLogger('debug')
    : createSilentLogger(),
  clock: () => now,
  fastIdentify: true,
  refreshOnStart: false,
  catchUpOnStart: false,
  fetch: async () => new Response('[]', { headers: { 'content-type': 'application/json' } }),
});

const started = performance.now();
const report = await bot.digests.sweep();
const seconds = (performance.now() - started) / 1000;
child.send({ type: 'count', since: 0 });
const counts = await nextMessage<Counts>();

let duplicates = 0;
let missing = 0;
let missingVotes = 0;
for (const { links, headers, unvoted } of counts.perChannel) {
  duplicates += links.length - new Set(links).size + Math.max(0, headers - 1);
  missing += Math.max(0, PAPERS - new Set(links).size) + (headers === 0 ? 1 : 0);
  missingVotes += unvoted;
}
// The limits' floor: every request passes the global limit in fixed one-second windows, and each
// channel's 11 messages pass its 5-per-5-s bucket; the round can be no faster than the slower.
const perChannel = PAPERS * 2 + 1;
const globalFloor = Math.ceil((CHANNELS * perChannel) / GLOBAL_LIMIT) - 1;
const channelFloor = (Math.ceil((PAPERS + 1) / 5) - 1) * 5;
const minimum = Math.max(globalFloor, channelFloor);
process.stdout.write(
  `${JSON.stringify({
    digest_channels: CHANNELS,
    digest_fanout_s: seconds,
    digest_min_s: minimum,
    digest_fanout_ratio: seconds / minimum,
    digest_duplicates: duplicates,
    digest_missing: missing,
    digest_missing_votes: missingVotes,
    digest_delivered: report.delivered,
    digest_requests: counts.requests,
    digest_429s: counts.limited,
  })}\n`,
);
await bot.stop();
child.send({ type: 'close' });

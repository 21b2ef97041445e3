/**
 * Child process of the benchmark: reaction events end to end — members of 20 servers toggling 👍
 * under 200 digest posts at a fixed rate for 30 s, through the emulator's gateway and the real
 * bot, into the store — then the stored votes compared with the reactions Discord shows. Prints
 * one JSON object on stdout.
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

const [dir, rateArg, secondsArg, storeArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: votesThroughput <dir> [rate] [seconds] [storeUrl]');
const RATE = Number(rateArg ?? 2500);
const SECONDS = Number(secondsArg ?? 30);
const now = new Date('2026-08-20T07:00:00Z');

const url = storeArg ?? `sqlite://${join(dir, 'votes.sqlite')}`;
const seeded = await openPaperCatalog(url, () => now, createSilentLogger());
await seeded.catalog.ingest(loadFixturePapers());
await seeded.store.close();

const child = fork(fileURLToPath(new URL('./votesEmulator.ts', import.meta.url)), ['20', '400'], {
  execArgv: ['--import', 'tsx'],
});
const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
const ready = await next<{ apiUrl: string; token: string; channels: Array<{ guildId: string; channelId: string }> }>();

const store = await openStore(url);
const subscriptions = createSubscriptionRepository(store);
for (const { guildId, channelId } of ready.channels) {
  await subscriptions.update(guildId, () => ({
    next: [
      {
        guildId,
        channelId,
        time: '09:00',
        timezone: 'Europe/Berlin',
        topics: [],
        size: 10,
        minUpvotes: 0,
        days: 'every' as const,
        emptyNotice: false,
        createdBy: '100000000000000000',
        since: '2026-08-01T00:00:00Z',
        failedDays: 0,
      },
    ],
    result: undefined,
  }));
}
await store.close();

const config = loadConfig({
  STORE_URL: url,
  DISCORD_TOKEN: ready.token,
  DISCORD_API_URL: ready.apiUrl,
  DISCORD_GLOBAL_RATE_LIMIT: '5000',
  HTTP_RETRIES: '0',
  HF_API_URL: 'http://127.0.0.1:9',
});
const bot = await startBot({
  config: { ...config, DISCORD_TOKEN: ready.token },
  logger: createSilentLogger(),
  clock: () => now,
  fastIdentify: true,
  refreshOnStart: false,
  catchUpOnStart: false,
  fetch: async () => new Response('[]', { headers: { 'content-type': 'application/json' } }),
});
await bot.digests.sweep();

const started = performance.now();
child.send({ type: 'burst', rate: RATE, seconds: SECONDS });
const sent = await next<{
  sent: number;
  finalVoters: Array<{ guildId: string; messageId: string; voters: number }>;
}>();
const messages = await bot.votes.repo.messages(sent.finalVoters.map((v) => v.messageId));
const expected = new Map<string, number>();
for (const v of sent.finalVoters) {
  const paper = messages.get(v.messageId)?.paperId;
  if (paper) expected.set(`${v.guildId}:${paper}`, v.voters);
}
const compare = async () => {
  await bot.votes.recorder.flush();
  let lost = 0;
  let doubled = 0;
  for (const { guildId } of ready.channels) {
    const tally = await bot.votes.tally(guildId);
    for (const [key, want] of expected) {
      if (!key.startsWith(`${guildId}:`)) continue;
      const have = tally.get(key.slice(guildId.length + 1)) ?? 0;
      if (have < want) lost += want - have;
      if (have > want) doubled += have - want;
    }
  }
  return { lost, doubled };
};
let result = await compare();
const deadline = performance.now() + 60_000;
while ((result.lost > 0 || result.doubled > 0) && performance.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  result = await compare();
}
const elapsed = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({
    votes_events: sent.sent,
    votes_s: elapsed,
    votes_per_s: sent.sent / elapsed,
    votes_lost: result.lost,
    votes_doubled: result.doubled,
    votes_expected_total: [...expected.values()].reduce((a, b) => a + b, 0),
  })}\n`,
);
await bot.stop();
child.send({ type: 'close' });

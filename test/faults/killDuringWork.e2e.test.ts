import { join } from 'node:path';
import { describe, it } from 'vitest';
import { openCatalog } from '../../src/catalog/openCatalog.ts';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator.ts';
import { createSilentLogger } from '../../src/logging/createLogger.ts';
import { SearchIndex } from '../../src/search/searchIndex.ts';
import { createIndexRepository } from '../../src/store/indexRepository.ts';
import { openStore } from '../../src/store/openStore.ts';
import { createPaperRepository } from '../../src/store/paperRepository.ts';
import { createVoteRepository, EVERYWHERE } from '../../src/store/voteRepository.ts';
import { freshRedisUrl, REDIS_URL, tempDir } from '../support/backends.ts';
import { startBotProcess } from '../support/botProcess.ts';
import { digestPosts } from '../support/digestHarness.ts';
import { asStored, type PaperPost, storedPapers, storedVotes, withStore } from './readStore.ts';
import { DIGEST_PAPERS, seedDueDigest } from './seedDueDigest.ts';
import { serveFixtureDays } from './serveFixtureDays.ts';
import { discordVoters, startReactionBurst } from './startReactionBurst.ts';

/**
 * `kill -9` of the bot process while it works, then a restart on the same store: what it had
 * stored survives whole, and what it was doing is finished from the sources of truth (Daily
 * Papers for papers, Discord's reactions for votes) without loss or double counting.
 */
const STORES = [
  { name: 'a SQLite file', url: () => `sqlite://${join(tempDir(), 'paperboy.sqlite')}` },
  ...(REDIS_URL ? [{ name: 'Redis', url: freshRedisUrl }] : []),
];

const botEnv = (emu: Emulator, storeUrl: string, hfUrl: string) => ({
  DISCORD_TOKEN: emu.token,
  DISCORD_API_URL: emu.apiUrl,
  STORE_URL: storeUrl,
  HF_API_URL: hfUrl,
  HTTP_RETRIES: '0',
  LOG_LEVEL: 'info',
});
const ERROR_LINE = /"level":(50|60)/;
/** Discord's list of who reacted with an emoji under a message. */
const REACTORS = /^\/channels\/\d+\/messages\/\d+\/reactions\/[^/]+$/;

// The stores run side by side (a restart on Redis waits out the dead process's lock: up to 15 s
// of idle time); the tests of one store run one after the other.
describe.concurrent.each(STORES)('kill -9 on $name', ({ url: newStoreUrl }) => {
  it.sequential('during ingestion: the days stored before it stay whole; after a restart every paper is stored once and found', async ({
    expect,
    onTestFinished,
    annotate,
  }) => {
    const storeUrl = newStoreUrl();
    const hf = await serveFixtureDays();
    onTestFinished(() => hf.close());
    const emu = await startEmulator();
    onTestFinished(() => emu.close());

    // The first process gets two of its three days and hangs on the third.
    hf.holdFrom(2);
    const first = startBotProcess(botEnv(emu, storeUrl, hf.baseUrl));
    onTestFinished(() => first.stop('SIGKILL'));
    const watcher = await openStore(storeUrl);
    onTestFinished(() => watcher.close());
    // Generation 2: the second day's papers are committed. Polled without a pause, so the kill
    // usually lands before that day's search index update is stored: a crash between the two writes.
    const papers = createPaperRepository(watcher);
    await expect.poll(() => papers.generation(), { timeout: 20_000, interval: 1 }).toBe(2);
    await first.stop('SIGKILL');
    const indexed = (await createIndexRepository(watcher).load())?.manifest.generation;
    await annotate(indexed === 1 ? 'killed before the index update' : `killed after it (index at ${indexed})`);

    // Each day is one transaction: the two days are there in full, nothing of the third.
    const [a, b] = hf.served;
    const atKill = await storedPapers(watcher);
    expect(atKill.twice).toEqual([]);
    expect(atKill.papers).toEqual(asStored([...(a?.papers ?? []), ...(b?.papers ?? [])]));

    // The restarted process finds the lists moved on: the days it had are updated, the third added.
    hf.holdFrom(undefined);
    hf.addUpvotes(1);
    const second = startBotProcess(botEnv(emu, storeUrl, hf.baseUrl));
    onTestFinished(() => second.stop('SIGKILL'));
    await expect.poll(() => second.log(), { timeout: 40_000 }).toMatch(/"msg":"papers refreshed"/);
    await second.stop('SIGTERM');
    expect(second.log()).not.toMatch(ERROR_LINE);

    const all = hf.days.flatMap((d) => d.papers);
    await withStore(storeUrl, async (store) => {
      const final = await storedPapers(store);
      expect(final.twice).toEqual([]);
      expect(final.papers).toEqual(asStored(all, 1));
      // The stored index covers the papers as stored, so the next start loads it as it is.
      const loaded = await createIndexRepository(store).load();
      expect(loaded?.manifest.generation).toBe(await createPaperRepository(store).generation());
      const index = new SearchIndex(loaded?.segments ?? []);
      expect(index.size).toBe(all.length);
      for (const p of all) expect(index.get(p.id)?.day, p.id).toBe(p.dailyDate);
      const catalog = await openCatalog({
        papers: createPaperRepository(store),
        index: createIndexRepository(store),
        clock: () => new Date(),
        logger: createSilentLogger(),
        warm: false,
      });
      for (const p of all)
        expect(
          catalog.search(p.title, 5).hits.map((h) => h.id),
          p.title,
        ).toContain(p.id);
    });
  }, 60_000);

  it.sequential('during a vote burst: once restarted, the stored votes are Discord’s reactions, cast before, during and after the kill', async ({
    expect,
    onTestFinished,
  }) => {
    const storeUrl = newStoreUrl();
    const emu = await startEmulator();
    onTestFinished(() => emu.close());
    const guild = emu.createGuild({ name: 'Reading group', channels: [{ name: 'papers' }] });
    const channelId = guild.channels[0]?.id as string;
    await seedDueDigest(storeUrl, { guildId: guild.id, channelId, createdBy: emu.addUser({ username: 'admin' }).id });
    // Daily Papers unreachable: the digest is composed from the store at once.
    const env = botEnv(emu, storeUrl, 'http://127.0.0.1:9');
    const first = startBotProcess(env);
    onTestFinished(() => first.stop('SIGKILL'));
    await expect.poll(() => digestPosts(emu, channelId).withVote, { timeout: 20_000 }).toBe(DIGEST_PAPERS);
    await expect.poll(() => first.log(), { timeout: 10_000 }).toMatch(/"msg":"digest sweep"/);
    const posts: PaperPost[] = digestPosts(emu, channelId).papers.map((m) => ({
      messageId: m.id,
      paperId: String(m.embeds[0]?.url).split('/').pop() as string,
    }));
    const messageIds = posts.map((p) => p.messageId);
    // Another bot's 👍 and the bot's own never count, not even when read back from Discord.
    const otherBot = emu.addUser({ username: 'other-bot', bot: true }).id;
    for (const id of messageIds) emu.react(otherBot, channelId, id, '👍');
    const bots = new Set([emu.botUserId, otherBot]);
    const onDiscord = () => discordVoters(emu, channelId, messageIds, '👍', bots);

    const userIds = Array.from({ length: 120 }, (_, i) => emu.addUser({ username: `member-${i}` }).id);
    const burst = startReactionBurst(emu, {
      channelId,
      messageIds,
      userIds,
      emoji: '👍',
      perTick: 4,
      tickMs: 10,
      seed: 8,
    });
    onTestFinished(() => burst.stop());
    const watcher = await openStore(storeUrl);
    onTestFinished(() => watcher.close());
    const votes = createVoteRepository(watcher);
    const storedCount = async () => [...(await votes.tally(EVERYWHERE)).values()].reduce((n, v) => n + v, 0);
    // Killed once it has stored part of the burst, with more on its way to it.
    await expect.poll(storedCount, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(40);
    await first.stop('SIGKILL');
    const sentAtKill = burst.sent();
    // While it is down, members it had counted take their votes back, and the burst goes on.
    const atKill = await storedVotes(watcher, guild.id, posts);
    for (const [messageId, voters] of Object.entries(atKill.voters))
      for (const userId of voters.slice(0, 3)) emu.unreact(userId, channelId, messageId, '👍');
    expect(atKill.voters).not.toEqual(onDiscord());

    // Discord reads each reactor list at once but answers it late: reactions in between are both
    // missing from the list and seen by the restarted bot before the list arrives.
    const reactorReads = () => emu.requests.filter((r) => r.method === 'GET' && REACTORS.test(r.path)).length;
    const readsBefore = reactorReads();
    emu.delayResponseNext(REACTORS, 2 * posts.length, 150);
    const second = startBotProcess(env);
    onTestFinished(() => second.stop('SIGKILL'));
    // The burst goes on until every post's list has been read, and for as long as the last answer is held.
    await expect.poll(() => reactorReads() - readsBefore, { timeout: 20_000 }).toBeGreaterThanOrEqual(posts.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    burst.stop();
    expect(burst.sent() - sentAtKill).toBeGreaterThan(200);

    const expected = onDiscord();
    const stored = () => withStore(storeUrl, (store) => storedVotes(store, guild.id, posts));
    // Up to the dead process's lock on the votes (Redis: 15 s) plus the reconciliation.
    await expect.poll(async () => (await stored()).voters, { timeout: 40_000, interval: 200 }).toEqual(expected);
    await second.stop('SIGTERM');
    expect(second.log()).not.toMatch(ERROR_LINE);
    const final = await stored();
    expect(final.voters).toEqual(expected);
    // One message per paper: a paper's votes are its message's voters, in both tallies.
    const counts = new Map<string, number>();
    for (const p of posts) if (expected[p.messageId]?.length) counts.set(p.paperId, expected[p.messageId]?.length ?? 0);
    expect(final.tally).toEqual(counts);
    expect(final.everywhere).toEqual(counts);
  }, 60_000);
});

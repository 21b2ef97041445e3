import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/openStore.ts';
import { createSubscriptionRepository } from '../../src/store/subscriptionRepository.ts';
import { tempDir } from '../support/backends.ts';
import { startBotProcess } from '../support/botProcess.ts';
import { DigestHarness, digestPosts } from '../support/digestHarness.ts';
import { paperInput } from '../support/paperInputs.ts';
import { seedStore } from '../support/seedStore.ts';

describe('a restart in the middle of a digest', () => {
  it.each([
    ['Discord returns the first copy of a repeated nonce', 5 * 60_000],
    ['the channel is read for posts the log missed, once Discord forgot the nonce', 0],
  ])(
    'posts the remaining papers and nothing twice, even a post that landed as the process died: %s',
    async (_how, nonceMemoryMs) => {
      const h = await DigestHarness.start({ nonceMemoryMs });
      try {
        const s = h.server();
        // Ten papers of today (the real clock: the bot runs as a real process).
        const now = new Date();
        // A digest due a minute ago, in UTC: the bot catches it up at start-up.
        const due = new Date(now.getTime() - 60_000);
        const today = due.toISOString().slice(0, 10);
        const storeUrl = `sqlite://${join(tempDir(), 'restart.sqlite')}`;
        await seedStore(
          storeUrl,
          Array.from({ length: 10 }, (_, i) =>
            paperInput({
              id: `2612.${String(10001 + i)}`,
              title: `Paper number ${i}`,
              dailyDate: today,
              upvotes: 100 - i,
            }),
          ),
        );
        const store = await openStore(storeUrl);
        await createSubscriptionRepository(store).update(s.guildId, () => ({
          next: [
            {
              guildId: s.guildId,
              channelId: s.papersChannel,
              time: due.toISOString().slice(11, 16),
              timezone: 'UTC',
              topics: [],
              size: 10,
              minUpvotes: 0,
              days: 'every',
              emptyNotice: false,
              createdBy: s.admin,
              since: new Date(now.getTime() - 3_600_000).toISOString(),
              failedDays: 0,
            },
          ],
          result: undefined,
        }));
        await store.close();
        const env = {
          DISCORD_TOKEN: h.emu.token,
          DISCORD_API_URL: h.emu.apiUrl,
          STORE_URL: storeUrl,
          HF_API_URL: 'http://127.0.0.1:9',
          HTTP_RETRIES: '0',
          DIGEST_CLAIM_TTL_S: '3',
        };
        const posts = new RegExp(`^/channels/${s.papersChannel}/messages$`);
        // Header and two papers go through; the third paper is stored by Discord but its answer
        // never reaches the bot: it is killed first.
        h.emu.delayResponseNext(posts, 1, 30_000, 3);
        const first = startBotProcess(env);
        await expect.poll(() => digestPosts(h.emu, s.papersChannel).papers.length, { timeout: 20_000 }).toBe(3);
        await first.stop('SIGKILL');
        expect(digestPosts(h.emu, s.papersChannel).papers).toHaveLength(3);

        const second = startBotProcess(env);
        await expect.poll(() => digestPosts(h.emu, s.papersChannel).papers.length, { timeout: 20_000 }).toBe(10);
        // Let a late duplicate show itself if there were one.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const final = digestPosts(h.emu, s.papersChannel);
        expect(final.headers).toHaveLength(1);
        expect(final.papers).toHaveLength(10);
        expect(new Set(final.titles)).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `Paper number ${i}`)));
        expect(final.withVote).toBe(10);
        await second.stop('SIGTERM');
      } finally {
        await h.close();
      }
    },
    60_000,
  );
});

import { createSubscriptionRepository } from '../../src/store/subscriptionRepository.ts';
import { paperInput } from '../support/paperInputs.ts';
import { seedStore } from '../support/seedStore.ts';
import { testSubscription } from '../support/subscriptions.ts';
import { withStore } from './readStore.ts';

/** How many papers the digest posts. */
export const DIGEST_PAPERS = 5;

/**
 * Stores five papers of today and a digest of them for `channelId`, due a minute ago in UTC: a bot
 * process started now posts it at once (its catch-up after downtime), on the real clock.
 */
export async function seedDueDigest(
  storeUrl: string,
  target: { guildId: string; channelId: string; createdBy: string },
  now = new Date(),
): Promise<void> {
  const due = new Date(now.getTime() - 60_000);
  const today = due.toISOString().slice(0, 10);
  await seedStore(
    storeUrl,
    Array.from({ length: DIGEST_PAPERS }, (_, i) =>
      paperInput({ id: `2612.${String(20001 + i)}`, dailyDate: today, upvotes: 50 - i }),
    ),
  );
  await withStore(storeUrl, (store) =>
    createSubscriptionRepository(store).update(target.guildId, () => ({
      next: [
        testSubscription({
          ...target,
          time: due.toISOString().slice(11, 16),
          timezone: 'UTC',
          size: DIGEST_PAPERS,
          since: new Date(now.getTime() - 3_600_000).toISOString(),
        }),
      ],
      result: undefined,
    })),
  );
}

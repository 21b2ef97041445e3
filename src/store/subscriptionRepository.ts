import { type Subscription, subscriptionSchema } from '../digests/subscription.ts';
import type { Store } from './openStore.ts';

const GET_BATCH = 200;

/** The digest subscriptions, one record per server holding its (at most ten) channels. */
export interface SubscriptionRepository {
  list(guildId: string): Promise<Subscription[]>;
  /** The subscriptions of many servers at once (a shard's servers). */
  forGuilds(guildIds: readonly string[]): Promise<Subscription[]>;
  /**
   * Read-modify-write of one server's subscriptions as one transaction: two admins, or two
   * processes, changing the same server never lose each other's change.
   */
  update<T>(guildId: string, change: (subs: Subscription[]) => { next: Subscription[]; result: T }): Promise<T>;
  /** Forgets a server's subscriptions (the bot left it). Returns how many there were. */
  removeGuild(guildId: string): Promise<number>;
}

export function createSubscriptionRepository(store: Store): SubscriptionRepository {
  const kv = store.keyv('subscriptions');
  const key = (guildId: string) => `guild:${guildId}`;
  const parse = (value: unknown): Subscription[] => {
    if (value === undefined) return [];
    const parsed = subscriptionSchema.array().safeParse(value);
    if (!parsed.success) throw new Error('stored digest subscriptions are not readable');
    return parsed.data;
  };
  const list = async (guildId: string) => parse(await kv.get(key(guildId)));
  return {
    list,
    async forGuilds(guildIds) {
      const out: Subscription[] = [];
      for (let i = 0; i < guildIds.length; i += GET_BATCH) {
        const values = await kv.getMany(guildIds.slice(i, i + GET_BATCH).map(key));
        for (const value of values) out.push(...parse(value));
      }
      return out;
    },
    update: (guildId, change) =>
      store.transaction('subscriptions', async () => {
        const { next, result } = change(await list(guildId));
        const checked = subscriptionSchema.array().parse(next);
        if (checked.length === 0) await kv.delete(key(guildId));
        else await kv.set(key(guildId), checked);
        return result;
      }),
    removeGuild: (guildId) =>
      store.transaction('subscriptions', async () => {
        const count = (await list(guildId)).length;
        await kv.delete(key(guildId));
        return count;
      }),
  };
}

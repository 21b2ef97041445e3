import { type DigestRun, digestRunSchema } from '../digests/digestRun.ts';
import type { Store } from './openStore.ts';

const GET_BATCH = 200;

/**
 * The delivery log: each digest run (what it chose, how it is going) and one record per message
 * that landed, keyed by (channel, day, paper) and written the moment Discord accepted it. What
 * is in the log is never posted again.
 */
export interface RunRepository {
  get(channelId: string, day: string): Promise<DigestRun | undefined>;
  /** Runs by (channel, day), keyed `channel:day` in the result. */
  getMany(keys: ReadonlyArray<{ channelId: string; day: string }>): Promise<Map<string, DigestRun>>;
  put(run: DigestRun): Promise<void>;
  /** Records that a message landed: `slot` is a paper id or `header`. */
  markSent(channelId: string, day: string, slot: string, messageId: string): Promise<void>;
  /** The messages already recorded for these slots: slot → message id. */
  sent(channelId: string, day: string, slots: readonly string[]): Promise<Map<string, string>>;
}

export function createRunRepository(store: Store): RunRepository {
  const kv = store.keyv('runs');
  const runKey = (channelId: string, day: string) => `run:${channelId}:${day}`;
  const sentKey = (channelId: string, day: string, slot: string) => `sent:${channelId}:${day}:${slot}`;
  const parse = (value: unknown): DigestRun | undefined => {
    if (value === undefined) return undefined;
    const parsed = digestRunSchema.safeParse(value);
    if (!parsed.success) throw new Error('a stored digest run is not readable');
    return parsed.data;
  };
  return {
    get: async (channelId, day) => parse(await kv.get(runKey(channelId, day))),
    async getMany(keys) {
      const out = new Map<string, DigestRun>();
      for (let i = 0; i < keys.length; i += GET_BATCH) {
        const batch = keys.slice(i, i + GET_BATCH);
        const values = await kv.getMany(batch.map((k) => runKey(k.channelId, k.day)));
        batch.forEach((k, j) => {
          const run = parse(values[j]);
          if (run) out.set(`${k.channelId}:${k.day}`, run);
        });
      }
      return out;
    },
    put: async (run) => {
      const checked = digestRunSchema.parse(run);
      await store.transaction('runs', () => kv.set(runKey(run.channelId, run.day), checked));
    },
    markSent: async (channelId, day, slot, messageId) => {
      await store.transaction('runs', () => kv.set(sentKey(channelId, day, slot), messageId));
    },
    async sent(channelId, day, slots) {
      const out = new Map<string, string>();
      if (slots.length === 0) return out;
      for (let i = 0; i < slots.length; i += GET_BATCH) {
        const batch = slots.slice(i, i + GET_BATCH);
        const values = await kv.getMany(batch.map((s) => sentKey(channelId, day, s)));
        batch.forEach((slot, j) => {
          const value = values[j];
          if (typeof value === 'string') out.set(slot, value);
        });
      }
      return out;
    },
  };
}

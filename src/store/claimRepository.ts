import { z } from 'zod';
import type { Store } from './openStore.ts';

const claimSchema = z.object({ owner: z.string(), until: z.number() });

/**
 * The answer to a claim: taken — `renewed` when the caller still held it, false when it was free
 * (never taken, released, or expired: someone else may have done the work meanwhile) — or held by
 * someone else until an instant.
 */
export type ClaimResult = { ok: true; renewed: boolean } | { ok: false; owner: string; until: number };

/**
 * Claims with expiry: who is doing a piece of work (posting one channel's digest) right now.
 * Taking or renewing one is a transaction, so of two processes on one store only one gets it;
 * a process that dies leaves a claim that expires, and the work is picked up again.
 */
export interface ClaimRepository {
  claim(key: string, owner: string, now: number, ttlMs: number): Promise<ClaimResult>;
  release(key: string, owner: string): Promise<void>;
}

export function createClaimRepository(store: Store): ClaimRepository {
  const kv = store.keyv('claims');
  const read = async (key: string) => {
    const parsed = claimSchema.safeParse(await kv.get(key));
    return parsed.success ? parsed.data : undefined;
  };
  return {
    claim: (key, owner, now, ttlMs) =>
      store.transaction('claims', async (): Promise<ClaimResult> => {
        const held = await read(key);
        const live = held !== undefined && held.until > now;
        if (live && held.owner !== owner) return { ok: false, owner: held.owner, until: held.until };
        await kv.set(key, { owner, until: now + ttlMs });
        return { ok: true, renewed: live };
      }),
    release: (key, owner) =>
      store.transaction('claims', async () => {
        const held = await read(key);
        if (held?.owner === owner) await kv.delete(key);
      }),
  };
}

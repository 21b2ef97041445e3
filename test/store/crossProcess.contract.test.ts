import { describe, expect, it } from 'vitest';
import { createClaimRepository } from '../../src/store/claimRepository.ts';
import { openStore, type Store } from '../../src/store/openStore.ts';
import { createPaperRepository } from '../../src/store/paperRepository.ts';
import { createRunRepository } from '../../src/store/runRepository.ts';
import { createSubscriptionRepository } from '../../src/store/subscriptionRepository.ts';
import { createVoteRepository, EVERYWHERE } from '../../src/store/voteRepository.ts';
import { BACKENDS, freshRedisUrl, openTracked, REDIS_URL, SHARED_BACKENDS, storeUrlOf } from '../support/backends.ts';
import { testSubscription } from '../support/subscriptions.ts';

const T0 = Date.parse('2026-08-20T07:00:00Z');
const TTL = 60_000;
const guild = (n: number) => `1${String(n).padStart(17, '0')}`;
const channel = (n: number) => `2${String(n).padStart(17, '0')}`;

/**
 * Two "processes" on one store: two stores opened separately on the same data, each with its own
 * connections and its own in-process write queue, so only the backend keeps them apart.
 */
describe.each(SHARED_BACKENDS)('two processes on one $name store', (backend) => {
  const twoProcesses = async (work: (first: Store, second: Store) => Promise<void>) => {
    const first = await backend.create();
    const second = await openTracked(storeUrlOf(first));
    try {
      await work(first, second);
    } finally {
      await second.close();
      await first.close();
    }
  };

  it('racing claims on one key: exactly one wins, and both then see the winner', () =>
    twoProcesses(async (first, second) => {
      const one = createClaimRepository(first);
      const two = createClaimRepository(second);
      for (let i = 0; i < 20; i++) {
        const key = `digest:${i}`;
        const [a, b] = await Promise.all([one.claim(key, 'p1', T0, TTL), two.claim(key, 'p2', T0, TTL)]);
        expect([a, b].filter((r) => r.ok)).toHaveLength(1);
        const winner = a.ok ? 'p1' : 'p2';
        expect(a.ok ? b : a).toEqual({ ok: false, owner: winner, until: T0 + TTL });
        expect(await one.claim(key, 'p3', T0 + 1, TTL)).toMatchObject({ ok: false, owner: winner });
        expect(await two.claim(key, 'p3', T0 + 1, TTL)).toMatchObject({ ok: false, owner: winner });
      }
      // Many claims queued at once on both sides (group commits): still one winner per key.
      const keys = Array.from({ length: 50 }, (_, i) => `burst:${i}`);
      const results = await Promise.all(
        keys.flatMap((key) => [one.claim(key, 'p1', T0, TTL), two.claim(key, 'p2', T0, TTL)]),
      );
      for (let i = 0; i < keys.length; i++)
        expect([results[2 * i], results[2 * i + 1]].filter((r) => r?.ok)).toHaveLength(1);
      // An expired claim is taken over by the other process.
      const taken = await two.claim('digest:0', 'p2', T0 + TTL + 1, TTL);
      expect(taken).toEqual({ ok: true, renewed: false });
    }));

  it('racing vote batches for one server from both: no lost update, the tallies count every voter once', () =>
    twoProcesses(async (first, second) => {
      const one = createVoteRepository(first);
      const two = createVoteRepository(second);
      const add = (messageId: string, userId: string) => ({ kind: 'add' as const, messageId, userId });
      // 60 voters split over the two processes, some events delivered to both (applied twice).
      await Promise.all(
        Array.from({ length: 60 }, (_, i) => {
          const events = new Map([
            ['p1', [add(`m${i % 3}`, `u${i}`)]],
            ['p2', [add('m9', `u${i % 10}`)]],
          ]);
          return i % 4 === 0
            ? Promise.all([one.apply('g', events), two.apply('g', events)])
            : (i % 2 ? one : two).apply('g', events);
        }),
      );
      // And another server at the same time: the shared everywhere tally takes both.
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).apply('h', new Map([['p1', [add('n1', `v${i}`)]]]))),
      );
      expect(await one.tally('g')).toEqual(
        new Map([
          ['p1', 60],
          ['p2', 10],
        ]),
      );
      expect(await two.tally('g')).toEqual(
        new Map([
          ['p1', 60],
          ['p2', 10],
        ]),
      );
      expect(await two.tally('h')).toEqual(new Map([['p1', 10]]));
      expect(await one.tally(EVERYWHERE)).toEqual(
        new Map([
          ['p1', 70],
          ['p2', 10],
        ]),
      );
      const voters = await one.voters('g', 'p1');
      expect(Object.values(voters).flat().sort()).toEqual(Array.from({ length: 60 }, (_, i) => `u${i}`).sort());
    }));

  it('racing subscription updates and paper writes from both are not lost', () =>
    twoProcesses(async (first, second) => {
      const subs = [createSubscriptionRepository(first), createSubscriptionRepository(second)] as const;
      const papers = [createPaperRepository(first), createPaperRepository(second)] as const;
      await Promise.all([
        ...Array.from({ length: 8 }, (_, i) =>
          subs[i % 2]?.update(guild(1), (list) => ({
            next: [...list, testSubscription({ guildId: guild(1), channelId: channel(i) })],
            result: undefined,
          })),
        ),
        ...Array.from({ length: 10 }, (_, i) => papers[i % 2]?.putDays(new Map())),
      ]);
      const expected = Array.from({ length: 8 }, (_, i) => channel(i)).sort();
      expect((await subs[1].list(guild(1))).map((s) => s.channelId).sort()).toEqual(expected);
      // Each write bumps the shared generation counter once: ten writes, generation ten.
      expect(await papers[0].generation()).toBe(10);
    }));

  it('delivery records are idempotent: both processes recording one slot keep one record', () =>
    twoProcesses(async (first, second) => {
      const one = createRunRepository(first);
      const two = createRunRepository(second);
      await Promise.all([
        one.markSent(channel(1), '2026-08-20', 'header', 'msg-1'),
        two.markSent(channel(1), '2026-08-20', 'header', 'msg-1'),
      ]);
      expect(await two.sent(channel(1), '2026-08-20', ['header', '2608.00001'])).toEqual(
        new Map([['header', 'msg-1']]),
      );
    }));

  it('a failed transaction in one process leaves nothing for the other to see', () =>
    twoProcesses(async (first, second) => {
      await createPaperRepository(first).putDays(new Map());
      await expect(
        first.transaction('papers', async () => {
          await first.keyv('papers').set('generation', 99);
          await first.keyv('papers').set('day:2026-08-19', []);
          expect(await first.keyv('papers').get('generation')).toBe(99);
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect(await createPaperRepository(second).generation()).toBe(1);
      expect(await second.keyv('papers').has('day:2026-08-19')).toBe(false);
    }));
});

describe.runIf(REDIS_URL)('the Redis store', () => {
  it('reads its own buffered writes inside a transaction, and shows them to others only after commit', async () => {
    const store = await openTracked(freshRedisUrl());
    const other = await openTracked(storeUrlOf(store));
    const kv = store.keyv('runs');
    await store.transaction('runs', async () => {
      await kv.set('a', 1);
      await kv.setMany([
        { key: 'b', value: 2 },
        { key: 'c', value: 3 },
      ]);
      await kv.delete('c');
      expect(await kv.get('a')).toBe(1);
      expect(await kv.getMany(['a', 'b', 'c', 'd'])).toEqual([1, 2, undefined, undefined]);
      expect(await kv.has('b')).toBe(true);
      expect(await kv.has('c')).toBe(false);
      const seen: string[] = [];
      for await (const [key] of kv.iterator?.(undefined) ?? []) seen.push(String(key));
      expect(seen.sort()).toEqual(['a', 'b']);
      // Another process sees nothing yet.
      expect(await other.keyv('runs').get('a')).toBeUndefined();
    });
    expect(await other.keyv('runs').getMany(['a', 'b', 'c'])).toEqual([1, 2, undefined]);
  });

  it('keeps its locks apart from the records: iterating a namespace shows only its records', async () => {
    const store = await openTracked(freshRedisUrl());
    const repo = createPaperRepository(store);
    await repo.putDays(new Map([['2026-08-19', []]]));
    const seen: string[] = [];
    for await (const [key] of store.keyv('papers').iterator?.(undefined) ?? []) seen.push(String(key));
    expect(seen).toEqual(['generation']);
  });

  it('describes itself without credentials', async () => {
    const url = new URL(freshRedisUrl());
    url.username = 'default';
    url.password = 'sekrit-password';
    // Wrong credentials fail to open; the message and a description never show them.
    const opened = await openStore(url.toString()).then(
      (store) => store,
      (error: Error) => error,
    );
    if (opened instanceof Error) expect(opened.message).not.toContain('sekrit');
    else {
      expect(opened.description).not.toContain('sekrit');
      expect(opened.description).not.toContain('default');
      await opened.close();
    }
  });
});

it('lists Redis among the backends exactly when REDIS_URL is set', () => {
  expect(BACKENDS.some((b) => b.name === 'redis')).toBe(REDIS_URL !== undefined);
});

import { describe, expect, it } from 'vitest';
import { type DigestRun, digestRunSchema } from '../../src/digests/digestRun.ts';
import type { Subscription } from '../../src/digests/subscription.ts';
import { createClaimRepository } from '../../src/store/claimRepository.ts';
import { NestedTransactionError, openStore, type Store } from '../../src/store/openStore.ts';
import { createRunRepository } from '../../src/store/runRepository.ts';
import { createSubscriptionRepository } from '../../src/store/subscriptionRepository.ts';
import { BACKENDS, storeUrlOf } from '../support/backends.ts';
import { testSubscription } from '../support/subscriptions.ts';

/** The n-th server or channel id: a valid 18-digit snowflake. */
const guild = (n: number) => `1${String(n).padStart(17, '0')}`;
const channel = (n: number) => `2${String(n).padStart(17, '0')}`;

/** The shared test subscription, with this file's ids and start; override what the test is about. */
function sub(overrides: Partial<Subscription> = {}): Subscription {
  return testSubscription({
    guildId: guild(1),
    channelId: channel(1),
    since: '2026-08-19T12:00:00.000Z',
    ...overrides,
  });
}

/** A valid run record; override what the test is about. */
function run(overrides: Partial<DigestRun> = {}): DigestRun {
  return digestRunSchema.parse({
    guildId: guild(1),
    channelId: channel(1),
    day: '2026-08-20',
    kind: 'digest',
    status: 'sending',
    scheduledAt: '2026-08-20T07:00:00.000Z',
    startedAt: '2026-08-20T07:00:02.000Z',
    late: false,
    paperIds: ['2608.00001', '2608.00002'],
    posted: 0,
    attempts: 0,
    ...overrides,
  });
}

const T0 = Date.parse('2026-08-20T07:00:00Z');
const TTL = 60_000;

describe.each(BACKENDS)('digest repositories on $name', (backend) => {
  describe('subscriptions', () => {
    it('reads an unknown server as having none', async () => {
      const repo = createSubscriptionRepository(await backend.create());
      expect(await repo.list(guild(1))).toEqual([]);
      expect(await repo.forGuilds([guild(1), guild(2)])).toEqual([]);
      expect(await repo.removeGuild(guild(1))).toBe(0);
    });

    it('update hands the change the current list, saves its next list and returns its result', async () => {
      const repo = createSubscriptionRepository(await backend.create());
      const first = sub();
      const second = sub({ channelId: channel(2), time: '17:30', topics: ['robotics'] });
      const seen: Subscription[][] = [];
      expect(
        await repo.update(guild(1), (subs) => {
          seen.push(subs);
          return { next: [...subs, first], result: 'added' };
        }),
      ).toBe('added');
      expect(
        await repo.update(guild(1), (subs) => {
          seen.push(subs);
          return { next: [...subs, second], result: subs.length };
        }),
      ).toBe(1);
      expect(seen).toEqual([[], [first]]);
      expect(await repo.list(guild(1))).toEqual([first, second]);
      expect(await repo.list(guild(2))).toEqual([]);

      // Changing one, then removing it.
      await repo.update(guild(1), (subs) => ({
        next: subs.map((s) => (s.channelId === channel(2) ? { ...s, size: 9 } : s)),
        result: undefined,
      }));
      expect((await repo.list(guild(1))).map((s) => s.size)).toEqual([5, 9]);
      await repo.update(guild(1), (subs) => ({ next: subs.filter((s) => s.channelId !== channel(1)), result: null }));
      expect(await repo.list(guild(1))).toEqual([{ ...second, size: 9 }]);
    });

    it('an empty next list deletes the record', async () => {
      const store = await backend.create();
      const repo = createSubscriptionRepository(store);
      await repo.update(guild(1), () => ({ next: [sub()], result: undefined }));
      await repo.update(guild(1), () => ({ next: [], result: undefined }));
      expect(await repo.list(guild(1))).toEqual([]);
      expect(await store.keyv('subscriptions').get(`guild:${guild(1)}`)).toBeUndefined();
      expect(await repo.removeGuild(guild(1))).toBe(0);
    });

    it('reads the subscriptions of many servers at once, beyond one batch', async () => {
      const repo = createSubscriptionRepository(await backend.create());
      const count = 450;
      for (let i = 0; i < count; i++) {
        const subs = [sub({ guildId: guild(i), channelId: channel(2 * i) })];
        if (i % 3 === 0) subs.push(sub({ guildId: guild(i), channelId: channel(2 * i + 1), time: '18:00' }));
        await repo.update(guild(i), () => ({ next: subs, result: undefined }));
      }
      // Every server, some unknown ones in between, in an order different from the writes.
      const asked = [...Array.from({ length: count }, (_, i) => guild(count - 1 - i)), guild(9_000), guild(9_001)];
      const found = await repo.forGuilds(asked);
      const expected = Array.from({ length: count }, (_, k) => count - 1 - k).flatMap((i) =>
        i % 3 === 0 ? [channel(2 * i), channel(2 * i + 1)] : [channel(2 * i)],
      );
      expect(found.map((s) => s.channelId)).toEqual(expected);
      expect(found.every((s) => s.guildId === guild(Number(s.channelId.slice(1)) >> 1))).toBe(true);
      expect(await repo.forGuilds([])).toEqual([]);
      expect((await repo.forGuilds([guild(3)])).map((s) => s.channelId)).toEqual([channel(6), channel(7)]);
    });

    it('removeGuild forgets one server and says how many digests it had', async () => {
      const repo = createSubscriptionRepository(await backend.create());
      await repo.update(guild(1), () => ({
        next: [sub(), sub({ channelId: channel(2) }), sub({ channelId: channel(3) })],
        result: undefined,
      }));
      await repo.update(guild(2), () => ({ next: [sub({ guildId: guild(2), channelId: channel(4) })], result: 0 }));
      expect(await repo.removeGuild(guild(1))).toBe(3);
      expect(await repo.list(guild(1))).toEqual([]);
      expect(await repo.removeGuild(guild(1))).toBe(0);
      expect((await repo.list(guild(2))).map((s) => s.channelId)).toEqual([channel(4)]);
    });

    it('a change that throws writes nothing, and the next update still works', async () => {
      const repo = createSubscriptionRepository(await backend.create());
      const kept = sub();
      await repo.update(guild(1), () => ({ next: [kept], result: undefined }));
      await expect(
        repo.update(guild(1), () => {
          throw new Error('admin lacks Manage Server');
        }),
      ).rejects.toThrow('admin lacks Manage Server');
      expect(await repo.list(guild(1))).toEqual([kept]);
      await repo.update(guild(1), (subs) => ({ next: [...subs, sub({ channelId: channel(2) })], result: undefined }));
      expect(await repo.list(guild(1))).toHaveLength(2);
    });

    it('a failed transaction on the namespace rolls back what it had written', async () => {
      const store = await backend.create();
      const repo = createSubscriptionRepository(store);
      const kept = sub();
      await repo.update(guild(1), () => ({ next: [kept], result: undefined }));
      await expect(
        store.transaction('subscriptions', async () => {
          await store.keyv('subscriptions').set(`guild:${guild(1)}`, []);
          await store.keyv('subscriptions').set(`guild:${guild(2)}`, [sub({ guildId: guild(2) })]);
          throw new Error('crash after the writes');
        }),
      ).rejects.toThrow('crash after the writes');
      expect(await repo.list(guild(1))).toEqual([kept]);
      expect(await repo.list(guild(2))).toEqual([]);
    });

    it.each<[string, (good: Subscription) => unknown[]]>([
      ['a bad guild id', (good) => [good, { ...good, channelId: channel(2), guildId: 'not-a-snowflake' }]],
      ['a time out of range', (good) => [{ ...good, time: '25:00' }]],
      ['six topics', (good) => [{ ...good, topics: ['a', 'b', 'c', 'd', 'e', 'f'] }]],
      ['a size of 0', (good) => [{ ...good, size: 0 }]],
      ['a missing field', (good) => [{ ...good, since: undefined }]],
      ['a null entry', () => [null]],
    ])('refuses a bad record (%s) and writes nothing', async (_, bad) => {
      let store = await backend.create();
      const repo = createSubscriptionRepository(store);
      const good = sub();
      await repo.update(guild(1), () => ({ next: [good], result: undefined }));
      await expect(
        repo.update(guild(1), () => ({ next: bad(good) as Subscription[], result: 'saved' })),
      ).rejects.toThrow();
      expect(await repo.list(guild(1))).toEqual([good]);
      // The refused write did not leave a transaction open on the namespace either.
      await repo.update(guild(2), () => ({ next: [sub({ guildId: guild(2) })], result: undefined }));
      store = await backend.reopen(store);
      const again = createSubscriptionRepository(store);
      expect(await again.list(guild(1))).toEqual([good]);
      expect(await again.list(guild(2))).toHaveLength(1);
    });

    it('concurrent updates of one server each see the previous one: none is lost', async () => {
      const repo = createSubscriptionRepository(await backend.create());
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          repo.update(guild(1), (subs) => ({ next: [...subs, sub({ channelId: channel(i) })], result: subs.length })),
        ),
      );
      expect([...results].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect((await repo.list(guild(1))).map((s) => s.channelId).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => channel(i)).sort(),
      );
    });

    it('keeps subscriptions, with their running state, across a restart', async () => {
      let store = await backend.create();
      const stored = sub({
        paused: { reason: 'missing permission', at: '2026-08-20T07:00:05.000Z' },
        failedDays: 2,
        last: { day: '2026-08-19', status: 'delivered', at: '2026-08-19T07:00:09.000Z', count: 5, late: false },
      });
      await createSubscriptionRepository(store).update(guild(1), () => ({ next: [stored], result: undefined }));
      store = await backend.reopen(store);
      const repo = createSubscriptionRepository(store);
      expect(await repo.list(guild(1))).toEqual([stored]);
      expect(await repo.forGuilds([guild(1)])).toEqual([stored]);
    });
  });

  describe('runs', () => {
    it('reads an unknown run as undefined', async () => {
      const repo = createRunRepository(await backend.create());
      expect(await repo.get(channel(1), '2026-08-20')).toBeUndefined();
      expect(await repo.getMany([{ channelId: channel(1), day: '2026-08-20' }])).toEqual(new Map());
    });

    it('puts and gets runs by channel and day; a put replaces the run', async () => {
      const repo = createRunRepository(await backend.create());
      const started = run();
      await repo.put(started);
      await repo.put(run({ day: '2026-08-21' }));
      await repo.put(run({ channelId: channel(2) }));
      expect(await repo.get(channel(1), '2026-08-20')).toEqual(started);
      const done = run({
        status: 'delivered',
        posted: 2,
        finishedAt: '2026-08-20T07:00:30.000Z',
        headerMessageId: '9',
      });
      await repo.put(done);
      expect(await repo.get(channel(1), '2026-08-20')).toEqual(done);
      expect((await repo.get(channel(1), '2026-08-21'))?.status).toBe('sending');
      expect((await repo.get(channel(2), '2026-08-20'))?.channelId).toBe(channel(2));
      expect(await repo.get(channel(3), '2026-08-20')).toBeUndefined();
    });

    it('refuses a run the schema does not allow, and writes nothing', async () => {
      const repo = createRunRepository(await backend.create());
      const good = run();
      await repo.put(good);
      await expect(repo.put({ ...good, status: 'bogus' } as unknown as DigestRun)).rejects.toThrow();
      await expect(repo.put({ ...good, posted: -1 })).rejects.toThrow();
      expect(await repo.get(channel(1), '2026-08-20')).toEqual(good);
    });

    it('getMany reads many runs at once, beyond one batch, keyed channel:day, leaving out missing ones', async () => {
      const repo = createRunRepository(await backend.create());
      const keys = Array.from({ length: 450 }, (_, i) => ({ channelId: channel(i), day: '2026-08-20' }));
      for (const [i, key] of keys.entries()) if (i % 2 === 0) await repo.put(run({ ...key, posted: i % 7 }));
      const found = await repo.getMany([...keys, { channelId: channel(0), day: '2026-08-19' }]);
      expect(found.size).toBe(225);
      for (const [i, key] of keys.entries()) {
        const got = found.get(`${key.channelId}:${key.day}`);
        if (i % 2 === 0) expect(got).toEqual(run({ ...key, posted: i % 7 }));
        else expect(got).toBeUndefined();
      }
      expect(found.has(`${channel(0)}:2026-08-19`)).toBe(false);
    });

    it('markSent records a landed message; sent answers for the asked slots only', async () => {
      const repo = createRunRepository(await backend.create());
      await repo.markSent(channel(1), '2026-08-20', 'header', '1001');
      await repo.markSent(channel(1), '2026-08-20', '2608.00001', '1002');
      await repo.markSent(channel(1), '2026-08-21', '2608.00002', '1003');
      await repo.markSent(channel(2), '2026-08-20', '2608.00002', '1004');
      expect(await repo.sent(channel(1), '2026-08-20', ['header', '2608.00001', '2608.00002'])).toEqual(
        new Map([
          ['header', '1001'],
          ['2608.00001', '1002'],
        ]),
      );
      expect(await repo.sent(channel(1), '2026-08-20', [])).toEqual(new Map());
      expect(await repo.sent(channel(1), '2026-08-21', ['2608.00002'])).toEqual(new Map([['2608.00002', '1003']]));
      expect(await repo.sent(channel(3), '2026-08-20', ['header'])).toEqual(new Map());
      // The run record and the sent log do not collide.
      expect(await repo.get(channel(1), '2026-08-20')).toBeUndefined();
    });

    it('sent reads more slots than one batch', async () => {
      const repo = createRunRepository(await backend.create());
      const slots = Array.from({ length: 420 }, (_, i) => `2608.${String(10000 + i)}`);
      for (const [i, slot] of slots.entries())
        if (i % 3 === 0) await repo.markSent(channel(1), '2026-08-20', slot, `m${i}`);
      const sent = await repo.sent(channel(1), '2026-08-20', slots);
      expect(sent.size).toBe(140);
      expect(sent.get(slots[417] as string)).toBe('m417');
      expect(sent.has(slots[418] as string)).toBe(false);
    });

    it('keeps runs and the sent log across a restart', async () => {
      let store = await backend.create();
      const r = run({ status: 'retrying', attempts: 2, nextAttemptAt: '2026-08-20T07:04:00.000Z', reason: '502' });
      await createRunRepository(store).put(r);
      await createRunRepository(store).markSent(channel(1), '2026-08-20', 'header', '1001');
      store = await backend.reopen(store);
      const repo = createRunRepository(store);
      expect(await repo.get(channel(1), '2026-08-20')).toEqual(r);
      expect(await repo.sent(channel(1), '2026-08-20', ['header'])).toEqual(new Map([['header', '1001']]));
    });
  });

  describe('transactions', () => {
    it('refuses a transaction inside another at once, instead of waiting for itself', async () => {
      const store = await backend.create();
      const claims = createClaimRepository(store);
      await expect(store.transaction('runs', () => claims.claim('digest:1', 'a', T0, TTL))).rejects.toThrow(
        NestedTransactionError,
      );
      // The store is still usable.
      expect(await claims.claim('digest:1', 'a', T0, TTL)).toEqual({ ok: true, renewed: false });
    });
  });

  describe('claims', () => {
    it('the first owner wins; another is refused with who holds it and until when', async () => {
      const claims = createClaimRepository(await backend.create());
      expect(await claims.claim('digest:1', 'a', T0, TTL)).toEqual({ ok: true, renewed: false });
      expect(await claims.claim('digest:1', 'b', T0 + 1, TTL)).toEqual({ ok: false, owner: 'a', until: T0 + TTL });
      // Other keys are independent.
      expect(await claims.claim('digest:2', 'b', T0 + 1, TTL)).toEqual({ ok: true, renewed: false });
    });

    it('the same owner renews: the expiry moves on', async () => {
      const claims = createClaimRepository(await backend.create());
      await claims.claim('digest:1', 'a', T0, TTL);
      expect(await claims.claim('digest:1', 'a', T0 + 30_000, TTL)).toEqual({ ok: true, renewed: true });
      expect(await claims.claim('digest:1', 'b', T0 + TTL, TTL)).toEqual({
        ok: false,
        owner: 'a',
        until: T0 + 30_000 + TTL,
      });
    });

    it('an owner whose claim lapsed gets it back, told it was not a renewal', async () => {
      const claims = createClaimRepository(await backend.create());
      await claims.claim('digest:1', 'a', T0, TTL);
      expect(await claims.claim('digest:1', 'a', T0 + TTL + 1, TTL)).toEqual({ ok: true, renewed: false });
    });

    it('another owner is refused until the claim expires, then wins', async () => {
      const claims = createClaimRepository(await backend.create());
      await claims.claim('digest:1', 'a', T0, TTL);
      expect(await claims.claim('digest:1', 'b', T0 + TTL - 1, TTL)).toMatchObject({ ok: false, owner: 'a' });
      expect(await claims.claim('digest:1', 'b', T0 + TTL, TTL)).toEqual({ ok: true, renewed: false });
      expect(await claims.claim('digest:1', 'a', T0 + TTL + 1, TTL)).toEqual({
        ok: false,
        owner: 'b',
        until: T0 + 2 * TTL,
      });
    });

    it('release by someone else does nothing; release by the owner frees it at once', async () => {
      const claims = createClaimRepository(await backend.create());
      await claims.claim('digest:1', 'a', T0, TTL);
      await claims.release('digest:1', 'b');
      expect(await claims.claim('digest:1', 'b', T0 + 1, TTL)).toMatchObject({ ok: false, owner: 'a' });
      await claims.release('digest:1', 'a');
      expect(await claims.claim('digest:1', 'b', T0 + 2, TTL)).toEqual({ ok: true, renewed: false });
      await claims.release('digest:unknown', 'a');
    });

    it('a claim survives a restart', async () => {
      let store = await backend.create();
      await createClaimRepository(store).claim('digest:1', 'a', T0, TTL);
      store = await backend.reopen(store);
      expect(await createClaimRepository(store).claim('digest:1', 'b', T0 + 1, TTL)).toEqual({
        ok: false,
        owner: 'a',
        until: T0 + TTL,
      });
    });

    it('of concurrent claims from two repositories over one store, exactly one wins each key', async () => {
      const store = await backend.create();
      const one = createClaimRepository(store);
      const two = createClaimRepository(store);
      const keys = Array.from({ length: 20 }, (_, i) => `digest:${i}`);
      const results = await Promise.all(
        keys.flatMap((key) => [one.claim(key, 'one', T0, TTL), two.claim(key, 'two', T0, TTL)]),
      );
      for (let i = 0; i < keys.length; i++) {
        const pair = [results[2 * i], results[2 * i + 1]];
        expect(pair.filter((r) => r?.ok)).toHaveLength(1);
        const loser = pair.find((r) => r && !r.ok);
        expect(loser).toEqual({ ok: false, owner: pair[0]?.ok ? 'one' : 'two', until: T0 + TTL });
      }
    });
  });
});

/**
 * A second process on the same database: a second store opened from the same file, with its own
 * connections and its own in-process queue, so only SQLite's locking keeps the two apart.
 */
describe('digest repositories across two processes on one SQLite file', () => {
  const sqlite = BACKENDS.find((b) => b.name === 'sqlite file');
  if (!sqlite) throw new Error('the SQLite test backend is missing');
  const twoProcesses = async (work: (first: Store, second: Store) => Promise<void>) => {
    const first = await sqlite.create();
    const second = await openStore(storeUrlOf(first));
    try {
      await work(first, second);
    } finally {
      await second.close();
      await first.close();
    }
  };

  it('of concurrent claims from the two, exactly one wins each key, and both then see the winner', () =>
    twoProcesses(async (first, second) => {
      const mine = createClaimRepository(first);
      const theirs = createClaimRepository(second);
      const winners = new Set<string>();
      for (let i = 0; i < 10; i++) {
        const key = `digest:${i}`;
        const [a, b] = await Promise.all([mine.claim(key, 'p1', T0, TTL), theirs.claim(key, 'p2', T0, TTL)]);
        expect([a, b].filter((r) => r.ok)).toHaveLength(1);
        const winner = a.ok ? 'p1' : 'p2';
        winners.add(winner);
        expect(a.ok ? b : a).toEqual({ ok: false, owner: winner, until: T0 + TTL });
        expect(await mine.claim(key, 'p3', T0 + 1, TTL)).toMatchObject({ ok: false, owner: winner });
        expect(await theirs.claim(key, 'p3', T0 + 1, TTL)).toMatchObject({ ok: false, owner: winner });
      }
      // Many keys at once from both sides: still one winner per key.
      const keys = Array.from({ length: 30 }, (_, i) => `burst:${i}`);
      const results = await Promise.all(
        keys.flatMap((key) => [mine.claim(key, 'p1', T0, TTL), theirs.claim(key, 'p2', T0, TTL)]),
      );
      for (let i = 0; i < keys.length; i++) {
        expect([results[2 * i], results[2 * i + 1]].filter((r) => r?.ok)).toHaveLength(1);
      }
    }));

  it('concurrent subscription updates from the two are not lost', () =>
    twoProcesses(async (first, second) => {
      const subsA = createSubscriptionRepository(first);
      const subsB = createSubscriptionRepository(second);
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? subsA : subsB).update(guild(1), (subs) => ({
            next: [...subs, sub({ channelId: channel(i) })],
            result: undefined,
          })),
        ),
      );
      const expected = Array.from({ length: 8 }, (_, i) => channel(i)).sort();
      expect((await subsA.list(guild(1))).map((s) => s.channelId).sort()).toEqual(expected);
      expect((await subsB.list(guild(1))).map((s) => s.channelId).sort()).toEqual(expected);
    }));
});

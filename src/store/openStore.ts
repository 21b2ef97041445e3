import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { asStoreFault, classifyStoreFault } from './StoreUnavailableError.ts';

/** Every kind of record lives in its own keyv namespace. */
export type Namespace = 'papers' | 'index' | 'subscriptions' | 'runs' | 'claims' | 'votes';

/**
 * The paper store: one keyv per namespace over one backend, plus the transactions keyv lacks.
 * Repositories are the only code that touches it.
 */
export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'redis';
  /** A printable description of the backend, without credentials. */
  readonly description: string;
  keyv(namespace: Namespace): Keyv;
  /**
   * Runs `work` as one all-or-nothing write on the namespace's connection. @keyv/sqlite commits
   * every `set` separately (an fsync each); one transaction makes a batch of sets ~15× cheaper.
   * Every write of the process goes through here, one at a time across all namespaces: the
   * namespaces are separate connections to one SQLite file, and a writer waiting for the file's
   * lock sleeps on one of libuv's four threads — a few of those waiting at once would starve the
   * very transaction they wait for. On Redis the namespace's lock is held in Redis, so writers of
   * every process sharing the server take turns, and the writes are applied together at commit.
   * Repositories never write outside a transaction.
   */
  transaction<T>(namespace: Namespace, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Every namespace a store holds. */
export const NAMESPACES: readonly Namespace[] = ['papers', 'index', 'subscriptions', 'runs', 'claims', 'votes'];

/**
 * Plain JSON instead of keyv's default serializer, which walks values by hand and parses with a
 * reviver: several times slower on large records, and nothing here stores Buffers.
 */
const JSON_CODEC = { serialize: JSON.stringify, deserialize: JSON.parse } as const;

/**
 * keyv's own default is to swallow adapter errors (a failed `set` returns false, a failed `get`
 * undefined): a transaction would then commit half a batch and report success. Fail loudly.
 */
export const KEYV_OPTIONS = { ...JSON_CODEC, throwOnErrors: true } as const;

/** A store URL that cannot be opened: names the problem for the operator. */
export class StoreUrlError extends Error {}

/**
 * Opens the store a URL names: `sqlite://path/to/file.sqlite` (created on first use, directory
 * included), `redis://[user:pass@]host:port[/db][?prefix=name]` (a store several processes share)
 * or `memory://` (for tests).
 */
export async function openStore(url: string): Promise<Store> {
  if (url === 'memory://' || url === 'memory') return openMemoryStore();
  if (url.startsWith('sqlite://')) return openSqliteStore(url.slice('sqlite://'.length));
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    // Loaded only when used: a SQLite deployment never loads the Redis client.
    const { openRedisStore } = await import('./redisStore.ts');
    return openRedisStore(url);
  }
  throw new StoreUrlError(
    `unsupported STORE_URL "${url.replace(/\/\/[^@]*@/, '//***@')}" (use sqlite://path, redis://host:port or memory://)`,
  );
}

function openMemoryStore(): Store {
  const maps = new Map(NAMESPACES.map((ns) => [ns, new Map<string, unknown>()]));
  const stores = new Map(
    NAMESPACES.map((ns) => [ns, new Keyv({ store: maps.get(ns), namespace: ns, ...KEYV_OPTIONS })]),
  );
  return {
    kind: 'memory',
    description: 'memory://',
    keyv: (ns) => stores.get(ns) as Keyv,
    // Snapshot and restore, so the in-memory backend keeps the same all-or-nothing contract.
    transaction: serialised(async (ns, work) => {
      const map = maps.get(ns) as Map<string, unknown>;
      const before = new Map(map);
      try {
        return await work();
      } catch (error) {
        map.clear();
        for (const [k, v] of before) map.set(k, v);
        throw error;
      }
    }),
    close: async () => {},
  };
}

async function openSqliteStore(path: string): Promise<Store> {
  if (path.length === 0)
    throw new StoreUrlError('STORE_URL sqlite:// needs a file path, e.g. sqlite://data/paperboy.sqlite');
  const file = path === ':memory:' ? path : resolve(path);
  const adapters = new Map<Namespace, KeyvSqlite>();
  const stores = new Map<Namespace, Keyv>();
  for (const ns of NAMESPACES) {
    // One connection per namespace: keyv keeps the namespace on the adapter, so adapters cannot be shared.
    const adapter = await connectSqlite(file).catch((error: unknown) => {
      throw explainOpenFailure(error, file);
    });
    adapters.set(ns, adapter);
    stores.set(ns, new Keyv({ store: adapter, namespace: ns, ...KEYV_OPTIONS }));
  }
  const readOnly = new Set<Namespace>();
  return {
    kind: 'sqlite',
    description: `sqlite://${path}`,
    keyv: (ns) => stores.get(ns) as Keyv,
    transaction: groupCommitted(async (ns, works) => {
      const adapter = adapters.get(ns) as KeyvSqlite;
      // SQLite opens a file it cannot write read-only, and the connection stays so after the
      // volume is writable again: after a read-only failure, the next write gets a fresh one.
      if (readOnly.delete(ns)) await reconnectSqlite(adapter, file);
      try {
        await adapter.query('BEGIN IMMEDIATE');
        try {
          const results: unknown[] = [];
          for (const work of works) results.push(await work());
          await adapter.query('COMMIT');
          return results;
        } catch (error) {
          // A failed ROLLBACK (no transaction left to undo) must not hide why the writes failed.
          await adapter.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      } catch (error) {
        if (classifyStoreFault(error) === 'read_only' && file !== ':memory:') readOnly.add(ns);
        throw asStoreFault(error, 'write');
      }
    }),
    close: async () => {
      for (const adapter of adapters.values()) await adapter.disconnect();
    },
  };
}

/** Why SQLite could not open the file, by error code, for the operator; other errors pass as they are. */
const OPEN_FAILURES: Readonly<Record<string, string>> = {
  SQLITE_CANTOPEN:
    'this user cannot create or write it or its directory (SQLite also writes -wal and -shm files beside it)',
  EACCES: 'this user may not create its directory',
  EROFS: 'its directory is on a read-only file system',
  ENOTDIR: 'a part of its path is a file, not a directory',
  EEXIST: 'a part of its path is a file, not a directory',
};

function explainOpenFailure(error: unknown, file: string): unknown {
  const reason = OPEN_FAILURES[String((error as { code?: unknown }).code)];
  if (!reason) return error;
  return new StoreUrlError(`cannot open the store sqlite://${file}: ${reason}; check STORE_URL and the permissions`);
}

async function connectSqlite(file: string): Promise<KeyvSqlite> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000, iterationLimit: 2000 });
  await adapter.query('PRAGMA journal_mode=WAL');
  await adapter.query('PRAGMA synchronous=NORMAL');
  return adapter;
}

/**
 * Points the adapter at a new connection to the file (keyv holds the adapter, so it stays the
 * same object). The old connection is closed once the queries already sent to it are done; if the
 * file cannot be opened now, the adapter keeps the old one and the next write tries again.
 */
async function reconnectSqlite(adapter: KeyvSqlite, file: string): Promise<void> {
  try {
    const fresh = await connectSqlite(file);
    const old = adapter.close;
    adapter.query = fresh.query;
    adapter.close = fresh.close;
    await old().catch(() => undefined);
  } catch {
    // Still not writable, or not even readable: the write's own error says why.
  }
}

/**
 * Errors of the backend, not of one write: SQLite's busy file, Redis's busy or lost lock, a full
 * disk, a read-only file, Redis gone. Every write of a group would fail alike.
 */
export const SHARED_FAILURES: ReadonlySet<string> = new Set([
  'SQLITE_BUSY',
  'STORE_BUSY',
  'STORE_LOCK_LOST',
  'STORE_UNAVAILABLE',
]);

type Runner = <T>(ns: Namespace, work: () => Promise<T>) => Promise<T>;

/** At most this many writes share one commit. */
const GROUP_MAX = 256;

interface PendingWrite {
  ns: Namespace;
  work: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the process's writes run one at a time, and the writes waiting for the same
 * namespace share one transaction — a digest round's hundreds of small records cost a handful of
 * commits, not one each. Each write still sees the ones before it and is reported only after its
 * commit; if one of a group fails, the group is rolled back and its writes are run again one by
 * one, so only the failing write fails.
 */
/** Set while a write runs: a transaction asked for inside one would wait for itself. */
const insideWrite = new AsyncLocalStorage<true>();

/** A transaction asked for inside another: a bug, refused at once rather than left to deadlock. */
export class NestedTransactionError extends Error {}

function refuseNested(): void {
  if (insideWrite.getStore()) throw new NestedTransactionError('a store transaction cannot run inside another');
}

export function groupCommitted(
  runAll: (ns: Namespace, works: ReadonlyArray<() => Promise<unknown>>) => Promise<unknown[]>,
): Runner {
  const queue: PendingWrite[] = [];
  let draining = false;
  const settle = async (ns: Namespace, group: PendingWrite[]) => {
    try {
      const results = await runAll(
        ns,
        group.map((p) => () => insideWrite.run(true, p.work)),
      );
      for (const [i, p] of group.entries()) p.resolve(results[i]);
    } catch (error) {
      // A lock held too long by another process, or a store that is down, fails every write
      // alike: no retry one by one.
      if (group.length === 1 || SHARED_FAILURES.has((error as { code?: string }).code ?? '')) {
        for (const p of group) p.reject(error);
        return;
      }
      for (const p of group) await settle(ns, [p]);
    }
  };
  const drain = async () => {
    draining = true;
    while (queue.length > 0) {
      const ns = (queue[0] as PendingWrite).ns;
      const group: PendingWrite[] = [];
      for (let i = 0; i < queue.length && group.length < GROUP_MAX; ) {
        if ((queue[i] as PendingWrite).ns === ns) group.push(...queue.splice(i, 1));
        else i++;
      }
      await settle(ns, group);
    }
    draining = false;
  };
  return <T>(ns: Namespace, work: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      refuseNested();
      queue.push({ ns, work, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
}

/** Queues the process's writers: the next one starts when the previous one settled. */
function serialised(run: Runner): Runner {
  let tail: Promise<unknown> = Promise.resolve();
  return async <T>(ns: Namespace, work: () => Promise<T>): Promise<T> => {
    refuseNested();
    const next = tail.catch(() => undefined).then(() => run(ns, () => insideWrite.run(true, work)));
    tail = next;
    return next;
  };
}

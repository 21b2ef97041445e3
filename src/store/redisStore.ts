import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import Keyv, { type KeyvEntry } from 'keyv';
import { groupCommitted, KEYV_OPTIONS, NAMESPACES, type Namespace, type Store, StoreUrlError } from './openStore.ts';
import { asStoreFault } from './StoreUnavailableError.ts';

/**
 * How long a transaction's lock lives without renewal: a process that dies holding it blocks the
 * namespace's writers for at most this long. A live holder renews it every third of that.
 */
const LOCK_TTL_MS = 15_000;
/** How long a writer waits for another process's lock before its write fails. */
const LOCK_WAIT_MS = 30_000;
/**
 * How long one command may wait for Redis. While the connection is down, commands queue until it
 * is back (a restart of a second or two goes unnoticed); after this long they fail as "Redis
 * unreachable" instead of hanging an interaction or a vote batch indefinitely.
 */
const COMMAND_TIMEOUT_MS = 5_000;

/** A write buffered by a transaction: a serialized value (with keyv's ttl, if any), or a deletion. */
type BufferedWrite = { value: string; ttl?: number } | null;

interface OpenTransaction {
  adapter: BufferedRedisAdapter;
  /** Prefixed Redis key → its pending write, in order of first write. */
  writes: Map<string, BufferedWrite>;
}

/** The transaction the current async context runs in, if any. */
const openTransaction = new AsyncLocalStorage<OpenTransaction>();

/**
 * @keyv/redis, with a transaction's writes held back: inside `transaction` the namespace's sets and
 * deletes go to a buffer that the transaction's own reads see, and the buffer is applied in one
 * atomic script on commit — a transaction that fails has written nothing. Reads outside the
 * transaction (other requests of the process) see only committed data.
 */
class BufferedRedisAdapter extends KeyvRedis<string> {
  private pending(): Map<string, BufferedWrite> | undefined {
    const tx = openTransaction.getStore();
    return tx?.adapter === this ? tx.writes : undefined;
  }

  private full(key: string): string {
    return this.createKeyPrefix(key, this.namespace);
  }

  override async get<U = string>(key: string): Promise<U | undefined> {
    const writes = this.pending();
    const full = this.full(key);
    if (writes?.has(full)) return (writes.get(full)?.value ?? undefined) as U | undefined;
    return super.get<U>(key).catch(readFailed);
  }

  override async getMany<U = string>(keys: string[]): Promise<Array<U | undefined>> {
    const writes = this.pending();
    if (!writes) return super.getMany<U>(keys).catch(readFailed);
    const unbuffered = keys.filter((k) => !writes.has(this.full(k)));
    const stored = unbuffered.length > 0 ? await super.getMany<U>(unbuffered).catch(readFailed) : [];
    let next = 0;
    return keys.map((k) => {
      const full = this.full(k);
      if (writes.has(full)) return (writes.get(full)?.value ?? undefined) as U | undefined;
      return stored[next++];
    });
  }

  override async has(key: string): Promise<boolean> {
    const writes = this.pending();
    const full = this.full(key);
    if (writes?.has(full)) return writes.get(full) !== null;
    return super.has(key).catch(readFailed);
  }

  override async hasMany(keys: string[]): Promise<boolean[]> {
    return Promise.all(keys.map((k) => this.has(k)));
  }

  override async set(key: string, value: string, ttl?: number): Promise<void> {
    const writes = this.pending();
    if (!writes) return super.set(key, value, ttl);
    const full = this.full(key);
    // Re-inserted, so the commit applies writes in the order they were last made.
    writes.delete(full);
    writes.set(full, ttl ? { value, ttl } : { value });
  }

  override async setMany(entries: KeyvEntry[]): Promise<void> {
    if (!this.pending()) return super.setMany(entries);
    for (const { key, value, ttl } of entries) await this.set(key, value as string, ttl);
  }

  override async delete(key: string): Promise<boolean> {
    const writes = this.pending();
    if (!writes) return super.delete(key);
    const existed = await this.has(key);
    const full = this.full(key);
    writes.delete(full);
    writes.set(full, null);
    return existed;
  }

  override async deleteMany(keys: string[]): Promise<boolean> {
    if (!this.pending()) return super.deleteMany(keys);
    let any = false;
    for (const key of keys) any = (await this.delete(key)) || any;
    return any;
  }

  override async clear(): Promise<void> {
    if (this.pending()) throw new Error('clear() cannot run inside a store transaction');
    return super.clear();
  }

  override async *iterator<U = string>(namespace?: string): AsyncGenerator<[string, U | undefined], void, unknown> {
    const writes = this.pending();
    if (!writes) {
      yield* super.iterator<U>(namespace);
      return;
    }
    const seen = new Set<string>();
    for await (const [key, value] of super.iterator<U>(namespace)) {
      const full = this.createKeyPrefix(key, namespace);
      if (seen.has(full)) continue; // SCAN may return a key twice
      seen.add(full);
      if (!writes.has(full)) yield [key, value];
      else {
        const write = writes.get(full);
        if (write) yield [key, write.value as U];
      }
    }
    const prefix = namespace ? this.createKeyPrefix('', namespace) : undefined;
    for (const [full, write] of writes) {
      if (!write || seen.has(full) || (prefix !== undefined && !full.startsWith(prefix))) continue;
      yield [this.getKeyWithoutPrefix(full, namespace as string), write.value as U];
    }
  }
}

/** A read's error, named as a store fault when it is one (Redis gone: "Redis unreachable"). */
const readFailed = (error: unknown): never => {
  throw asStoreFault(error, 'read');
};

/** Releases a lock only if this holder still has it (an expired lock may belong to another). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
/** Extends a lock only if this holder still has it. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
/**
 * Applies a transaction's writes only if its lock is still held (KEYS[1], token ARGV[1]): one
 * script, so other clients see all of them or none. For data key j (KEYS[j + 1]), ARGV[2j] is the
 * operation — `del`, `set`, or a PX ttl — and ARGV[2j + 1] the value.
 */
const COMMIT = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
for j = 1, #KEYS - 1 do
  local op = ARGV[2 * j]
  if op == 'del' then redis.call('del', KEYS[j + 1])
  elseif op == 'set' then redis.call('set', KEYS[j + 1], ARGV[2 * j + 1])
  else redis.call('set', KEYS[j + 1], ARGV[2 * j + 1], 'PX', op) end
end
return 1`;

/** Another process held the namespace's lock for longer than a writer waits. */
export class StoreLockTimeoutError extends Error {
  readonly code = 'STORE_BUSY';
}

/** The lock expired before commit (the process stalled for longer than its ttl): nothing was written. */
export class StoreLockLostError extends Error {
  readonly code = 'STORE_LOCK_LOST';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The parts of a `redis://[user:pass@]host:port[/db][?prefix=name]` URL. */
export function parseRedisUrl(url: string): { clientUrl: string; prefix: string; description: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreUrlError('STORE_URL redis:// is not a URL (use redis://[user:pass@]host:port[/db])');
  }
  if (!/^\/?(\d+)?$/.test(parsed.pathname))
    throw new StoreUrlError('STORE_URL redis:// takes a database number as its path, e.g. redis://127.0.0.1:6379/0');
  const prefix = parsed.searchParams.get('prefix') ?? '';
  if (!/^[A-Za-z0-9_.-]*$/.test(prefix))
    throw new StoreUrlError('STORE_URL redis:// prefix may hold only letters, digits, _ . and -');
  const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  parsed.search = '';
  return { clientUrl: parsed.toString(), prefix, description: prefix ? `${shown}?prefix=${prefix}` : shown };
}

/**
 * A store on Redis: each namespace's records are `[prefix:]namespace::key` strings (@keyv/redis's
 * own layout); each namespace also has a lock `[prefix:]lock:namespace` (no `::`, so it never
 * shows up among the records). A transaction holds its namespace's lock in Redis — so writers in
 * every process sharing the server take turns — and its writes are buffered and applied at commit
 * in one script that first checks the lock is still its own.
 */
export async function openRedisStore(url: string): Promise<Store> {
  const { clientUrl, prefix, description } = parseRedisUrl(url);
  let connected = false;
  const client = createClient({
    url: clientUrl,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: {
      connectTimeout: 5_000,
      // At start, a wrong address fails at once; once connected, reconnect with backoff forever.
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(2 ** retries * 100, 2_000) : retries < 3 ? 200 : cause,
    },
  }) as RedisClientType;
  client.on('error', () => undefined); // reported by the commands that fail
  try {
    await client.connect();
  } catch (error) {
    throw new StoreUrlError(`STORE_URL ${description}: cannot connect to Redis (${(error as Error).message})`);
  }
  connected = true;
  const base = prefix ? `${prefix}:` : '';
  const adapters = new Map<Namespace, BufferedRedisAdapter>();
  const stores = new Map<Namespace, Keyv>();
  for (const ns of NAMESPACES) {
    const adapter = new BufferedRedisAdapter(client, { throwOnErrors: true, throwOnConnectError: true });
    adapters.set(ns, adapter);
    // useKeyPrefix false: the adapter already prefixes with the namespace (`ns::key`); keyv would add `ns:` again.
    stores.set(ns, new Keyv({ store: adapter, namespace: `${base}${ns}`, ...KEYV_OPTIONS, useKeyPrefix: false }));
  }
  const lockKey = (ns: Namespace) => `${base}lock:${ns}`;
  // Locks whose SET or release went unanswered because Redis went away: released once it is back,
  // rather than holding up the namespace's writers (this process's too) until the lock expires.
  const unreleased = new Map<string, string>();
  const releaseLater = (key: string, token: string) => unreleased.set(token, key);
  client.on('ready', () => {
    for (const [token, key] of unreleased)
      client.eval(RELEASE, { keys: [key], arguments: [token] }).then(
        () => unreleased.delete(token),
        () => undefined /* the next reconnection tries again; the lock's ttl ends it anyway */,
      );
  });

  const acquire = async (ns: Namespace): Promise<{ token: string; release: () => Promise<void> }> => {
    const key = lockKey(ns);
    const token = randomUUID();
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const ok = await client
        .set(key, token, { condition: 'NX', expiration: { type: 'PX', value: LOCK_TTL_MS } })
        .catch((error: unknown) => {
          // Redis may have taken the lock before the connection dropped.
          releaseLater(key, token);
          throw error;
        });
      if (ok === 'OK') break;
      if (Date.now() > deadline)
        throw new StoreLockTimeoutError(`the ${ns} store lock was held by another process for over ${LOCK_WAIT_MS} ms`);
      await sleep(Math.min(2 ** attempt, 50) * (0.5 + Math.random()));
    }
    const renewal = setInterval(() => {
      client
        .eval(RENEW, { keys: [key], arguments: [token, String(LOCK_TTL_MS)] })
        .catch(() => undefined /* the commit's own check decides */);
    }, LOCK_TTL_MS / 3);
    renewal.unref();
    return {
      token,
      release: async () => {
        clearInterval(renewal);
        await client.eval(RELEASE, { keys: [key], arguments: [token] }).catch(() => releaseLater(key, token));
      },
    };
  };

  const commit = async (ns: Namespace, token: string, writes: Map<string, BufferedWrite>) => {
    if (writes.size === 0) return;
    const keys = [lockKey(ns)];
    const args = [token];
    for (const [key, write] of writes) {
      keys.push(key);
      if (write === null) args.push('del', '');
      else args.push(write.ttl ? String(write.ttl) : 'set', write.value);
    }
    const applied = await client.eval(COMMIT, { keys, arguments: args });
    if (applied !== 1)
      throw new StoreLockLostError(
        `the ${ns} store lock expired before the transaction committed; nothing was written`,
      );
  };

  const runAll = async (ns: Namespace, works: ReadonlyArray<() => Promise<unknown>>) => {
    const adapter = adapters.get(ns) as BufferedRedisAdapter;
    try {
      return await runLocked(ns, adapter, works);
    } catch (error) {
      throw asStoreFault(error, 'write');
    }
  };
  const runLocked = async (
    ns: Namespace,
    adapter: BufferedRedisAdapter,
    works: ReadonlyArray<() => Promise<unknown>>,
  ) => {
    const lock = await acquire(ns);
    try {
      const tx: OpenTransaction = { adapter, writes: new Map() };
      const results: unknown[] = [];
      await openTransaction.run(tx, async () => {
        for (const work of works) results.push(await work());
      });
      await commit(ns, lock.token, tx.writes);
      return results;
    } finally {
      await lock.release();
    }
  };
  // One group-commit lane per namespace: unlike SQLite's one file lock, each namespace has its own
  // lock, so a write waiting for another process's `votes` lock does not hold up `claims`.
  const lanes = new Map(NAMESPACES.map((ns) => [ns, groupCommitted(runAll)]));

  return {
    kind: 'redis',
    description,
    keyv: (ns) => stores.get(ns) as Keyv,
    transaction: (ns, work) => (lanes.get(ns) as ReturnType<typeof groupCommitted>)(ns, work),
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}

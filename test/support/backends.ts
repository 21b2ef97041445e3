import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { afterAll } from 'vitest';
import { openStore, type Store } from '../../src/store/openStore.ts';

/** A storage backend under test: how to make an empty store, and how to reopen one. */
export interface Backend {
  name: string;
  create(): Promise<Store>;
  /** A store over the same data, as a restarted process would see it. */
  reopen(store: Store): Promise<Store>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp directory, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-test-'));
  dirs.push(dir);
  return dir;
}

const urls = new WeakMap<Store, string>();

/** The URL a store from the SQLite or Redis backend was opened with, to open it a second time. */
export function storeUrlOf(store: Store): string {
  const url = urls.get(store);
  if (!url) throw new Error('not a store from the SQLite or Redis test backend');
  return url;
}

/** Opens a store and remembers its URL, for `storeUrlOf`. */
export async function openTracked(url: string): Promise<Store> {
  const store = await openStore(url);
  urls.set(store, url);
  if (store.kind === 'redis') redisStores.push(store);
  return store;
}

/** The Redis server the Redis backend runs on; without it, that backend is left out. */
export const REDIS_URL = process.env.REDIS_URL;

const redisStores: Store[] = [];
const redisPrefixes: string[] = [];
afterAll(async () => {
  for (const store of redisStores.splice(0)) await store.close().catch(() => undefined);
  if (!REDIS_URL || redisPrefixes.length === 0) return;
  // Every key the file's stores wrote, records and locks, under their own prefixes.
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  for (const prefix of redisPrefixes.splice(0)) {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 }))
      if (keys.length > 0) await client.unlink(keys);
  }
  await client.close();
});

/** A Redis store URL of its own: a fresh key prefix on the test server. */
export function freshRedisUrl(): string {
  const url = new URL(REDIS_URL as string);
  const prefix = `paperboy-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  redisPrefixes.push(prefix);
  url.searchParams.set('prefix', prefix);
  return url.toString();
}

/** Opens the same data again after closing the old store, as a restarted process would. */
async function reopenByUrl(store: Store): Promise<Store> {
  const url = storeUrlOf(store);
  await store.close();
  return openTracked(url);
}

/** Every backend the repositories must work on: Redis only when REDIS_URL names a server. */
export const BACKENDS: Backend[] = [
  {
    name: 'memory',
    create: () => openStore('memory://'),
    reopen: async (store) => store,
  },
  {
    name: 'sqlite file',
    create: () => openTracked(`sqlite://${join(tempDir(), 'nested', 'store.sqlite')}`),
    reopen: reopenByUrl,
  },
  ...(REDIS_URL
    ? [{ name: 'redis', create: () => openTracked(freshRedisUrl()), reopen: reopenByUrl } satisfies Backend]
    : []),
];

/** The backends that several processes can share: each test can open a second store on the same data. */
export const SHARED_BACKENDS = BACKENDS.filter((b) => b.name !== 'memory');

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const sqliteUrls = new WeakMap<Store, string>();

/** The URL a store from the SQLite backend was opened with, to open it a second time. */
export function storeUrlOf(store: Store): string {
  const url = sqliteUrls.get(store);
  if (!url) throw new Error('not a store from the SQLite test backend');
  return url;
}

/** Every backend the repositories must work on. Later: Redis. */
export const BACKENDS: Backend[] = [
  {
    name: 'memory',
    create: () => openStore('memory://'),
    reopen: async (store) => store,
  },
  {
    name: 'sqlite file',
    async create() {
      const url = `sqlite://${join(tempDir(), 'nested', 'store.sqlite')}`;
      const store = await openStore(url);
      sqliteUrls.set(store, url);
      return store;
    },
    async reopen(store) {
      const url = sqliteUrls.get(store) as string;
      await store.close();
      const again = await openStore(url);
      sqliteUrls.set(again, url);
      return again;
    },
  },
];

import { existsSync } from 'node:fs';
import type Keyv from 'keyv';
import { NAMESPACES, type Namespace, openStore, type Store } from '../../store/openStore.ts';
import { UsageError } from '../parseCliArgs.ts';

/** Records per write transaction on the target, and about the most characters one may carry. */
const BATCH = 200;
const BATCH_CHARS = 32 * 1024 * 1024;

export interface MigrateIO {
  out: (text: string) => void;
  progress: (total: number, label: string) => { tick(detail: string): void; stop(): void };
}

async function* entries(kv: Keyv): AsyncGenerator<[string, unknown]> {
  for await (const [key, value] of kv.iterator?.(undefined) ?? []) yield [String(key), value];
}

async function count(kv: Keyv): Promise<number> {
  let n = 0;
  for await (const _ of entries(kv)) n++;
  return n;
}

/**
 * `migrate --from <url> --to <url>`: copies every record of every namespace into an empty store
 * (e.g. SQLite to Redis), in write transactions of the target, then counts both sides again.
 * Exit 0 when every namespace's counts match, 1 when one does not; a bad URL, the same store
 * twice or a target that is not empty is a UsageError (exit 2, nothing written).
 */
export async function migrateStore(fromUrl: string, toUrl: string, io: MigrateIO): Promise<number> {
  if (fromUrl === toUrl) throw new UsageError('migrate: --from and --to name the same store');
  // Opening a SQLite file creates it: a mistyped source would copy an empty store.
  if (fromUrl.startsWith('sqlite://') && !existsSync(fromUrl.slice('sqlite://'.length)))
    throw new UsageError(`migrate: --from ${fromUrl.slice('sqlite://'.length)} does not exist`);
  const from = await openStore(fromUrl);
  let to: Store | undefined;
  try {
    to = await openStore(toUrl);
    const target = to;
    const counts = new Map<Namespace, number>();
    for (const ns of NAMESPACES) {
      const already = await count(target.keyv(ns));
      if (already > 0)
        throw new UsageError(`migrate: --to ${target.description} is not empty (${already} ${ns} records)`);
      counts.set(ns, await count(from.keyv(ns)));
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const bar = io.progress(total, 'records');
    try {
      for (const ns of NAMESPACES) {
        const kv = target.keyv(ns);
        let batch: Array<{ key: string; value: unknown }> = [];
        let chars = 0;
        const flush = async () => {
          const writing = batch;
          batch = [];
          chars = 0;
          if (writing.length > 0) await target.transaction(ns, () => kv.setMany(writing));
          for (const { key } of writing) bar.tick(`${ns} ${key}`);
        };
        for await (const [key, value] of entries(from.keyv(ns))) {
          batch.push({ key, value });
          chars += typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? 0);
          if (batch.length >= BATCH || chars >= BATCH_CHARS) await flush();
        }
        await flush();
      }
    } finally {
      bar.stop();
    }
    let ok = true;
    for (const ns of NAMESPACES) {
      const expected = counts.get(ns) ?? 0;
      const copied = await count(target.keyv(ns));
      if (copied !== expected) ok = false;
      io.out(`${ns}: ${copied} of ${expected} records${copied === expected ? '' : ' — MISMATCH'}`);
    }
    io.out(
      ok
        ? `copied ${total} records from ${from.description} to ${target.description}; counts verified`
        : `the copy to ${target.description} does not match ${from.description}`,
    );
    return ok ? 0 : 1;
  } finally {
    await to?.close();
    await from.close();
  }
}

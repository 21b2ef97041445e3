import type { Namespace, Store } from '../store/openStore.ts';
import { classifyStoreFault, StoreUnavailableError } from '../store/StoreUnavailableError.ts';
import type { Metrics } from './createMetrics.ts';

/** Whether the store takes writes, for /healthz: reads alone answer while a full disk refuses every write. */
export interface StoreWriteHealth {
  /**
   * Resolves when the store takes writes; rejects with the store's fault while it does not. After
   * a failed write it tries one small write itself, so the store reads as healthy again as soon as
   * it is, not only once some other write happened to succeed.
   */
  check(): Promise<void>;
}

/** The key /healthz writes while the store is failing (in `claims`, which no repository lists). */
const PROBE_KEY = 'paperboy:healthz';

/**
 * Times every store transaction from now on, from asking for it (the wait for the process's single
 * writer included: that is what a slow store feels like) to its commit or failure, and counts the
 * failures that are the store's own (`paperboy_store_errors_total{kind}`). The method is replaced
 * on the store itself because the catalog's repositories were built on this store before the
 * metrics existed; they look `transaction` up on every call, so they are timed too.
 */
export function timeStoreTransactions(
  store: Store,
  metrics: Pick<Metrics, 'storeTransaction' | 'storeError'>,
): StoreWriteHealth {
  const run = store.transaction.bind(store);
  let failing: StoreUnavailableError | undefined;
  store.transaction = async <T>(namespace: Namespace, work: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    let ok = false;
    try {
      const result = await run(namespace, work);
      ok = true;
      failing = undefined;
      return result;
    } catch (error) {
      const kind = classifyStoreFault(error);
      if (kind) {
        metrics.storeError(kind);
        failing = error instanceof StoreUnavailableError ? error : new StoreUnavailableError(kind, 'write', error);
      }
      throw error;
    } finally {
      metrics.storeTransaction(namespace, ok, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
  return {
    async check() {
      if (!failing) return;
      const kv = store.keyv('claims');
      await store.transaction('claims', () => kv.set(PROBE_KEY, Date.now()));
    },
  };
}

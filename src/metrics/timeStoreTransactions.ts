import type { Namespace, Store } from '../store/openStore.ts';
import type { Metrics } from './createMetrics.ts';

/**
 * Times every store transaction from now on, from asking for it (the wait for the process's single
 * writer included: that is what a slow store feels like) to its commit or failure. The method is
 * replaced on the store itself because the catalog's repositories were built on this store before
 * the metrics existed; they look `transaction` up on every call, so they are timed too.
 */
export function timeStoreTransactions(store: Store, metrics: Pick<Metrics, 'storeTransaction'>): void {
  const run = store.transaction.bind(store);
  store.transaction = async <T>(namespace: Namespace, work: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    let ok = false;
    try {
      const result = await run(namespace, work);
      ok = true;
      return result;
    } finally {
      metrics.storeTransaction(namespace, ok, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}

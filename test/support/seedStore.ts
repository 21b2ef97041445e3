import { loadFixturePapers } from '../../bench/topicQuality.ts';
import { openPaperCatalog } from '../../src/app/openPaperCatalog.ts';
import { createSilentLogger } from '../../src/logging/createLogger.ts';
import type { PaperInput } from '../../src/papers/paper.ts';

/** Fills a store with the real fixture papers (and any extra ones), then closes it. */
export async function seedStore(url: string, extra: readonly PaperInput[] = []): Promise<void> {
  const { store, catalog } = await openPaperCatalog(url, () => new Date('2026-08-20T09:00:00Z'), createSilentLogger());
  await catalog.ingest([...loadFixturePapers(), ...extra]);
  await store.close();
}

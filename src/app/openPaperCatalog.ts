import { type Catalog, openCatalog } from '../catalog/openCatalog.ts';
import type { Logger } from '../logging/createLogger.ts';
import { createIndexRepository } from '../store/indexRepository.ts';
import { openStore, type Store } from '../store/openStore.ts';
import { createPaperRepository } from '../store/paperRepository.ts';

/** The store and the catalog over it, opened together and closed together. */
export interface PaperCatalogHandle {
  store: Store;
  catalog: Catalog;
}

/** Opens the store a URL names and loads the catalog over it (cold start). */
export async function openPaperCatalog(
  url: string,
  clock: () => Date,
  logger: Logger,
  options: { warm?: boolean } = {},
): Promise<PaperCatalogHandle> {
  const store = await openStore(url);
  try {
    const catalog = await openCatalog({
      papers: createPaperRepository(store),
      index: createIndexRepository(store),
      clock,
      logger,
      ...options,
    });
    return { store, catalog };
  } catch (error) {
    await store.close();
    throw error;
  }
}

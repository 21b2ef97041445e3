import { describe, expect, it } from 'vitest';
import { openPaperCatalog } from '../../src/app/openPaperCatalog.ts';
import { createSilentLogger } from '../../src/logging/createLogger.ts';
import { SHARED_BACKENDS, storeUrlOf } from '../support/backends.ts';
import { paperInput } from '../support/paperInputs.ts';

const clock = () => new Date('2026-08-20T09:00:00Z');

describe.each(SHARED_BACKENDS)('a catalog following another process’s writes ($name)', (backend) => {
  it('sees papers another process ingested after sync, and reports whether anything changed', async () => {
    const seed = await backend.create();
    const url = storeUrlOf(seed);
    await seed.close();
    const writer = await openPaperCatalog(url, clock, createSilentLogger());
    const reader = await openPaperCatalog(url, clock, createSilentLogger());
    try {
      await writer.catalog.ingest([
        paperInput({ id: '2608.00001', title: 'Sparse attention for long contexts', dailyDate: '2026-08-20' }),
      ]);
      expect(reader.catalog.search('sparse attention', 5).hits).toHaveLength(0);
      expect(await reader.catalog.sync()).toBe(true);
      expect(reader.catalog.search('sparse attention', 5).hits.map((h) => h.id)).toEqual(['2608.00001']);
      expect((await reader.catalog.day('2026-08-20')).papers.map((r) => r.paper.id)).toEqual(['2608.00001']);
      expect(await reader.catalog.sync()).toBe(false);
      // The reader still writes correctly after following the other process.
      await reader.catalog.ingest([paperInput({ id: '2608.00002', dailyDate: '2026-08-20' })]);
      expect(await writer.catalog.sync()).toBe(true);
      expect(writer.catalog.stats().papers).toBe(2);
    } finally {
      await writer.store.close();
      await reader.store.close();
    }
  });
});

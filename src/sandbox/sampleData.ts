import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPaperCatalog } from '../app/openPaperCatalog.ts';
import { createSilentLogger } from '../logging/createLogger.ts';
import { parseDailyPapersText } from '../sources/hf/parseDailyPapers.ts';

/** The real Hugging Face Daily Papers responses captured for the tests: the sandbox's sample data. */
export const SAMPLE_DIR = fileURLToPath(new URL('../../test/fixtures/hf/', import.meta.url));

/** A captured response, and the day it lists (`daily_papers-2026-08-19.json` lists 2026-08-19). */
export interface SampleDay {
  day: string;
  file: string;
}

/** The captured days, oldest first; a capture without a day in its name ("latest") is left out. */
export function sampleDays(dir = SAMPLE_DIR): SampleDay[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const day = /^daily_papers-(\d{4}-\d{2}-\d{2})\.json$/.exec(name)?.[1];
      return day ? [{ day, file: join(dir, name) }] : [];
    });
}

/** Fills a fresh store with every captured day's papers, as an ingest of those days would. */
export async function seedSampleStore(storeUrl: string, now: Date, dir = SAMPLE_DIR): Promise<number> {
  const { store, catalog } = await openPaperCatalog(storeUrl, () => now, createSilentLogger());
  try {
    const papers = sampleDays(dir).flatMap(
      ({ day, file }) => parseDailyPapersText(readFileSync(file, 'utf8'), day).papers,
    );
    const summary = await catalog.ingest(papers);
    return summary.received;
  } finally {
    await store.close();
  }
}

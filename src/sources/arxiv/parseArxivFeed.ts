import { collectItems } from '../collectItems.ts';
import type { ParseResult } from '../ParseResult.ts';
import { mapArxivEntry } from './mapArxivEntry.ts';
import { readAtomFeed } from './readAtomFeed.ts';
import { throwIfArxivError } from './throwIfArxivError.ts';

/**
 * Maps an arXiv API Atom response to papers, skipping (with a reason) entries that are not papers.
 * A feed without entries is an empty result. Throws `SourceFormatError` for anything that is not
 * a feed, and for arXiv's error feeds.
 */
export function parseArxivFeed(xml: string): ParseResult {
  const entries = readAtomFeed(xml);
  for (const entry of entries) throwIfArxivError(entry);
  return collectItems(entries, mapArxivEntry, 'lenient');
}

import { mapArxivEntry } from './arxiv/mapArxivEntry.ts';
import { readAtomFeed } from './arxiv/readAtomFeed.ts';
import { throwIfArxivError } from './arxiv/throwIfArxivError.ts';
import { checkJsonDepth } from './checkJsonDepth.ts';
import { collectItems } from './collectItems.ts';
import { expectArrayOfObjects } from './expectArrayOfObjects.ts';
import { mapDailyPaperItem } from './hf/mapDailyPaperItem.ts';
import { mapSimpleImportItem } from './import/mapSimpleImportItem.ts';
import type { ParseResult } from './ParseResult.ts';
import { parseJsonText } from './parseJsonText.ts';
import { SourceFormatError } from './SourceError.ts';

export type ImportFormat = 'hf' | 'arxiv' | 'simple';

export interface ImportResult extends ParseResult {
  format: ImportFormat;
}

/**
 * Reads a file a person supplied: an arXiv Atom feed, a saved Daily Papers response, or a JSON
 * array of `{ id, title, abstract, authors?, publishedAt?, dailyDate?, upvotes?, keywords? }`.
 * All or nothing: any bad item throws `SourceFormatError` naming it (`item 3: missing title`,
 * counting from 0), so a half-read file never reaches the store. Repeated ids are kept once and
 * listed in `skipped`. An empty array is a valid, empty file.
 */
export function parseImportFile(name: string, text: string): ImportResult {
  try {
    return dropRepeats(readImport(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    if (error instanceof SourceFormatError) throw new SourceFormatError(error.message, { source: name, cause: error });
    throw error;
  }
}

function readImport(text: string): ImportResult {
  if (text.trimStart().startsWith('<')) {
    const entries = readAtomFeed(text);
    for (const entry of entries) throwIfArxivError(entry);
    return { format: 'arxiv', ...collectItems(entries, mapArxivEntry, 'strict') };
  }
  checkJsonDepth(text);
  const items = expectArrayOfObjects(parseJsonText(text));
  const first = items[0];
  const isHf = first !== undefined && 'paper' in first && typeof first.paper === 'object' && first.paper !== null;
  if (isHf) return { format: 'hf', ...collectItems(items, (item) => mapDailyPaperItem(item), 'strict') };
  return { format: 'simple', ...collectItems(items, mapSimpleImportItem, 'strict') };
}

function dropRepeats(result: ImportResult): ImportResult {
  const seen = new Set<string>();
  const papers: ParseResult['papers'] = [];
  const skipped = [...result.skipped];
  for (const paper of result.papers) {
    if (seen.has(paper.id)) {
      skipped.push({ id: paper.id, reason: 'repeated id, first kept' });
      continue;
    }
    seen.add(paper.id);
    papers.push(paper);
  }
  return { format: result.format, papers, skipped };
}

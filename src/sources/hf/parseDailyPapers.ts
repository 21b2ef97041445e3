import { collectItems } from '../collectItems.ts';
import { expectArrayOfObjects } from '../expectArrayOfObjects.ts';
import type { ParseResult } from '../ParseResult.ts';
import { parseJsonText } from '../parseJsonText.ts';
import { mapDailyPaperItem } from './mapDailyPaperItem.ts';

/**
 * Maps a Daily Papers response body to papers, skipping (with a reason) items that are not papers.
 * Throws `SourceFormatError` when the body as a whole is not an array of objects
 * (an error object, a string), so the caller keeps what it had instead of storing half a day.
 */
export function parseDailyPapers(body: unknown, listedDay?: string): ParseResult {
  return collectItems(expectArrayOfObjects(body), (item) => mapDailyPaperItem(item, listedDay), 'lenient');
}

/** {@link parseDailyPapers} on raw response text; bad JSON is a `SourceFormatError`. */
export function parseDailyPapersText(text: string, listedDay?: string): ParseResult {
  return parseDailyPapers(parseJsonText(text), listedDay);
}

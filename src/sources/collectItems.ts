import type { ItemResult, ParseResult } from './ParseResult.ts';
import { SourceFormatError } from './SourceError.ts';

/**
 * Maps every item. Lenient (HTTP responses): a bad item becomes a skip with its reason.
 * Strict (imported files): the first bad item fails the whole file as `item 3: missing title`,
 * counting from 0 like the array, because a person can fix a file but not an API.
 */
export function collectItems(
  items: readonly unknown[],
  map: (item: unknown) => ItemResult,
  mode: 'lenient' | 'strict',
): ParseResult {
  const result: ParseResult = { papers: [], skipped: [] };
  for (const [index, item] of items.entries()) {
    const mapped = map(item);
    if (mapped.ok) {
      result.papers.push(mapped.paper);
    } else if (mode === 'strict') {
      throw new SourceFormatError(`item ${index}: ${mapped.reason}`);
    } else {
      result.skipped.push(
        mapped.id === undefined ? { reason: mapped.reason } : { id: mapped.id, reason: mapped.reason },
      );
    }
  }
  return result;
}

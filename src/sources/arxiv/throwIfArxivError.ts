import { collapseWhitespace } from '../../papers/collapseWhitespace.ts';
import { SourceFormatError } from '../SourceError.ts';

/**
 * arXiv answers a malformed query with HTTP 200 and a feed holding one entry titled "Error"
 * (id under `/api/errors`); that is a failed request, not a paper, so it throws `SourceFormatError`.
 */
export function throwIfArxivError(entry: unknown): void {
  if (typeof entry !== 'object' || entry === null) return;
  const title = 'title' in entry && typeof entry.title === 'string' ? entry.title.trim() : '';
  const id = 'id' in entry && typeof entry.id === 'string' ? entry.id : '';
  if (title !== 'Error' && !id.includes('/api/errors')) return;
  const summary = 'summary' in entry && typeof entry.summary === 'string' ? collapseWhitespace(entry.summary) : '';
  throw new SourceFormatError(`arXiv API error: ${summary.slice(0, 200) || 'no detail given'}`);
}

import { collapseWhitespace } from '../../papers/collapseWhitespace.ts';
import { normalizePaperId } from '../../papers/normalizePaperId.ts';
import { checkPaperInput } from '../checkPaperInput.ts';
import { cleanStrings } from '../cleanStrings.ts';
import { describeError } from '../describeIssue.ts';
import type { ItemResult } from '../ParseResult.ts';
import { toIsoInstant } from '../toIsoInstant.ts';
import { simpleImportItemSchema } from './simpleImportItemSchema.ts';

/** One item of the simple import format as a paper, or the reason it is not one (`missing title`). */
export function mapSimpleImportItem(item: unknown): ItemResult {
  const parsed = simpleImportItemSchema.safeParse(item, { reportInput: true });
  if (!parsed.success) return { ok: false, reason: describeError(parsed.error) };
  const p = parsed.data;

  const id = normalizePaperId(p.id);
  if (id === undefined) return { ok: false, reason: `id is not an arXiv id: ${JSON.stringify(p.id.slice(0, 80))}` };
  const title = collapseWhitespace(p.title);
  if (title === '') return { ok: false, id, reason: 'empty title' };
  const publishedAt = toIsoInstant(p.publishedAt);

  return checkPaperInput({
    id,
    title,
    abstract: collapseWhitespace(p.abstract),
    authors: cleanStrings(p.authors ?? []),
    ...(publishedAt !== undefined && { publishedAt }),
    ...(p.dailyDate !== undefined && { dailyDate: p.dailyDate }),
    ...(p.upvotes !== undefined && { upvotes: p.upvotes }),
    keywords: cleanStrings(p.keywords ?? []),
    categories: [],
    source: 'import',
  });
}

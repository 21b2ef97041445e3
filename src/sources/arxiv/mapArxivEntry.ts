import { collapseWhitespace } from '../../papers/collapseWhitespace.ts';
import { normalizePaperId } from '../../papers/normalizePaperId.ts';
import { checkPaperInput } from '../checkPaperInput.ts';
import { cleanStrings } from '../cleanStrings.ts';
import { describeError } from '../describeIssue.ts';
import type { ItemResult } from '../ParseResult.ts';
import { rawIdOf } from '../rawIdOf.ts';
import { toIsoInstant } from '../toIsoInstant.ts';
import { arxivEntrySchema } from './arxivEntrySchema.ts';

/**
 * Turns one parsed arXiv `<entry>` into a paper, or a reason it cannot be one.
 * Categories list the primary one first; arXiv has no votes or keywords, so those are empty.
 */
export function mapArxivEntry(entry: unknown): ItemResult {
  const parsed = arxivEntrySchema.safeParse(entry, { reportInput: true });
  if (!parsed.success) return { ok: false, ...rawIdOf(entry, ['id']), reason: describeError(parsed.error) };
  const e = parsed.data;

  const id = normalizePaperId(e.id);
  if (id === undefined) return { ok: false, reason: `id is not an arXiv id: ${JSON.stringify(e.id.slice(0, 80))}` };
  const title = collapseWhitespace(e.title);
  if (title === '') return { ok: false, id, reason: 'empty title' };
  const publishedAt = toIsoInstant(e.published);

  return checkPaperInput({
    id,
    title,
    abstract: collapseWhitespace(e.summary ?? ''),
    authors: cleanStrings((e.author ?? []).map((a) => a?.name)),
    ...(publishedAt !== undefined && { publishedAt }),
    keywords: [],
    categories: cleanStrings([e.primary_category?.term, ...(e.category ?? []).map((c) => c?.term)]),
    source: 'arxiv',
  });
}

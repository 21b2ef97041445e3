import { collapseWhitespace } from '../../papers/collapseWhitespace.ts';
import { normalizePaperId } from '../../papers/normalizePaperId.ts';
import { checkPaperInput } from '../checkPaperInput.ts';
import { cleanStrings } from '../cleanStrings.ts';
import { describeError } from '../describeIssue.ts';
import type { ItemResult } from '../ParseResult.ts';
import { rawIdOf } from '../rawIdOf.ts';
import { toHttpUrl } from '../toHttpUrl.ts';
import { toIsoInstant } from '../toIsoInstant.ts';
import { dailyPaperItemSchema } from './dailyPaperItemSchema.ts';

/**
 * Turns one Daily Papers item into a paper, or a reason it cannot be one (`missing paper.title`).
 * `dailyDate` is `paper.submittedOnDailyAt`; the 2024 schema has none, so it is the day the list
 * was fetched for (`listedDay`), or for a saved file the item's own `publishedAt`, which in that
 * schema is the time the paper was submitted to Daily Papers.
 */
export function mapDailyPaperItem(item: unknown, listedDay?: string): ItemResult {
  const parsed = dailyPaperItemSchema.safeParse(item, { reportInput: true });
  if (!parsed.success) return { ok: false, ...rawIdOf(item, ['paper', 'id']), reason: describeError(parsed.error) };
  const { paper, numComments, thumbnail, publishedAt: listedAt } = parsed.data;

  const id = normalizePaperId(paper.id);
  if (id === undefined)
    return { ok: false, reason: `paper.id is not an arXiv id: ${JSON.stringify(paper.id.slice(0, 60))}` };
  const title = collapseWhitespace(paper.title);
  if (title === '') return { ok: false, id, reason: 'empty paper.title' };
  const publishedAt = toIsoInstant(paper.publishedAt);
  if (publishedAt === undefined) return { ok: false, id, reason: 'paper.publishedAt is not a date' };

  const dailyDate = (toIsoInstant(paper.submittedOnDailyAt) ?? listedDay ?? toIsoInstant(listedAt))?.slice(0, 10);
  const aiSummary = paper.ai_summary === undefined ? undefined : collapseWhitespace(paper.ai_summary) || undefined;
  const githubRepo = toHttpUrl(paper.githubRepo);
  const projectPage = toHttpUrl(paper.projectPage);
  const thumbnailUrl = toHttpUrl(thumbnail);

  return checkPaperInput({
    id,
    title,
    abstract: collapseWhitespace(paper.summary),
    authors: cleanStrings(paper.authors.map((a) => a?.name)),
    publishedAt,
    ...(dailyDate !== undefined && { dailyDate }),
    upvotes: paper.upvotes,
    ...(numComments !== undefined && { comments: numComments }),
    keywords: cleanStrings(paper.ai_keywords ?? []),
    ...(aiSummary !== undefined && { aiSummary }),
    categories: [],
    // Stars without a repo to link would be a number about nothing.
    ...(githubRepo !== undefined && { githubRepo }),
    ...(githubRepo !== undefined && paper.githubStars !== undefined && { githubStars: paper.githubStars }),
    ...(projectPage !== undefined && { projectPage }),
    ...(thumbnailUrl !== undefined && { thumbnail: thumbnailUrl }),
    source: 'hf',
  });
}

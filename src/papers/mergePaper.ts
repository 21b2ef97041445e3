import { type Paper, type PaperInput, paperLinks } from './paper.ts';

/**
 * Folds what a source says about a paper into what the store already has.
 * A newer response updates upvotes, comments, keywords and summary; the first Daily Papers day
 * and the first-seen time never move; every source that ever reported the paper is kept.
 * Returns the existing record itself when nothing changed, so callers can skip the write.
 */
export function mergePaper(existing: Paper | undefined, input: PaperInput, now: Date): Paper {
  const at = now.toISOString();
  const { source, ...fields } = input;
  if (existing === undefined) {
    return {
      ...fields,
      upvotes: fields.upvotes ?? 0,
      links: paperLinks(input.id),
      sources: [source],
      firstSeenAt: at,
      updatedAt: at,
    };
  }
  const merged: Paper = {
    ...existing,
    title: fields.title || existing.title,
    abstract: fields.abstract || existing.abstract,
    authors: fields.authors.length > 0 ? fields.authors : existing.authors,
    publishedAt: existing.publishedAt ?? fields.publishedAt,
    dailyDate: earliest(existing.dailyDate, fields.dailyDate),
    // A source that does not know the upvotes (arXiv, an import without them) keeps the known count.
    upvotes: fields.upvotes ?? existing.upvotes,
    comments: fields.comments ?? existing.comments,
    keywords: fields.keywords.length > 0 ? fields.keywords : existing.keywords,
    aiSummary: fields.aiSummary ?? existing.aiSummary,
    categories: fields.categories.length > 0 ? fields.categories : existing.categories,
    githubRepo: fields.githubRepo ?? existing.githubRepo,
    githubStars: fields.githubStars ?? existing.githubStars,
    projectPage: fields.projectPage ?? existing.projectPage,
    thumbnail: fields.thumbnail ?? existing.thumbnail,
    sources: existing.sources.includes(source) ? existing.sources : [...existing.sources, source],
  };
  for (const key of Object.keys(merged) as Array<keyof Paper>) {
    if (merged[key] === undefined) delete merged[key];
  }
  if (sameContent(existing, merged)) return existing;
  return { ...merged, updatedAt: at };
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}

function sameContent(a: Paper, b: Paper): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}

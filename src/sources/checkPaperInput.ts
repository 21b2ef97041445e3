import { z } from 'zod';
import { type PaperInput, paperSchema, paperSource } from '../papers/paper.ts';
import { describeError } from './describeIssue.ts';
import type { ItemResult } from './ParseResult.ts';

/**
 * Bounds on a paper's text, far above any real paper's (arXiv caps abstracts at 1,920 characters;
 * the longest author lists run to a few thousand names): a 100 MB title in an import file, or a
 * source gone wrong, is refused here instead of being stored and served on every page.
 */
const text = (max: number) => z.string().min(1).max(max);
const url = z.string().url().max(2048);

const paperInputSchema = paperSchema.omit({ firstSeenAt: true, updatedAt: true, links: true, sources: true }).extend({
  source: paperSource,
  // No default here: an absent upvote count means "unknown", not 0 (see mergePaper).
  upvotes: z.number().int().nonnegative().optional(),
  title: text(1_000),
  abstract: z.string().max(20_000),
  authors: z.array(text(500)).max(10_000),
  keywords: z.array(text(300)).max(500).default([]),
  aiSummary: z.string().max(5_000).optional(),
  categories: z.array(text(100)).max(100).default([]),
  githubRepo: url.optional(),
  projectPage: url.optional(),
  thumbnail: url.optional(),
});

/**
 * Last gate before a mapped paper leaves a source: whatever the mapping missed (a bad id,
 * a fractional upvote count) becomes a skip reason instead of a bad record in the store.
 */
export function checkPaperInput(candidate: PaperInput): ItemResult {
  const result = paperInputSchema.safeParse(candidate, { reportInput: true });
  if (result.success) return { ok: true, paper: result.data };
  return { ok: false, id: candidate.id, reason: describeError(result.error) };
}

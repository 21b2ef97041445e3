import { z } from 'zod';
import { type PaperInput, paperSchema, paperSource } from '../papers/paper.ts';
import { describeError } from './describeIssue.ts';
import type { ItemResult } from './ParseResult.ts';

const paperInputSchema = paperSchema
  .omit({ firstSeenAt: true, updatedAt: true, links: true, sources: true })
  // No default here: an absent upvote count means "unknown", not 0 (see mergePaper).
  .extend({ source: paperSource, upvotes: z.number().int().nonnegative().optional() });

/**
 * Last gate before a mapped paper leaves a source: whatever the mapping missed (a bad id,
 * a fractional upvote count) becomes a skip reason instead of a bad record in the store.
 */
export function checkPaperInput(candidate: PaperInput): ItemResult {
  const result = paperInputSchema.safeParse(candidate, { reportInput: true });
  if (result.success) return { ok: true, paper: result.data };
  return { ok: false, id: candidate.id, reason: describeError(result.error) };
}

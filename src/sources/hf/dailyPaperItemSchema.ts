import { z } from 'zod';

// Optional fields fall back to undefined when malformed: a bad star count should cost the
// paper its star count, not its place in the digest. The schema has changed several times.
const optionalString = z.string().optional().catch(undefined);
const optionalCount = z.number().int().nonnegative().optional().catch(undefined);
const author = z.object({ name: z.string() }).optional().catch(undefined);

/**
 * One item of `GET /api/daily_papers`, 2024 and 2025–26 schemas alike. Only the fields
 * Paperboy reads are listed; `paper.discussionId` is required by the API but unused, so not checked.
 */
export const dailyPaperItemSchema = z.object({
  paper: z.object({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    authors: z.array(author),
    publishedAt: z.string(),
    upvotes: z.number().int().nonnegative(),
    submittedOnDailyAt: optionalString,
    ai_summary: optionalString,
    ai_keywords: z.array(z.unknown()).optional().catch(undefined),
    githubRepo: optionalString,
    githubStars: optionalCount,
    projectPage: optionalString,
  }),
  numComments: optionalCount,
  thumbnail: optionalString,
  /** 2024: when the paper was submitted to Daily Papers; 2025–26: the paper's date minus 4 h. */
  publishedAt: optionalString,
});

export type DailyPaperItem = z.infer<typeof dailyPaperItemSchema>;

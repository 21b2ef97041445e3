import { z } from 'zod';
import { isoDay } from '../../papers/paper.ts';

/**
 * One paper of the simple import format. Strict on values (a person wrote the file and can fix
 * it), silent on extra keys (they may come from a richer export).
 */
export const simpleImportItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  abstract: z.string(),
  authors: z.array(z.string()).optional(),
  publishedAt: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')
    .optional(),
  dailyDate: isoDay.optional(),
  upvotes: z.number().int().nonnegative().optional(),
  keywords: z.array(z.string()).optional(),
});

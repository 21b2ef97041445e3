import { z } from 'zod';

/** Element text, whether the element carried attributes (`{ '#text' }`) or not. */
const text = z.union([z.string(), z.object({ '#text': z.string() }).transform((node) => node['#text'])]);
const optionalText = text.optional().catch(undefined);
const term = z.object({ term: z.string() }).optional().catch(undefined);

/** One `<entry>` of an arXiv Atom feed, as `readAtomFeed` parses it; only fields Paperboy reads. */
export const arxivEntrySchema = z.object({
  id: text,
  title: text,
  summary: optionalText,
  published: optionalText,
  author: z
    .array(z.object({ name: text }).optional().catch(undefined))
    .optional()
    .catch(undefined),
  primary_category: term,
  category: z.array(term).optional().catch(undefined),
});

export type ArxivEntry = z.infer<typeof arxivEntrySchema>;

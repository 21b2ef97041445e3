import { z } from 'zod';

/** A calendar day, `YYYY-MM-DD`, that exists on the calendar. */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

/** A base arXiv id: new style `2608.17271`, old style `cond-mat/0102536`; no version, no URL. */
export const paperId = z.string().regex(/^(\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?\/\d{7})$/, 'not an arXiv id');

export const paperSource = z.enum(['hf', 'arxiv', 'import']);

/**
 * The one shape of a paper in Paperboy, whatever source it came from.
 * Text fields are whitespace-collapsed; optional fields are absent, never empty strings.
 */
export const paperSchema = z.object({
  id: paperId,
  title: z.string().min(1),
  abstract: z.string(),
  authors: z.array(z.string().min(1)),
  /** ISO instant the paper was published (arXiv v1), when known. */
  publishedAt: z.string().optional(),
  /** The Hugging Face Daily Papers day the paper first appeared on. Never moves once set. */
  dailyDate: isoDay.optional(),
  upvotes: z.number().int().nonnegative().default(0),
  comments: z.number().int().nonnegative().optional(),
  keywords: z.array(z.string().min(1)).default([]),
  aiSummary: z.string().optional(),
  categories: z.array(z.string().min(1)).default([]),
  githubRepo: z.string().url().optional(),
  githubStars: z.number().int().nonnegative().optional(),
  projectPage: z.string().url().optional(),
  thumbnail: z.string().url().optional(),
  links: z.object({
    hf: z.string().url(),
    arxiv: z.string().url(),
    pdf: z.string().url(),
  }),
  sources: z.array(paperSource).min(1),
  firstSeenAt: z.string(),
  updatedAt: z.string(),
});

export type Paper = z.infer<typeof paperSchema>;
export type PaperSource = z.infer<typeof paperSource>;

/**
 * What a source knows about a paper, before the store has seen it: no bookkeeping
 * times, links derived from the id.
 */
export type PaperInput = Omit<Paper, 'firstSeenAt' | 'updatedAt' | 'links' | 'sources' | 'upvotes'> & {
  source: PaperSource;
  /** Hugging Face upvotes, when the source knows them (arXiv does not; an import file may not). */
  upvotes?: number;
};

/** The day a paper is filed under: its Daily Papers day, else its publication day. */
export function paperDay(p: Pick<Paper, 'dailyDate' | 'publishedAt'>): string | undefined {
  return p.dailyDate ?? p.publishedAt?.slice(0, 10);
}

/** Stable links for an arXiv id. */
export function paperLinks(id: string): Paper['links'] {
  return {
    hf: `https://huggingface.co/papers/${id}`,
    arxiv: `https://arxiv.org/abs/${id}`,
    pdf: `https://arxiv.org/pdf/${id}`,
  };
}

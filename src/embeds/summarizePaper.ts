import type { Paper } from '../papers/paper.ts';

/**
 * A short summary for a card: Hugging Face's one-sentence `ai_summary` when there is one,
 * else the abstract's first sentences up to about `max` characters (cut at a word when the
 * first sentence alone is longer). Looks at no more of the abstract than it needs.
 */
export function summarizePaper(paper: Pick<Paper, 'aiSummary' | 'abstract'>, max = 400): string {
  if (paper.aiSummary) return paper.aiSummary;
  const text = paper.abstract;
  let end = 0;
  for (;;) {
    const next = nextSentenceEnd(text, end);
    if (next < 0 || next > max) break;
    end = next;
  }
  if (end > 0) return text.slice(0, end).trim();
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > max / 2 ? cut : max).trim();
}

/** Index just past the next `.`, `!` or `?` that ends a sentence (followed by space or the end). */
function nextSentenceEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if ((c === '.' || c === '!' || c === '?') && (i + 1 === text.length || text[i + 1] === ' ')) return i + 1;
  }
  return -1;
}

import type { Paper } from '../papers/paper.ts';

/**
 * A short summary for a card: Hugging Face's one-sentence `ai_summary` when there is one,
 * else the abstract's first sentences up to about `max` characters.
 */
export function summarizePaper(paper: Pick<Paper, 'aiSummary' | 'abstract'>, max = 400): string {
  if (paper.aiSummary) return paper.aiSummary;
  const sentences = paper.abstract.match(/[^.!?]+[.!?]+(\s|$)|[^.!?]+$/g) ?? [paper.abstract];
  let out = '';
  for (const sentence of sentences) {
    if (out.length > 0 && out.length + sentence.length > max) break;
    out += sentence;
  }
  return out.trim();
}

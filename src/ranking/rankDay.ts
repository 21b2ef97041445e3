import type { Paper } from '../papers/paper.ts';

export interface RankedPaper {
  paper: Paper;
  score: number;
}

/**
 * Orders a day's papers best first. Today the score is the paper's Hugging Face upvotes;
 * ties go to the paper with more comments, then to the lower id, so the order is stable.
 */
export function rankDay(papers: readonly Paper[]): RankedPaper[] {
  return papers
    .map((paper) => ({ paper, score: paper.upvotes }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.paper.comments ?? 0) - (a.paper.comments ?? 0) ||
        (a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0),
    );
}

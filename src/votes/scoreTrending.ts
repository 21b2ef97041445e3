import type { Paper } from '../papers/paper.ts';

/** One member's vote weighs as much as this many Hugging Face upvotes. */
export const VOTE_WEIGHT = 5;
/** How fast a paper sinks with age (Hacker News uses 1.8). */
export const GRAVITY = 1.5;
/** Hours added to a paper's age, so a brand-new paper's score is not divided by nearly zero. */
export const AGE_OFFSET_H = 2;

/**
 * A paper's trending score: points from members' votes and Hugging Face upvotes, divided by a
 * power of its age — score = (5·votes + upvotes) / (age in hours + 2)^1.5. A paper with 10 votes
 * and 20 upvotes scores 70 / 26^1.5 ≈ 0.53 at a day old and ≈ 0.12 at four days.
 */
export function trendingScore(votes: number, upvotes: number, ageHours: number): number {
  return (VOTE_WEIGHT * votes + upvotes) / (Math.max(0, ageHours) + AGE_OFFSET_H) ** GRAVITY;
}

/** When a paper counts from: its Daily Papers day (noon UTC), else its publication. */
export function paperTime(paper: Pick<Paper, 'dailyDate' | 'publishedAt'>): number {
  if (paper.dailyDate) return Date.parse(`${paper.dailyDate}T12:00:00Z`);
  return paper.publishedAt ? Date.parse(paper.publishedAt) : 0;
}

export interface TrendingEntry {
  paper: Paper;
  votes: number;
  score: number;
}

/** The window's papers, best trending score first; ties to more votes, then the lower id. */
export function rankByVotes(papers: readonly Paper[], votes: ReadonlyMap<string, number>, now: Date): TrendingEntry[] {
  return papers
    .map((paper) => {
      const v = votes.get(paper.id) ?? 0;
      return {
        paper,
        votes: v,
        score: trendingScore(v, paper.upvotes, (now.getTime() - paperTime(paper)) / 3_600_000),
      };
    })
    .sort((a, b) => b.score - a.score || b.votes - a.votes || (a.paper.id < b.paper.id ? -1 : 1));
}

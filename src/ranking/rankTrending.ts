import type { Paper } from '../papers/paper.ts';
import { type RankedPaper, rankDay } from './rankDay.ts';

export type TrendingWindow = 'day' | 'week' | 'month';

export const WINDOW_DAYS: Record<TrendingWindow, number> = { day: 1, week: 7, month: 30 };

/** The days a trending window covers, newest first, ending on `today`. */
export function windowDays(window: TrendingWindow, today: string): string[] {
  const end = new Date(`${today}T00:00:00Z`).getTime();
  return Array.from({ length: WINDOW_DAYS[window] }, (_, i) =>
    new Date(end - i * 86_400_000).toISOString().slice(0, 10),
  );
}

/**
 * The trending list of a window. For now the score is Hugging Face upvotes, as on a day list;
 * members' votes and time decay join it with the voting feature.
 */
export function rankTrending(papers: readonly Paper[]): RankedPaper[] {
  return rankDay(papers);
}

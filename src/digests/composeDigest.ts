import type { Paper } from '../papers/paper.ts';
import { rankDay } from '../ranking/rankDay.ts';
import type { DigestSettings } from './subscription.ts';

/** What a digest will post, or why it posts nothing. */
export type DigestPlan = { papers: Paper[] } | { papers: []; empty: string };

export interface DigestInput {
  settings: Pick<DigestSettings, 'topics' | 'size' | 'minUpvotes'>;
  /** The papers of the days the digest draws on (the local day and the two before). */
  candidates: readonly Paper[];
  /** For each of the subscription's topics, the ids of papers on it (from the topic search). */
  onTopic: ReadonlyMap<string, ReadonlySet<string>>;
  /** Papers already posted to the channel in the last seven days. */
  recentlyPosted: ReadonlySet<string>;
}

/**
 * Chooses a digest's papers: the candidates on any of the subscription's topics (all of them
 * when it has none), not posted to the channel in the last week, with at least `minUpvotes`,
 * best first, the top `size`. When nothing is left, says why, for `/digest show`.
 */
export function composeDigest(input: DigestInput): DigestPlan {
  const { settings, candidates, onTopic, recentlyPosted } = input;
  if (candidates.length === 0) return { papers: [], empty: 'no papers on Hugging Face Daily Papers for these days' };
  const fresh = candidates.filter((p) => !recentlyPosted.has(p.id));
  if (fresh.length === 0) return { papers: [], empty: 'every recent paper was already posted here this week' };
  const topical =
    settings.topics.length === 0
      ? fresh
      : fresh.filter((p) => settings.topics.some((slug) => onTopic.get(slug)?.has(p.id)));
  if (topical.length === 0) return { papers: [], empty: `no new paper on ${settings.topics.join(', ')}` };
  const liked = topical.filter((p) => p.upvotes >= settings.minUpvotes);
  if (liked.length === 0) return { papers: [], empty: `no new paper with ▲ ${settings.minUpvotes} or more` };
  return {
    papers: rankDay(liked)
      .slice(0, settings.size)
      .map((r) => r.paper),
  };
}

import type { DigestPlan } from '../digests/composeDigest.ts';
import type { DigestSettings } from '../digests/subscription.ts';
import { windowDays } from '../ranking/rankTrending.ts';
import { rankByVotes } from '../votes/scoreTrending.ts';
import type { DigestDeps } from './DigestDeps.ts';

/**
 * The papers of a weekly trending post: the server's trending list of the seven days ending on
 * the post's day — the same score as `/papers trending` — keeping only papers members voted for,
 * at most the digest's size. Nothing voted: an empty post, which stays quiet.
 */
export async function chooseWeeklyPapers(
  deps: Pick<DigestDeps, 'catalog' | 'votesIn' | 'clock'>,
  guildId: string,
  settings: Pick<DigestSettings, 'size'>,
  day: string,
): Promise<DigestPlan> {
  const [papers, votes] = await Promise.all([
    deps.catalog.papersOnDays(windowDays('week', day)),
    deps.votesIn(guildId),
  ]);
  const top = rankByVotes(papers, votes, deps.clock())
    .filter((entry) => entry.votes > 0)
    .slice(0, settings.size)
    .map((entry) => entry.paper);
  return top.length > 0 ? { papers: top } : { papers: [], empty: 'nobody voted for a paper this week' };
}

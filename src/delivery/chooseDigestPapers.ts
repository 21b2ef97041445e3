import { composeDigest, type DigestPlan } from '../digests/composeDigest.ts';
import type { DigestSettings } from '../digests/subscription.ts';
import { shiftDate } from '../digests/zonedTime.ts';
import type { Paper } from '../papers/paper.ts';
import type { DigestDeps } from './DigestDeps.ts';

/** How far back a channel's digests are checked so no paper is posted twice. */
const NO_REPEAT_DAYS = 7;
/** The days a digest draws on: its local day and the two before (Daily Papers lists keep growing). */
export const DIGEST_WINDOW_DAYS = 3;

/**
 * What every digest of one sweep shares, computed once: topic hits by slug, and the window's
 * papers by day.
 */
export interface SweepMemo {
  topics: Map<string, ReadonlySet<string>>;
  windows: Map<string, Promise<Paper[]>>;
}

export const newSweepMemo = (): SweepMemo => ({ topics: new Map(), windows: new Map() });

/**
 * Reads what a digest is chosen from — the window's papers, the topic hits, what the channel
 * got in the last week — and lets the pure `composeDigest` choose.
 */
export async function chooseDigestPapers(
  deps: Pick<DigestDeps, 'catalog' | 'runs'>,
  settings: DigestSettings,
  day: string,
  memo: SweepMemo = newSweepMemo(),
): Promise<DigestPlan> {
  let window = memo.windows.get(day);
  if (!window) {
    window = deps.catalog.papersOnDays(Array.from({ length: DIGEST_WINDOW_DAYS }, (_, i) => shiftDate(day, -i)));
    memo.windows.set(day, window);
  }
  const candidates = await window;
  const onTopic = new Map<string, ReadonlySet<string>>();
  for (const slug of settings.topics) {
    let ids = memo.topics.get(slug);
    if (!ids) {
      ids = new Set(deps.catalog.topic(slug, 100_000, { fresh: true }).hits.map((h) => h.id));
      memo.topics.set(slug, ids);
    }
    onTopic.set(slug, ids);
  }
  return composeDigest({
    settings,
    candidates,
    onTopic,
    recentlyPosted: await recentlyPosted(deps, settings.channelId, day),
  });
}

/** Papers the channel's digests posted in the week before `day`. */
async function recentlyPosted(deps: Pick<DigestDeps, 'runs'>, channelId: string, day: string): Promise<Set<string>> {
  const keys = Array.from({ length: NO_REPEAT_DAYS }, (_, i) => ({ channelId, day: shiftDate(day, -(i + 1)) }));
  const runs = await deps.runs.getMany(keys);
  const posted = new Set<string>();
  for (const run of runs.values()) {
    const sent = await deps.runs.sent(channelId, run.day, run.paperIds);
    for (const id of sent.keys()) posted.add(id);
  }
  return posted;
}

import { type PaperInput, paperDay } from '../../src/papers/paper.ts';
import { openStore, type Store } from '../../src/store/openStore.ts';
import { createPaperRepository } from '../../src/store/paperRepository.ts';
import { createVoteRepository, EVERYWHERE } from '../../src/store/voteRepository.ts';

/** A paper as the tests compare it: its title, the day it is filed under and its upvotes. */
export type StoredPaper = { title: string; day: string | undefined; upvotes: number };

/** A bot message showing a paper: the message, and the paper it shows. */
export interface PaperPost {
  messageId: string;
  paperId: string;
}

/** Opens the store as another process would, runs `read`, and closes it again. */
export async function withStore<T>(url: string, read: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(url);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** Every stored paper by id, and the ids found more than once (in one day's list or in two). */
export async function storedPapers(store: Store): Promise<{ papers: Map<string, StoredPaper>; twice: string[] }> {
  const papers = new Map<string, StoredPaper>();
  const twice: string[] = [];
  for await (const [, bucket] of createPaperRepository(store).allDays()) {
    for (const p of bucket) {
      if (papers.has(p.id)) twice.push(p.id);
      papers.set(p.id, { title: p.title, day: paperDay(p), upvotes: p.upvotes });
    }
  }
  return { papers, twice };
}

/** Papers from a source, in the form `storedPapers` reports them, with `moreUpvotes` added. */
export function asStored(papers: readonly PaperInput[], moreUpvotes = 0): Map<string, StoredPaper> {
  return new Map(
    papers.map((p) => [p.id, { title: p.title, day: p.dailyDate, upvotes: (p.upvotes ?? 0) + moreUpvotes }]),
  );
}

/** Who voted under each post (sorted), and the server's and the overall tallies, as stored. */
export async function storedVotes(store: Store, guildId: string, posts: readonly PaperPost[]) {
  const repo = createVoteRepository(store);
  const voters: Record<string, string[]> = {};
  for (const { messageId, paperId } of posts) {
    voters[messageId] = [...((await repo.voters(guildId, paperId))[messageId] ?? [])].sort();
  }
  return { voters, tally: await repo.tally(guildId), everywhere: await repo.tally(EVERYWHERE) };
}

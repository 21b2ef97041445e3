import type { Logger } from '../logging/createLogger.ts';
import type { PaperMessage, VoteRepository } from '../store/voteRepository.ts';
import type { VoteRecorder } from './createVoteRecorder.ts';

/** Reads who reacted with an emoji under a message, all pages; `gone` when the message is. */
export type FetchReactors = (message: PaperMessage) => Promise<string[] | 'gone'>;

/** How far back paper messages are reconciled. */
export const RECONCILE_DAYS = 7;

/**
 * Corrects the stored votes from Discord's own reactor lists for the recent paper messages of
 * the servers this process serves: votes cast or withdrawn while the bot was offline are found,
 * both ways, and deleted messages withdraw theirs. Messages are read one at a time (the poster
 * paces the requests under the global limit).
 */
export async function reconcileVotes(deps: {
  repo: VoteRepository;
  recorder: VoteRecorder;
  fetchReactors: FetchReactors;
  guildIds: () => string[];
  clock: () => Date;
  logger: Logger;
  /** Only these messages, whatever their age (those whose vote events were dropped). */
  messageIds?: readonly string[];
}): Promise<{ messages: number; gone: number }> {
  const today = deps.clock().getTime();
  const days = Array.from({ length: RECONCILE_DAYS + 1 }, (_, i) =>
    new Date(today - i * 86_400_000).toISOString().slice(0, 10),
  );
  const served = new Set(deps.guildIds());
  const candidates = deps.messageIds
    ? [...(await deps.repo.messages(deps.messageIds)).values()]
    : await deps.repo.postedOn(days);
  const messages = candidates.filter((m) => served.has(m.guildId));
  let gone = 0;
  for (const message of messages) {
    const done = deps.recorder.watch(message.guildId, message.messageId);
    try {
      const users = await deps.fetchReactors(message);
      if (users === 'gone') gone++;
      done(users);
    } catch (error) {
      done('unknown'); // an empty list would wipe the votes: keep what is stored
      deps.logger.warn({ err: error, message: message.messageId }, 'could not read reactions; kept the stored votes');
    }
  }
  await deps.recorder.flush();
  deps.logger.info({ messages: messages.length, gone }, 'votes reconciled with Discord');
  return { messages: messages.length, gone };
}

import type { ChannelPoster } from '../delivery/createChannelPoster.ts';
import { VOTE_EMOJI } from '../digests/subscription.ts';
import type { Logger } from '../logging/createLogger.ts';
import type { Store } from '../store/openStore.ts';
import {
  createVoteRepository,
  type EVERYWHERE,
  type PaperMessage,
  type VoteRepository,
} from '../store/voteRepository.ts';
import { createVoteRecorder, type VoteRecorder } from './createVoteRecorder.ts';
import { reconcileVotes } from './reconcileVotes.ts';

/** Votes as the rest of the bot sees them. */
export interface VoteService {
  readonly recorder: VoteRecorder;
  readonly repo: VoteRepository;
  /** Votes per paper in a server, or in every server. */
  tally(guildId: string | typeof EVERYWHERE): Promise<Map<string, number>>;
  /** A bot message now shows a paper: it counts votes, and carries the vote reaction. */
  present(message: PaperMessage, options?: { react?: boolean }): Promise<void>;
  /** Corrects the stored votes from Discord's reactor lists (start-up, then every few hours). */
  reconcile(): Promise<{ messages: number; gone: number }>;
}

export function createVoteService(deps: {
  store: Store;
  poster: ChannelPoster;
  clock: () => Date;
  logger: Logger;
}): VoteService {
  const repo = createVoteRepository(deps.store);
  const recorder = createVoteRecorder(repo, deps.logger);
  return {
    recorder,
    repo,
    tally: (guildId) => repo.tally(guildId),
    async present(message, options = {}) {
      await recorder.register(message);
      if (options.react ?? true) await deps.poster.react(message.channelId, message.messageId, VOTE_EMOJI);
    },
    reconcile: () =>
      reconcileVotes({
        repo,
        recorder,
        fetchReactors: (channelId, messageId) => deps.poster.reactors(channelId, messageId, VOTE_EMOJI),
        guildIds: deps.poster.guildIds,
        clock: deps.clock,
        logger: deps.logger,
      }),
  };
}

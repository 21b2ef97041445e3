import type { ChannelPoster } from '../delivery/createChannelPoster.ts';
import type { Logger } from '../logging/createLogger.ts';
import type { Store } from '../store/openStore.ts';
import {
  createVoteRepository,
  type EVERYWHERE,
  type NewPaperMessage,
  type VoteRepository,
} from '../store/voteRepository.ts';
import type { VoteEvent } from '../votes/applyVoteEvents.ts';
import { createVoteRecorder, type VoteRecorder, type VoteRecorderOptions } from './createVoteRecorder.ts';
import { reconcileVotes } from './reconcileVotes.ts';

/** Votes as the rest of the bot sees them. */
export interface VoteService {
  readonly recorder: VoteRecorder;
  readonly repo: VoteRepository;
  /** Votes per paper in a server, or in every server. */
  tally(guildId: string | typeof EVERYWHERE): Promise<Map<string, number>>;
  /** A bot message now shows a paper: it counts votes, and carries the vote reaction. */
  present(message: Omit<NewPaperMessage, 'emoji'>, options?: { react?: boolean }): Promise<void>;
  /** The emoji a server votes with (kept in memory after the first read). */
  emojiFor(guildId: string): Promise<string>;
  /** Changes a server's vote emoji: papers posted from now on carry it; earlier posts keep theirs. */
  setEmoji(guildId: string, emoji: string): Promise<void>;
  /** Corrects the stored votes from Discord's reactor lists (start-up, then every few hours). */
  reconcile(): Promise<{ messages: number; gone: number }>;
}

export function createVoteService(deps: {
  store: Store;
  poster: ChannelPoster;
  clock: () => Date;
  logger: Logger;
  /** Vote events as they are stored (for the operator's metrics). */
  onVotesStored?: (events: readonly VoteEvent[]) => void;
  /** How the recorder retries while the store fails (tests shorten it). */
  retry?: Omit<VoteRecorderOptions, 'onDropped'>;
}): VoteService {
  const repo = createVoteRepository(deps.store);
  const reconcile = (messageIds?: readonly string[]) =>
    reconcileVotes({
      repo,
      recorder,
      fetchReactors: (message) => deps.poster.reactors(message.channelId, message.messageId, message.emoji),
      guildIds: deps.poster.guildIds,
      clock: deps.clock,
      logger: deps.logger,
      ...(messageIds ? { messageIds } : {}),
    });
  const recorder = createVoteRecorder(repo, deps.logger, deps.onVotesStored, {
    ...deps.retry,
    // Events the queue's cap dropped during an outage: Discord's reactor lists put those messages right.
    onDropped: (guildId, messageIds) => {
      reconcile(messageIds).catch((error: unknown) =>
        deps.logger.error(
          { err: error, guild: guildId, messages: messageIds.length },
          'could not reconcile the messages whose vote events were dropped; the scheduled reconcile covers the recent ones',
        ),
      );
    },
  });
  const emojis = new Map<string, string>();
  const emojiFor = async (guildId: string) => {
    const known = emojis.get(guildId);
    if (known) return known;
    const emoji = await repo.voteEmoji(guildId);
    emojis.set(guildId, emoji);
    return emoji;
  };
  return {
    recorder,
    repo,
    tally: (guildId) => repo.tally(guildId),
    emojiFor,
    async setEmoji(guildId, emoji) {
      await repo.setVoteEmoji(guildId, emoji);
      emojis.set(guildId, emoji);
    },
    async present(message, options = {}) {
      const emoji = await emojiFor(message.guildId);
      await recorder.register({ ...message, emoji });
      if (options.react ?? true) await deps.poster.react(message.channelId, message.messageId, emoji);
    },
    reconcile: () => reconcile(),
  };
}

import type { Logger } from '../logging/createLogger.ts';
import {
  type NewPaperMessage,
  type PaperMessage,
  paperMessageSchema,
  type VoteRepository,
} from '../store/voteRepository.ts';
import type { VoteEvent } from '../votes/applyVoteEvents.ts';
import { isVoteEmoji } from '../votes/voteEmoji.ts';

/** A reaction event as the Discord shell hands it over, already filtered (people only, no bots). */
export type ReactionEvent = VoteEvent & {
  guildId: string;
  /** The reaction's emoji, for add, remove and remove-emoji: only the message's vote emoji counts. */
  emoji?: string;
};

/** Records votes: events in, stored votes out, one server at a time, in arrival order. */
export interface VoteRecorder {
  /** Queues an event; never throws (a failure is logged). */
  record(event: ReactionEvent): void;
  /** Makes a bot message count as a paper message (a digest post, a public /papers show). */
  register(message: NewPaperMessage): Promise<void>;
  /**
   * Watches a message while its reactor list is being fetched: what arrives meanwhile is kept, to
   * be applied after the fetched list. Returns the function that hands the list over.
   */
  watch(guildId: string, messageId: string): (userIds: readonly string[] | 'gone' | 'unknown') => void;
  /** Resolves when everything queued so far is stored. */
  flush(): Promise<void>;
}

/** The largest number of a server's events stored in one transaction. */
const BATCH_MAX = 2000;
/** Message lookups kept in memory (paper or not). */
const LOOKUP_CACHE = 50_000;

/**
 * Votes of one server are applied one batch at a time (never two at once: no lost update in this
 * process; the store transaction covers other processes), in the order the events arrived. A
 * burst is stored in a few transactions, not one per reaction.
 */
export function createVoteRecorder(
  repo: VoteRepository,
  logger: Logger,
  /** Told the events of each batch once stored: only those under paper messages, with their vote emoji. */
  onStored?: (events: readonly VoteEvent[]) => void,
): VoteRecorder {
  const pending = new Map<string, ReactionEvent[]>();
  const draining = new Map<string, Promise<void>>();
  const lookups = new Map<string, PaperMessage | null>();
  const watched = new Map<string, ReactionEvent[]>();

  const remember = (id: string, message: PaperMessage | null) => {
    if (lookups.size >= LOOKUP_CACHE) lookups.delete(lookups.keys().next().value as string);
    lookups.set(id, message);
  };

  async function applyBatch(guildId: string, events: ReactionEvent[]): Promise<void> {
    const unknown = [...new Set(events.map((e) => e.messageId))].filter((id) => !lookups.has(id));
    if (unknown.length > 0) {
      const found = await repo.messages(unknown);
      for (const id of unknown) remember(id, found.get(id) ?? null);
    }
    const byPaper = new Map<string, VoteEvent[]>();
    for (const event of events) {
      const message = lookups.get(event.messageId);
      // Not a paper message of this server: someone reacting to anything else.
      if (!message || message.guildId !== guildId) continue;
      if (event.emoji !== undefined && !isVoteEmoji(message.emoji, event.emoji)) continue;
      const list = byPaper.get(message.paperId) ?? [];
      list.push(event);
      byPaper.set(message.paperId, list);
    }
    if (byPaper.size === 0) return;
    await repo.apply(guildId, byPaper);
    onStored?.([...byPaper.values()].flat());
  }

  function drain(guildId: string): Promise<void> {
    const running = draining.get(guildId);
    if (running) return running;
    const run = (async () => {
      for (;;) {
        const queue = pending.get(guildId) ?? [];
        if (queue.length === 0) break;
        const batch = queue.splice(0, BATCH_MAX);
        try {
          await applyBatch(guildId, batch);
        } catch (error) {
          logger.error({ err: error, guild: guildId, events: batch.length }, 'votes could not be stored');
        }
      }
      pending.delete(guildId);
      draining.delete(guildId);
    })();
    draining.set(guildId, run);
    return run;
  }

  const enqueue = (event: ReactionEvent) => {
    const queue = pending.get(event.guildId) ?? [];
    queue.push(event);
    pending.set(event.guildId, queue);
    void drain(event.guildId);
  };

  return {
    record(event) {
      watched.get(event.messageId)?.push(event);
      enqueue(event);
    },
    async register(message) {
      await repo.registerMessage(message);
      remember(message.messageId, paperMessageSchema.parse(message));
    },
    watch(guildId, messageId) {
      watched.set(messageId, []);
      return (userIds) => {
        const since = watched.get(messageId) ?? [];
        watched.delete(messageId);
        // The list could not be read: the events seen meanwhile were applied already; keep all.
        if (userIds === 'unknown') return;
        if (userIds === 'gone') {
          enqueue({ kind: 'forget', messageId, guildId });
          return;
        }
        // Discord's list, then what arrived while it was fetched (already applied once: applied
        // again after the list, it lands where it belongs; events are idempotent).
        enqueue({ kind: 'set', messageId, userIds, guildId });
        for (const event of since) enqueue(event);
      };
    },
    async flush() {
      while (draining.size > 0) await Promise.all([...draining.values()]);
    },
  };
}

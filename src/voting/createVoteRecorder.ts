import type { Logger } from '../logging/createLogger.ts';
import { SHARED_FAILURES } from '../store/openStore.ts';
import { classifyStoreFault } from '../store/StoreUnavailableError.ts';
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
  /** Queues an event; never throws (a failure is logged, and retried). */
  record(event: ReactionEvent): void;
  /** Makes a bot message count as a paper message (a digest post, a public /papers show). */
  register(message: NewPaperMessage): Promise<void>;
  /**
   * Watches a message while its reactor list is being fetched: what arrives meanwhile is kept, to
   * be applied after the fetched list. Returns the function that hands the list over.
   */
  watch(guildId: string, messageId: string): (userIds: readonly string[] | 'gone' | 'unknown') => void;
  /**
   * Resolves when everything queued so far is stored. A batch waiting out its backoff is retried
   * at once; while the store stays down this waits for it to come back.
   */
  flush(): Promise<void>;
  /**
   * Stops recording (a shutdown): waits up to `graceMs` for the queue to be stored, then gives up
   * on the rest, logged with its size — the reconcile at the next start corrects the recent
   * messages from Discord's reactor lists.
   */
  close(graceMs: number): Promise<void>;
  /** Events received and not yet stored, retried batches included. */
  queued(): number;
}

/** How the recorder waits out a failing store, and how much it keeps meanwhile. */
export interface VoteRecorderOptions {
  /** The first retry's delay; each failure in a row doubles it (default 500 ms). */
  retryMinMs?: number;
  /** The longest delay between retries (default 30 s). */
  retryMaxMs?: number;
  /** Events kept in memory at most, across servers (default 100,000): beyond, the oldest are dropped. */
  queueMax?: number;
  /**
   * Told, once the server's votes are stored again, which of its messages lost events to the cap:
   * their votes are to be read again from Discord (the vote service reconciles them).
   */
  onDropped?: (guildId: string, messageIds: readonly string[]) => void;
}

/** Tries before a batch that fails for a reason other than a store outage is given up. */
const POISON_TRIES = 5;

/** The store being away (full, read-only, unreachable) or busy: worth waiting out, however long. */
function isOutage(error: unknown): boolean {
  // A read (the message lookup) runs outside a transaction, so its raw errors are classified here.
  const code = (error as { code?: unknown } | null)?.code;
  return classifyStoreFault(error) !== undefined || (typeof code === 'string' && SHARED_FAILURES.has(code));
}

/** The largest number of a server's events stored in one transaction. */
const BATCH_MAX = 2000;
/** Message lookups kept in memory (paper or not). */
const LOOKUP_CACHE = 50_000;

/**
 * Votes of one server are applied one batch at a time (never two at once: no lost update in this
 * process; the store transaction covers other processes), in the order the events arrived. A
 * burst is stored in a few transactions, not one per reaction.
 *
 * A batch the store refuses (disk full, read-only, Redis gone, or anything else) is not dropped:
 * it goes back to the head of its server's queue, newer events wait behind it, and it is retried
 * after 0.5 s, 1 s, 2 s … up to 30 s between tries, until it is stored. Nothing is lost while
 * the queue stays under its cap (100k events, ~20 MB). Past the cap the oldest queued events go
 * first, with an error logged, and the messages they were for are handed to `onDropped` once the
 * store takes that server's votes again, so their votes are read again from Discord. A transaction
 * fails whole, so a retry never applies a batch twice; and should Redis have applied one before
 * its answer was lost, events are idempotent (who reacted, not how many times).
 */
export function createVoteRecorder(
  repo: VoteRepository,
  logger: Logger,
  /** Told the events of each batch once stored: only those under paper messages, with their vote emoji. */
  onStored?: (events: readonly VoteEvent[]) => void,
  options: VoteRecorderOptions = {},
): VoteRecorder {
  const retryMinMs = options.retryMinMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 30_000;
  const queueMax = options.queueMax ?? 100_000;
  const pending = new Map<string, ReactionEvent[]>();
  const draining = new Map<string, Promise<void>>();
  const lookups = new Map<string, PaperMessage | null>();
  const watched = new Map<string, ReactionEvent[]>();
  /** Per server, the messages whose events the cap dropped. */
  const dropped = new Map<string, Set<string>>();
  /** Wakes the batches waiting out a backoff (a flush, a shutdown). */
  const wakers = new Set<() => void>();
  let queuedCount = 0;
  let closed = false;

  const remember = (id: string, message: PaperMessage | null) => {
    if (lookups.size >= LOOKUP_CACHE) lookups.delete(lookups.keys().next().value as string);
    lookups.set(id, message);
  };

  const backoff = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      wakers.add(done);
    });
  const wake = () => {
    for (const done of [...wakers]) done();
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

  /** Hands the server's messages that lost events to `onDropped`, now that its votes are stored again. */
  const resync = (guildId: string) => {
    const ids = dropped.get(guildId);
    if (!ids) return;
    dropped.delete(guildId);
    options.onDropped?.(guildId, [...ids]);
  };

  function drain(guildId: string): Promise<void> {
    const running = draining.get(guildId);
    if (running) return running;
    const run = (async () => {
      let failures = 0;
      for (;;) {
        const queue = pending.get(guildId) ?? [];
        if (queue.length === 0 || closed) break;
        const batch = queue.splice(0, BATCH_MAX);
        try {
          await applyBatch(guildId, batch);
          queuedCount -= batch.length;
          if (failures > 0)
            logger.info({ guild: guildId, failures }, 'votes stored again: the store is back, the queued votes landed');
          failures = 0;
          resync(guildId);
        } catch (error) {
          if (!isOutage(error) && failures + 1 >= POISON_TRIES) {
            // Not the store being away but this batch failing (a record it cannot read, a bug):
            // retrying it forever would hold every later vote of the server behind it.
            queuedCount -= batch.length;
            markDropped(guildId, batch);
            // The store itself is up: its messages can be read again from Discord at once.
            resync(guildId);
            logger.error(
              { err: error, guild: guildId, events: batch.length, tries: failures + 1 },
              'votes could not be stored (not a store outage): the batch is dropped; its messages are reconciled with Discord',
            );
            failures = 0;
            continue;
          }
          // The transaction failed whole: the batch goes back to the head, ahead of newer events.
          queue.unshift(...batch);
          const delay = Math.min(retryMinMs * 2 ** failures, retryMaxMs);
          // One error per outage and server, not one per retry; the retries are at debug level.
          if (failures === 0)
            logger.error(
              { err: error, guild: guildId, queued: queue.length, retryInMs: delay },
              `votes could not be stored: ${error instanceof Error ? error.message : String(error)}; kept, and retried until the store takes them`,
            );
          else
            logger.debug({ err: error, guild: guildId, queued: queue.length, retryInMs: delay }, 'vote retry failed');
          failures++;
          if (!closed) await backoff(delay);
        }
      }
      // Left in place at a shutdown, so `close` can count what was not stored.
      if (!closed) pending.delete(guildId);
      draining.delete(guildId);
    })();
    draining.set(guildId, run);
    return run;
  }

  /** Remembers the messages of events that will never be stored, to be read again from Discord. */
  const markDropped = (guildId: string, events: readonly ReactionEvent[]) => {
    const ids = dropped.get(guildId) ?? new Set<string>();
    for (const event of events) ids.add(event.messageId);
    dropped.set(guildId, ids);
  };

  /** Over the cap: the oldest queued events of the longest queue go, and their messages are remembered. */
  const shed = () => {
    let longest: [string, ReactionEvent[]] | undefined;
    for (const entry of pending) if (!longest || entry[1].length > longest[1].length) longest = entry;
    if (!longest) return;
    const [guildId, queue] = longest;
    const excess = Math.min(queue.length, queuedCount - queueMax);
    if (excess <= 0) return;
    const gone = queue.splice(0, excess);
    queuedCount -= gone.length;
    markDropped(guildId, gone);
    logger.error(
      { guild: guildId, dropped: gone.length, queueMax },
      'vote queue full while the store is failing: dropped the oldest events; their messages are reconciled with Discord once the store is back',
    );
  };

  const enqueue = (event: ReactionEvent) => {
    if (closed) {
      logger.warn({ guild: event.guildId, message: event.messageId }, 'vote event after shutdown began: not recorded');
      return;
    }
    const queue = pending.get(event.guildId) ?? [];
    queue.push(event);
    pending.set(event.guildId, queue);
    queuedCount++;
    if (queuedCount > queueMax) shed();
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
      while (draining.size > 0) {
        wake();
        await Promise.all([...draining.values()]);
      }
    },
    async close(graceMs) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([this.flush(), grace]);
      clearTimeout(timer);
      closed = true;
      wake();
      await Promise.all([...draining.values()]);
      if (queuedCount > 0)
        logger.error(
          { events: queuedCount, servers: pending.size },
          'votes not stored at shutdown (the store is failing): the reconcile at the next start reads the recent messages again from Discord',
        );
    },
    queued: () => queuedCount,
  };
}

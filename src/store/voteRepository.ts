import { z } from 'zod';
import { applyVoteEvents, countVoters, type MessageVoters, type VoteEvent } from '../votes/applyVoteEvents.ts';
import { DEFAULT_VOTE_EMOJI } from '../votes/voteEmoji.ts';
import type { Store } from './openStore.ts';

const GET_BATCH = 200;
/** The tally of every server together, for `/papers trending scope:everywhere`. */
export const EVERYWHERE = '*';

/** A bot message that shows a paper: a digest post or a public `/papers show`. */
export const paperMessageSchema = z.object({
  messageId: z.string(),
  channelId: z.string(),
  guildId: z.string(),
  paperId: z.string(),
  /** The UTC day it was posted, for reconciling the recent ones. */
  day: z.string(),
  /** The emoji its votes are cast with: the server's vote emoji when it was posted. */
  emoji: z.string().default(DEFAULT_VOTE_EMOJI),
});
export type PaperMessage = z.infer<typeof paperMessageSchema>;
/** A paper message as it is registered: without an emoji, it is voted on with 👍. */
export type NewPaperMessage = z.input<typeof paperMessageSchema>;

const votersSchema = z.record(z.string(), z.array(z.string()));
const tallySchema = z.record(z.string(), z.number().int().min(0));

/**
 * Votes, stored as who reacted under which paper message (so every event can be applied twice
 * without counting twice, and a reconciliation can replace one message's list), plus a tally per
 * server and one for all servers, kept in step in the same transaction.
 */
export interface VoteRepository {
  registerMessage(message: NewPaperMessage): Promise<void>;
  /** The paper messages among these ids (others are not paper messages). */
  messages(ids: readonly string[]): Promise<Map<string, PaperMessage>>;
  /** Paper messages posted on these UTC days. */
  postedOn(days: readonly string[]): Promise<PaperMessage[]>;
  /**
   * Applies one server's events, grouped by paper, in one transaction: a read-modify-write that
   * two processes on one store cannot interleave. Returns each paper's new vote count.
   */
  apply(guildId: string, byPaper: ReadonlyMap<string, readonly VoteEvent[]>): Promise<Map<string, number>>;
  /** Votes per paper in a server, or `EVERYWHERE`. */
  tally(guildId: string): Promise<Map<string, number>>;
  /** Who voted under which message, for one paper in one server. */
  voters(guildId: string, paperId: string): Promise<MessageVoters>;
  /** The emoji a server votes with (its admins' choice, else 👍). */
  voteEmoji(guildId: string): Promise<string>;
  setVoteEmoji(guildId: string, emoji: string): Promise<void>;
}

export function createVoteRepository(store: Store): VoteRepository {
  const kv = store.keyv('votes');
  const msgKey = (id: string) => `msg:${id}`;
  const dayKey = (day: string) => `posted:${day}`;
  const pvKey = (guildId: string, paperId: string) => `pv:${guildId}:${paperId}`;
  const tallyKey = (guildId: string) => `tally:${guildId}`;
  const readTally = async (guildId: string) => tallySchema.catch({}).parse((await kv.get(tallyKey(guildId))) ?? {});
  return {
    registerMessage: (message) =>
      store.transaction('votes', async () => {
        const checked = paperMessageSchema.parse(message);
        await kv.set(msgKey(checked.messageId), checked);
        const day = z
          .array(z.string())
          .catch([])
          .parse((await kv.get(dayKey(checked.day))) ?? []);
        if (!day.includes(checked.messageId)) await kv.set(dayKey(checked.day), [...day, checked.messageId]);
      }),
    async messages(ids) {
      const out = new Map<string, PaperMessage>();
      for (let i = 0; i < ids.length; i += GET_BATCH) {
        const batch = ids.slice(i, i + GET_BATCH);
        const values = await kv.getMany(batch.map(msgKey));
        for (const value of values) {
          const parsed = paperMessageSchema.safeParse(value);
          if (parsed.success) out.set(parsed.data.messageId, parsed.data);
        }
      }
      return out;
    },
    async postedOn(days) {
      const ids: string[] = [];
      for (const day of days)
        ids.push(
          ...z
            .array(z.string())
            .catch([])
            .parse((await kv.get(dayKey(day))) ?? []),
        );
      return [...(await this.messages(ids)).values()];
    },
    apply: (guildId, byPaper) =>
      store.transaction('votes', async () => {
        const papers = [...byPaper.keys()];
        const stored = await kv.getMany(papers.map((p) => pvKey(guildId, p)));
        const tally = await readTally(guildId);
        const everywhere = await readTally(EVERYWHERE);
        const counts = new Map<string, number>();
        const writes: Array<{ key: string; value: unknown }> = [];
        for (const [i, paperId] of papers.entries()) {
          const before = votersSchema.catch({}).parse(stored[i] ?? {});
          const after = applyVoteEvents(before, byPaper.get(paperId) ?? []);
          const delta = countVoters(after) - countVoters(before);
          counts.set(paperId, countVoters(after));
          writes.push({ key: pvKey(guildId, paperId), value: after });
          if (delta === 0) continue;
          tally[paperId] = (tally[paperId] ?? 0) + delta;
          everywhere[paperId] = (everywhere[paperId] ?? 0) + delta;
          if (tally[paperId] === 0) delete tally[paperId];
          if (everywhere[paperId] === 0) delete everywhere[paperId];
        }
        writes.push({ key: tallyKey(guildId), value: tally }, { key: tallyKey(EVERYWHERE), value: everywhere });
        // Issued together: the connection pipelines them instead of one round trip each.
        await kv.setMany(writes);
        return counts;
      }),
    tally: async (guildId) => new Map(Object.entries(await readTally(guildId))),
    voters: async (guildId, paperId) => votersSchema.catch({}).parse((await kv.get(pvKey(guildId, paperId))) ?? {}),
    voteEmoji: async (guildId) =>
      z
        .string()
        .min(1)
        .catch(DEFAULT_VOTE_EMOJI)
        .parse(await kv.get(`emoji:${guildId}`)),
    setVoteEmoji: (guildId, emoji) =>
      store.transaction('votes', async () => {
        await kv.set(`emoji:${guildId}`, emoji);
      }),
  };
}

import {
  type APIMessage,
  type APIUser,
  type Client,
  PermissionFlagsBits,
  PermissionsBitField,
  Routes,
} from 'discord.js';
import PQueue from 'p-queue';
import type { ChannelMessage } from '../digests/formatDigestMessages.ts';

/** What a digest needs in its channel, by the names Discord shows admins. */
export const DIGEST_PERMISSIONS = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
  ['Add Reactions', PermissionFlagsBits.AddReactions],
  ['Read Message History', PermissionFlagsBits.ReadMessageHistory],
] as const;

/** The Discord calls digests make: the thin shell around the REST client. */
export interface ChannelPoster {
  /** Posts a message; the nonce makes Discord return the first copy if the same post is retried. */
  send(channelId: string, message: ChannelMessage, nonce: string): Promise<string>;
  react(channelId: string, messageId: string, emoji: string): Promise<void>;
  /**
   * The bot's own posts (not its answers to commands) among the channel's newest 100 messages, or
   * the first 100 after `afterId`, with their text and the link of their first embed.
   */
  ownMessages(
    channelId: string,
    afterId?: string,
  ): Promise<Array<{ id: string; content: string; url: string | undefined }>>;
  /**
   * Who reacted with `emoji` under a message, every page of 100, people only (bots and Paperboy
   * itself left out); `gone` when the message or its channel no longer exists.
   */
  reactors(channelId: string, messageId: string, emoji: string): Promise<string[] | 'gone'>;
  /** Permissions the bot lacks in a channel (by name); undefined when the channel is not known. */
  missingPermissions(channelId: string): string[] | undefined;
  /** Posts to the server's system channel if the bot may; false when it may not. */
  notifyGuild(guildId: string, message: ChannelMessage, exceptChannelId?: string): Promise<boolean>;
  /** The servers this process (this shard) serves. */
  guildIds(): string[];
}

/** The global limit is spread over slices this long, so requests flow instead of arriving in bursts. */
const PACE_SLICE_MS = 20;

/**
 * The Discord calls of digests, paced: at most `globalPerSecond` a second, spread evenly over the
 * second. discord.js also keeps the global limit, but as a burst at the start of each of its own
 * one-second windows, which Discord's windows do not line up with: every misaligned burst earns
 * 429s and a wait. Paced, a 500-channel round runs at the limit with few of them.
 */
export function createChannelPoster(client: Client, options: { globalPerSecond: number }): ChannelPoster {
  const pace = new PQueue({
    intervalCap: Math.max(1, Math.floor((options.globalPerSecond * PACE_SLICE_MS) / 1000)),
    interval: PACE_SLICE_MS,
  });
  const paced = <T>(call: () => Promise<T>): Promise<T> => pace.add(call) as Promise<T>;
  const missing = (channelId: string): string[] | undefined => {
    const channel = client.channels.cache.get(channelId);
    const me = client.user;
    if (!channel || !me || !('permissionsFor' in channel)) return undefined;
    const granted = channel.permissionsFor(me) ?? new PermissionsBitField(0n);
    return DIGEST_PERMISSIONS.filter(([, bit]) => !granted.has(bit)).map(([name]) => name);
  };
  return {
    async send(channelId, message, nonce) {
      const sent = (await paced(() =>
        client.rest.post(Routes.channelMessages(channelId), { body: { ...message, nonce, enforce_nonce: true } }),
      )) as APIMessage;
      return sent.id;
    },
    async react(channelId, messageId, emoji) {
      await paced(() =>
        client.rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(emoji))),
      );
    },
    async ownMessages(channelId, afterId) {
      const query = new URLSearchParams({ limit: '100', ...(afterId ? { after: afterId } : {}) });
      const list = (await paced(() => client.rest.get(Routes.channelMessages(channelId), { query }))) as APIMessage[];
      return list
        .filter((m) => m.author.id === client.user?.id && m.type === 0 && !m.webhook_id && !m.interaction_metadata)
        .map((m) => ({ id: m.id, content: m.content, url: m.embeds[0]?.url ?? undefined }));
    },
    async reactors(channelId, messageId, emoji) {
      const people: string[] = [];
      let after: string | undefined;
      for (;;) {
        const query = new URLSearchParams({ limit: '100', ...(after ? { after } : {}) });
        let page: APIUser[];
        try {
          page = (await paced(() =>
            client.rest.get(Routes.channelMessageReaction(channelId, messageId, encodeURIComponent(emoji)), { query }),
          )) as APIUser[];
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (code === 10008 || code === 10003 || code === 10004) return 'gone';
          throw error;
        }
        for (const user of page) if (!user.bot && user.id !== client.user?.id) people.push(user.id);
        if (page.length < 100) return people;
        after = page.at(-1)?.id;
      }
    },
    missingPermissions: missing,
    async notifyGuild(guildId, message, exceptChannelId) {
      const channel = client.guilds.cache.get(guildId)?.systemChannel;
      if (!channel || channel.id === exceptChannelId) return false;
      const lacking = missing(channel.id);
      if (!lacking || lacking.includes('View Channel') || lacking.includes('Send Messages')) return false;
      await paced(() => client.rest.post(Routes.channelMessages(channel.id), { body: message }));
      return true;
    },
    guildIds: () => [...client.guilds.cache.keys()],
  };
}

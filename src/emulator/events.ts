import type { EmulatorChange } from './changes.ts';
import type { EmulatorContext } from './context.ts';
import type { ChannelState, GuildState, StoredMessage } from './state/model.ts';
import { toApiChannel, toApiEmoji, toApiGuild, toApiMember, toApiMessage } from './state/serialize.ts';

/**
 * Gateway events the emulator sends when its state changes, in the shapes discord.js reads; each
 * also goes to the change feed, ephemeral messages included (the gateway never sees those).
 */
export const events = {
  messageCreate(ctx: EmulatorContext, message: StoredMessage): void {
    ctx.changes.emit(messageChange('message-create', message));
    if (message.ephemeral) return;
    ctx.gateway.dispatchToGuild(message.guild_id, 'MESSAGE_CREATE', withMember(ctx, message));
  },
  messageUpdate(ctx: EmulatorContext, message: StoredMessage): void {
    ctx.changes.emit(messageChange('message-update', message));
    if (message.ephemeral) return;
    ctx.gateway.dispatchToGuild(message.guild_id, 'MESSAGE_UPDATE', withMember(ctx, message));
  },
  messageDelete(ctx: EmulatorContext, message: StoredMessage): void {
    ctx.changes.emit(messageChange('message-delete', message));
    if (message.ephemeral) return;
    const data = { id: message.id, channel_id: message.channel_id, guild_id: message.guild_id };
    ctx.gateway.dispatchToGuild(message.guild_id, 'MESSAGE_DELETE', data);
  },
  reactionAdd(ctx: EmulatorContext, message: StoredMessage, userId: string, emoji: string): void {
    ctx.changes.emit(messageChange('reaction', message));
    const guild = ctx.state.guilds.get(message.guild_id);
    const member = guild ? ctx.state.member(guild, userId) : undefined;
    ctx.gateway.dispatchToGuild(message.guild_id, 'MESSAGE_REACTION_ADD', {
      ...reactionBase(message, emoji),
      user_id: userId,
      message_author_id: message.author.id,
      ...(member ? { member: toApiMember(member, ctx.state.users.get(userId)) } : {}),
    });
  },
  reactionRemove(ctx: EmulatorContext, message: StoredMessage, userId: string, emoji: string): void {
    ctx.changes.emit(messageChange('reaction', message));
    ctx.gateway.dispatchToGuild(message.guild_id, 'MESSAGE_REACTION_REMOVE', {
      ...reactionBase(message, emoji),
      user_id: userId,
    });
  },
  reactionRemoveAll(ctx: EmulatorContext, message: StoredMessage): void {
    ctx.changes.emit(messageChange('reaction', message));
    const data = { channel_id: message.channel_id, message_id: message.id, guild_id: message.guild_id };
    ctx.gateway.dispatchToGuild(message.guild_id, 'MESSAGE_REACTION_REMOVE_ALL', data);
  },
  reactionRemoveEmoji(ctx: EmulatorContext, message: StoredMessage, emoji: string): void {
    ctx.changes.emit(messageChange('reaction', message));
    const data = {
      channel_id: message.channel_id,
      message_id: message.id,
      guild_id: message.guild_id,
      emoji: toApiEmoji(emoji),
    };
    ctx.gateway.dispatchToGuild(message.guild_id, 'MESSAGE_REACTION_REMOVE_EMOJI', data);
  },
  channelDelete(ctx: EmulatorContext, channel: ChannelState): void {
    ctx.changes.emit({ kind: 'channel', guildId: channel.guildId, channelId: channel.id });
    ctx.gateway.dispatchToGuild(channel.guildId, 'CHANNEL_DELETE', toApiChannel(channel));
  },
  channelUpdate(ctx: EmulatorContext, channel: ChannelState): void {
    ctx.changes.emit({ kind: 'channel', guildId: channel.guildId, channelId: channel.id });
    ctx.gateway.dispatchToGuild(channel.guildId, 'CHANNEL_UPDATE', toApiChannel(channel));
  },
  guildCreate(ctx: EmulatorContext, guild: GuildState): void {
    ctx.changes.emit({ kind: 'guild', guildId: guild.id });
    ctx.gateway.dispatchToGuild(guild.id, 'GUILD_CREATE', toApiGuild(guild, ctx.state, true));
  },
  /** Without `unavailable`, GUILD_DELETE means the bot left or was removed. */
  guildDelete(ctx: EmulatorContext, guildId: string): void {
    ctx.changes.emit({ kind: 'guild', guildId });
    ctx.gateway.dispatchToGuild(guildId, 'GUILD_DELETE', { id: guildId });
  },
};

function messageChange(kind: EmulatorChange['kind'], message: StoredMessage): EmulatorChange {
  return { kind, guildId: message.guild_id, channelId: message.channel_id, messageId: message.id };
}

function reactionBase(message: StoredMessage, emoji: string): Record<string, unknown> {
  return {
    channel_id: message.channel_id,
    message_id: message.id,
    guild_id: message.guild_id,
    emoji: toApiEmoji(emoji),
    burst: false,
    burst_colors: [],
    type: 0,
  };
}

/** Guild messages carry the author's member, without its user. */
function withMember(ctx: EmulatorContext, message: StoredMessage): Record<string, unknown> {
  const guild = ctx.state.guilds.get(message.guild_id);
  const member = guild ? ctx.state.member(guild, message.author.id) : undefined;
  return { ...toApiMessage(message, ctx.state), ...(member ? { member: toApiMember(member, undefined) } : {}) };
}

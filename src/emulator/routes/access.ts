import { apiErrors } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import { hasAll, Permission } from '../permissions.ts';
import type { ChannelState, GuildState, StoredMessage } from '../state/model.ts';

/** The channel, or 404/10003. */
export function requireChannel(ctx: EmulatorContext, channelId: string): ChannelState {
  const channel = ctx.state.channels.get(channelId);
  if (!channel) throw apiErrors.unknownChannel();
  return channel;
}

/** The guild, or 404/10004. */
export function requireGuild(ctx: EmulatorContext, guildId: string): GuildState {
  const guild = ctx.state.guilds.get(guildId);
  if (!guild) throw apiErrors.unknownGuild();
  return guild;
}

/** A channel's message the bot can see, or 404/10008. */
export function requireMessage(ctx: EmulatorContext, channel: ChannelState, messageId: string): StoredMessage {
  const message = ctx.state.channelMessage(channel.id, messageId);
  if (!message) throw apiErrors.unknownMessage();
  return message;
}

/**
 * Checks the bot's permissions in a channel as Discord does: a channel it cannot see is 403/50001
 * Missing Access; a missing permission beyond that is 403/50013 Missing Permissions.
 */
export function requirePermissions(ctx: EmulatorContext, channel: ChannelState, required: bigint): void {
  const permissions = ctx.state.channelPermissions(channel, ctx.state.bot.id);
  if (!hasAll(permissions, Permission.ViewChannel)) throw apiErrors.missingAccess();
  if (!hasAll(permissions, required)) throw apiErrors.missingPermissions();
}

/** True when the bot has every bit of `required` in the channel. */
export function botCan(ctx: EmulatorContext, channel: ChannelState, required: bigint): boolean {
  return hasAll(ctx.state.channelPermissions(channel, ctx.state.bot.id), required);
}

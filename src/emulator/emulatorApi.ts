import type { EmulatorContext } from './context.ts';
import { events } from './events.ts';
import type { FaultPlan } from './faults.ts';
import { Op } from './gateway/protocol.ts';
import type { RequestLog } from './http/handleRequest.ts';
import { commandData, startInteraction } from './interactions/startInteraction.ts';
import { normalizeEmoji, reactAs } from './reactions.ts';
import type { GuildState } from './state/model.ts';
import type { Emulator, EmulatorGuild } from './types.ts';

/** What the test-facing API is built on, beyond the shared context. */
export interface EmulatorParts {
  apiUrl: string;
  deadlineMs: number;
  faults: FaultPlan;
  log: RequestLog;
  close: () => Promise<void>;
}

/** The object tests hold: state set-up, fake users, interactions, faults and the request log. */
export function createEmulatorApi(ctx: EmulatorContext, parts: EmulatorParts): Emulator {
  const { state, gateway } = ctx;
  const requireChannel = (channelId: string) => {
    const channel = state.channels.get(channelId);
    if (!channel) throw new Error(`emulator: unknown channel ${channelId}`);
    return channel;
  };
  const requireMessage = (channelId: string, messageId: string) => {
    const message = state.channelMessage(channelId, messageId);
    if (!message) throw new Error(`emulator: no message ${messageId} in channel ${channelId}`);
    return message;
  };
  return {
    apiUrl: parts.apiUrl,
    applicationId: state.bot.id,
    botUserId: state.bot.id,
    token: ctx.token,
    get requests() {
      return parts.log.requests;
    },
    get invalidRequests() {
      return parts.log.invalid;
    },
    createGuild(spec) {
      const guild = state.createGuild(spec);
      events.guildCreate(ctx, guild);
      return toEmulatorGuild(ctx, guild);
    },
    setChannelPermissions(channelId, overwrites) {
      const channel = requireChannel(channelId);
      channel.overwrites = overwrites.map((o) => ({ ...o }));
      events.channelUpdate(ctx, channel);
    },
    removeGuild(guildId) {
      if (!state.guilds.has(guildId)) return;
      events.guildDelete(ctx, guildId);
      state.removeGuild(guildId);
    },
    addUser(spec) {
      const user = state.addUser(spec);
      return { id: user.id, username: user.username, bot: user.bot };
    },
    grantPermissions(guildId, userId, permissions) {
      const guild = state.guilds.get(guildId);
      if (!guild) throw new Error(`emulator: unknown guild ${guildId}`);
      state.grantRole(guild, userId, permissions);
    },
    messages: (channelId) => state.channelMessages(channelId),
    visibleMessages: (channelId, userId) => state.visibleMessages(channelId, userId),
    onChange: (listener) => ctx.changes.subscribe(listener),
    commands: (guildId) => (guildId === undefined ? state.commands.global : (state.commands.guilds.get(guildId) ?? [])),
    runCommand: (spec) =>
      startInteraction(
        ctx,
        spec,
        { type: 2, data: commandData(ctx, spec.guildId, spec.name, spec.options) },
        parts.deadlineMs,
      ),
    autocomplete: (spec) =>
      startInteraction(
        ctx,
        spec,
        { type: 4, data: commandData(ctx, spec.guildId, spec.name, spec.options) },
        parts.deadlineMs,
      ),
    clickButton: (spec) =>
      startInteraction(
        ctx,
        spec,
        { type: 3, data: { custom_id: spec.customId, component_type: 2 }, componentMessageId: spec.messageId },
        parts.deadlineMs,
      ),
    react: (userId, channelId, messageId, emoji) => reactAs(ctx, userId, { channelId, messageId }, emoji, true),
    unreact: (userId, channelId, messageId, emoji) => reactAs(ctx, userId, { channelId, messageId }, emoji, false),
    removeAllReactions(channelId, messageId) {
      const message = requireMessage(channelId, messageId);
      if (message.reactions.size === 0) return;
      message.reactions.clear();
      events.reactionRemoveAll(ctx, message);
    },
    removeReactionEmoji(channelId, messageId, emoji) {
      const message = requireMessage(channelId, messageId);
      const key = normalizeEmoji(emoji);
      if (message.reactions.delete(key)) events.reactionRemoveEmoji(ctx, message, key);
    },
    deleteMessage(channelId, messageId) {
      const message = requireMessage(channelId, messageId);
      state.deleteMessage(message);
      events.messageDelete(ctx, message);
    },
    closeGateway: (shard, code) => gateway.closeShard(shard, code),
    sendReconnect: (shard) => gateway.sendOp(shard, Op.Reconnect, null),
    sendInvalidSession: (shard, resumable) => gateway.invalidateSessions(shard, resumable),
    failNext: (route, count, status, retryAfterS) => parts.faults.failNext(route, count, status, retryAfterS),
    rateLimitFor: (route, ms, retryAfterS) => parts.faults.rateLimitFor(route, ms, retryAfterS),
    refuseNext: (route, skip) => parts.faults.refuseNext(route, skip ?? 0),
    deleteChannel(channelId) {
      const channel = requireChannel(channelId);
      state.removeChannel(channel);
      events.channelDelete(ctx, channel);
    },
    delayNext: (route, count, ms) => parts.faults.delayNext(route, count, ms),
    delayResponseNext: (route, count, ms, skip) => parts.faults.delayResponseNext(route, count, ms, skip),
    gatewayState: () => gateway.shardStates(ctx.shards),
    close: parts.close,
  };
}

function toEmulatorGuild(ctx: EmulatorContext, guild: GuildState): EmulatorGuild {
  const botRole = [...guild.roles.values()].find((role) => role.botId === ctx.state.bot.id);
  return {
    id: guild.id,
    name: guild.name,
    everyoneRoleId: guild.id,
    botRoleId: botRole?.id ?? guild.id,
    channels: guild.channelIds.flatMap((id) => {
      const channel = ctx.state.channels.get(id);
      return channel ? [{ id: channel.id, name: channel.name, type: channel.type }] : [];
    }),
  };
}

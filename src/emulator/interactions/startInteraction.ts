import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context.ts';
import { toApiChannel, toApiMember, toApiMessage } from '../state/serialize.ts';
import type { InteractionHandle, InteractionSpec } from '../types.ts';
import { createHandle } from './createHandle.ts';
import type { InteractionRecord, InteractionType } from './InteractionRegistry.ts';

/** Discord's token lifetime for edits and follow-ups. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** What kind of interaction to send, and its `data`. */
export interface InteractionKind {
  type: InteractionType;
  data: Record<string, unknown>;
  /** For a component interaction: the message the component sits on. */
  componentMessageId?: string;
}

/**
 * Sends INTERACTION_CREATE as `spec.userId` to the shard holding the guild and returns the handle
 * tests wait on. Throws for a guild, channel, user or message the emulator does not know: that is
 * a mistake in the test, not something Discord would answer.
 */
export function startInteraction(
  ctx: EmulatorContext,
  spec: InteractionSpec,
  kind: InteractionKind,
  deadlineMs: number,
): InteractionHandle {
  const guild = ctx.state.guilds.get(spec.guildId);
  if (!guild) throw new Error(`emulator: unknown guild ${spec.guildId}`);
  const channel = ctx.state.channels.get(spec.channelId);
  if (!channel || channel.guildId !== guild.id) throw new Error(`emulator: unknown channel ${spec.channelId}`);
  const user = ctx.state.users.get(spec.userId);
  const member = ctx.state.member(guild, spec.userId);
  if (!user || !member) throw new Error(`emulator: unknown user ${spec.userId}`);
  const message = kind.componentMessageId === undefined ? undefined : ctx.state.message(kind.componentMessageId);
  if (kind.componentMessageId !== undefined && !message) {
    throw new Error(`emulator: unknown message ${kind.componentMessageId}`);
  }

  const now = ctx.now();
  const record: InteractionRecord = {
    id: ctx.state.ids.next(),
    token: `aW50ZXJhY3Rpb24.${randomBytes(48).toString('base64url')}`,
    type: kind.type,
    guildId: guild.id,
    channelId: channel.id,
    userId: user.id,
    deadlineAt: now + deadlineMs,
    expiresAt: now + TOKEN_LIFETIME_MS,
    response: undefined,
    originalId: undefined,
    loading: false,
    componentMessageId: kind.componentMessageId,
    followUpIds: [],
  };
  ctx.interactions.add(record);

  const memberPermissions = ctx.state.channelPermissions(channel, user.id);
  ctx.gateway.dispatchToGuild(guild.id, 'INTERACTION_CREATE', {
    id: record.id,
    application_id: ctx.state.bot.id,
    type: kind.type,
    token: record.token,
    version: 1,
    data: kind.data,
    guild_id: guild.id,
    guild: { id: guild.id, locale: 'en-US', features: [] },
    // discord.js reads the channel id from `channel`, not `channel_id`: both are sent, as Discord does.
    channel_id: channel.id,
    channel: toApiChannel(channel),
    member: { ...toApiMember(member, user), permissions: memberPermissions.toString() },
    app_permissions: ctx.state.channelPermissions(channel, ctx.state.bot.id).toString(),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    ...(message ? { message: toApiMessage(message, ctx.state) } : {}),
  });
  ctx.logger?.debug({ interaction: record.id, type: kind.type, user: user.id }, 'emulator interaction');
  return createHandle(ctx, record);
}

/** `data` of a slash command or autocomplete: the registered command's id when there is one. */
export function commandData(
  ctx: EmulatorContext,
  guildId: string,
  name: string,
  options: unknown[] | undefined,
): Record<string, unknown> {
  const guildCommand = ctx.state.commands.guilds.get(guildId)?.find((c) => c.name === name && c.type === 1);
  const command = guildCommand ?? ctx.state.commands.global.find((c) => c.name === name && c.type === 1);
  const channels = resolvedChannels(ctx, options ?? []);
  return {
    id: command?.id ?? ctx.state.ids.next(),
    name,
    type: 1,
    ...(options ? { options } : {}),
    ...(channels.length > 0 ? { resolved: { channels: Object.fromEntries(channels) } } : {}),
    ...(guildCommand ? { guild_id: guildId } : {}),
  };
}

/** Channel options (type 7) come with the channels in `resolved`, as Discord sends them. */
function resolvedChannels(ctx: EmulatorContext, options: unknown[]): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const option of options as Array<{ type?: number; value?: unknown; options?: unknown[] }>) {
    if (option.type === 7 && typeof option.value === 'string') {
      const channel = ctx.state.channels.get(option.value);
      if (channel) {
        const { id, type, name, guild_id } = toApiChannel(channel) as {
          id: string;
          type: number;
          name: string;
          guild_id: string;
        };
        out.push([
          id,
          { id, type, name, guild_id, permissions: ctx.state.channelPermissions(channel, ctx.state.bot.id).toString() },
        ]);
      }
    }
    if (Array.isArray(option.options)) out.push(...resolvedChannels(ctx, option.options));
  }
  return out;
}

import type { ApiUser } from '../types.ts';
import type { EmulatorState } from './EmulatorState.ts';
import type { ChannelState, GuildState, MemberState, RoleState, StoredMessage, UserState } from './model.ts';

/** A user as the API shows it. */
export function toApiUser(user: UserState): ApiUser {
  return { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null, bot: user.bot };
}

/** A role; permissions travel as a decimal string. */
export function toApiRole(role: RoleState): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    permissions: role.permissions.toString(),
    position: role.position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    managed: role.botId !== null,
    mentionable: false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

/** A guild channel with its overwrites. */
export function toApiChannel(channel: ChannelState): Record<string, unknown> {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: null,
    topic: channel.topic,
    nsfw: false,
    flags: 0,
    rate_limit_per_user: 0,
    last_message_id: channel.lastMessageId,
    permission_overwrites: channel.overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow.toString(),
      deny: o.deny.toString(),
    })),
  };
}

/** A member; `user` is left out where Discord leaves it out (a message's `member`). */
export function toApiMember(member: MemberState, user: UserState | undefined): Record<string, unknown> {
  return {
    ...(user ? { user: toApiUser(user) } : {}),
    roles: member.roleIds,
    joined_at: member.joinedAt,
    nick: null,
    avatar: null,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** The GUILD_CREATE / GET /guilds/:id shape; `full` adds what only GUILD_CREATE carries. */
export function toApiGuild(guild: GuildState, state: EmulatorState, full: boolean): Record<string, unknown> {
  const base = {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()].map(toApiRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: guild.systemChannelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    nsfw_level: 0,
  };
  if (!full) return base;
  const members = [...guild.members.values()].map((m) => toApiMember(m, state.users.get(m.userId)));
  return {
    ...base,
    unavailable: false,
    joined_at: guild.createdAt,
    large: false,
    member_count: state.users.size,
    members,
    channels: guild.channelIds.flatMap((id) => {
      const channel = state.channels.get(id);
      return channel ? [toApiChannel(channel)] : [];
    }),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** The emoji object of a reaction key: `👍` → `{ id: null, name }`, `name:id` → a custom emoji. */
export function toApiEmoji(key: string): Record<string, unknown> {
  const custom = /^(?<name>[\w~-]+):(?<id>\d+)$/.exec(key);
  if (custom?.groups) return { id: custom.groups.id, name: custom.groups.name, animated: false };
  return { id: null, name: key };
}

/** A message; `me` on reactions is seen from the bot. */
export function toApiMessage(message: StoredMessage, state: EmulatorState): Record<string, unknown> {
  const interaction = message.interaction;
  const interactionUser = interaction ? state.users.get(interaction.userId) : undefined;
  return {
    id: message.id,
    type: message.type,
    channel_id: message.channel_id,
    guild_id: message.guild_id,
    author: message.author,
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.edited_timestamp,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments.map((a) => {
      const url = `${state.origin}/attachments/${message.channel_id}/${a.id}/${encodeURIComponent(a.filename)}`;
      return {
        id: a.id,
        filename: a.filename,
        size: a.data.length,
        content_type: a.contentType,
        url,
        proxy_url: url,
        ...(a.description ? { description: a.description } : {}),
      };
    }),
    embeds: message.embeds,
    components: message.components,
    reactions: [...message.reactions].map(([emoji, users]) => ({
      emoji: toApiEmoji(emoji),
      count: users.size,
      count_details: { burst: 0, normal: users.size },
      burst_colors: [],
      me: users.has(state.bot.id),
      me_burst: false,
    })),
    pinned: false,
    flags: message.flags,
    ...(interaction
      ? {
          webhook_id: state.bot.id,
          application_id: state.bot.id,
          interaction_metadata: {
            id: interaction.id,
            type: interaction.type,
            user: interactionUser ? toApiUser(interactionUser) : { id: interaction.userId },
            authorizing_integration_owners: { '0': message.guild_id },
          },
        }
      : {}),
  };
}

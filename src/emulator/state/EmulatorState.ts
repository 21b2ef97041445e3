import { computeBasePermissions, computeChannelPermissions, type PermissionInput } from '../permissions.ts';
import type { Snowflakes } from '../snowflake.ts';
import type { GuildSpec } from '../types.ts';
import { buildGuild } from './buildGuild.ts';
import type {
  ChannelState,
  CommandsState,
  GuildState,
  MemberState,
  StoredAttachment,
  StoredMessage,
  UserState,
} from './model.ts';

/** Everything the emulated Discord knows: guilds, channels, users, messages and commands. */
export class EmulatorState {
  readonly bot: UserState;
  readonly users = new Map<string, UserState>();
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  readonly commands: CommandsState = { global: [], guilds: new Map() };
  private readonly allMessages = new Map<string, StoredMessage>();
  private readonly messagesByChannel = new Map<string, StoredMessage[]>();
  /** Ephemeral messages by channel: only the member whose interaction made one sees it. */
  private readonly ephemeralByChannel = new Map<string, StoredMessage[]>();
  /** Where files are served from (`http://127.0.0.1:PORT`), set once the server listens. */
  origin = 'http://127.0.0.1';

  constructor(
    readonly ids: Snowflakes,
    private readonly shardCount: number,
    /** What message timestamps read: the real time, or a sandbox's moved clock. */
    readonly clock: () => Date = () => new Date(),
  ) {
    this.bot = { id: ids.next(), username: 'Paperboy', bot: true };
    this.users.set(this.bot.id, this.bot);
  }

  /** Adds a guild with the bot as a member; guilds without an id take turns over the shards. */
  createGuild(spec: GuildSpec): GuildState {
    const id = spec.id ?? this.ids.onShard(this.guilds.size % this.shardCount, this.shardCount);
    const { guild, channels } = buildGuild({ ...spec, id }, this.bot.id, this.ids);
    this.guilds.set(guild.id, guild);
    for (const channel of channels) this.channels.set(channel.id, channel);
    return guild;
  }

  /** Forgets a guild, its channels and their messages. */
  removeGuild(guildId: string): void {
    const guild = this.guilds.get(guildId);
    if (!guild) return;
    for (const channelId of guild.channelIds) {
      this.channels.delete(channelId);
      this.forgetChannelMessages(channelId);
    }
    this.guilds.delete(guildId);
    this.commands.guilds.delete(guildId);
  }

  /** Forgets a channel and its messages. */
  removeChannel(channel: ChannelState): void {
    const guild = this.guilds.get(channel.guildId);
    if (guild) guild.channelIds = guild.channelIds.filter((id) => id !== channel.id);
    this.forgetChannelMessages(channel.id);
    this.channels.delete(channel.id);
  }

  private forgetChannelMessages(channelId: string): void {
    for (const byChannel of [this.messagesByChannel, this.ephemeralByChannel]) {
      for (const message of byChannel.get(channelId) ?? []) this.allMessages.delete(message.id);
      byChannel.delete(channelId);
    }
  }

  addUser(spec: { id?: string; username: string; bot?: boolean }): UserState {
    const user = { id: spec.id ?? this.ids.next(), username: spec.username, bot: spec.bot ?? false };
    this.users.set(user.id, user);
    return user;
  }

  /** Gives a member a new role with `permissions`, making them an explicit member. */
  grantRole(guild: GuildState, userId: string, permissions: bigint): void {
    const role = { id: this.ids.next(), name: 'granted', permissions, position: guild.roles.size, botId: null };
    guild.roles.set(role.id, role);
    const member = this.member(guild, userId);
    if (!member) throw new Error(`emulator: unknown user ${userId}`);
    guild.members.set(userId, { ...member, roleIds: [...member.roleIds, role.id] });
  }

  /** The member, or undefined for a stranger: known users are members of every guild, without roles. */
  member(guild: GuildState, userId: string): MemberState | undefined {
    const explicit = guild.members.get(userId);
    if (explicit) return explicit;
    return this.users.has(userId) ? { userId, roleIds: [], joinedAt: guild.createdAt } : undefined;
  }

  /** A user's guild-level permissions. */
  guildPermissions(guild: GuildState, userId: string): bigint {
    return computeBasePermissions(this.permissionInput(guild, userId, []));
  }

  /** A user's permissions in a channel, overwrites applied. */
  channelPermissions(channel: ChannelState, userId: string): bigint {
    const guild = this.guilds.get(channel.guildId);
    if (!guild) return 0n;
    return computeChannelPermissions(this.permissionInput(guild, userId, channel.overwrites));
  }

  addMessage(message: StoredMessage): void {
    this.allMessages.set(message.id, message);
    if (message.ephemeral) {
      const own = this.ephemeralByChannel.get(message.channel_id) ?? [];
      own.push(message);
      this.ephemeralByChannel.set(message.channel_id, own);
      return;
    }
    const list = this.messagesByChannel.get(message.channel_id) ?? [];
    list.push(message);
    this.messagesByChannel.set(message.channel_id, list);
    const channel = this.channels.get(message.channel_id);
    if (channel) channel.lastMessageId = message.id;
  }

  /** Any live message by id, ephemeral ones included. */
  message(messageId: string): StoredMessage | undefined {
    const message = this.allMessages.get(messageId);
    return message && !message.deleted ? message : undefined;
  }

  /** A live, non-ephemeral message in a channel. */
  channelMessage(channelId: string, messageId: string): StoredMessage | undefined {
    const message = this.message(messageId);
    return message && message.channel_id === channelId && !message.ephemeral ? message : undefined;
  }

  /** A file sent with a live message of the channel. */
  attachment(channelId: string, attachmentId: string): StoredAttachment | undefined {
    for (const message of this.messagesByChannel.get(channelId) ?? []) {
      const found = message.deleted ? undefined : message.attachments.find((a) => a.id === attachmentId);
      if (found) return found;
    }
    return undefined;
  }

  /** Live, non-ephemeral messages of a channel, oldest first. */
  channelMessages(channelId: string): StoredMessage[] {
    return (this.messagesByChannel.get(channelId) ?? []).filter((m) => !m.deleted);
  }

  /**
   * What a member sees in a channel, oldest first: its live messages, and the ephemeral answers
   * to that member's own interactions among them.
   */
  visibleMessages(channelId: string, userId: string): StoredMessage[] {
    const own = (this.ephemeralByChannel.get(channelId) ?? []).filter(
      (m) => !m.deleted && m.interaction?.userId === userId,
    );
    if (own.length === 0) return this.channelMessages(channelId);
    return [...this.channelMessages(channelId), ...own].sort((a, b) => compareSnowflakes(a.id, b.id));
  }

  deleteMessage(message: StoredMessage): void {
    message.deleted = true;
    this.allMessages.delete(message.id);
    const byChannel = message.ephemeral ? this.ephemeralByChannel : this.messagesByChannel;
    const list = byChannel.get(message.channel_id);
    if (list)
      byChannel.set(
        message.channel_id,
        list.filter((m) => m.id !== message.id),
      );
  }

  private permissionInput(guild: GuildState, userId: string, overwrites: ChannelState['overwrites']): PermissionInput {
    const rolePermissions = new Map<string, bigint>();
    for (const role of guild.roles.values()) rolePermissions.set(role.id, role.permissions);
    return {
      guildId: guild.id,
      ownerId: guild.ownerId,
      userId,
      rolePermissions,
      memberRoleIds: this.member(guild, userId)?.roleIds ?? [],
      overwrites,
    };
  }
}

function compareSnowflakes(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

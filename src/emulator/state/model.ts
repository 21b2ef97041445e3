import type { Overwrite } from '../permissions.ts';
import type { ActionRowRecord, CommandRecord, EmbedRecord, MessageRecord } from '../types.ts';

/** A user the emulator knows. */
export interface UserState {
  id: string;
  username: string;
  bot: boolean;
}

/** A guild role; @everyone has the guild's id. */
export interface RoleState {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  /** Set on a bot's managed role. */
  botId: string | null;
}

/** A guild channel. */
export interface ChannelState {
  id: string;
  guildId: string;
  name: string;
  type: number;
  position: number;
  topic: string | null;
  overwrites: Overwrite[];
  lastMessageId: string | null;
}

/** A member's guild-specific data. */
export interface MemberState {
  userId: string;
  roleIds: string[];
  joinedAt: string;
}

/** A guild the bot is in. */
export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  createdAt: string;
  roles: Map<string, RoleState>;
  channelIds: string[];
  /** Explicit members (the bot); every other known user counts as a member without roles. */
  members: Map<string, MemberState>;
  /** Where Discord posts join notices; bots may post server notices there. */
  systemChannelId: string | null;
}

/** The interaction a message answers, for `interaction_metadata`. */
export interface MessageInteraction {
  id: string;
  type: number;
  userId: string;
}

/** A message as stored: the public record, writable, plus what only the emulator needs. */
export interface StoredMessage extends Omit<MessageRecord, 'reactions' | 'embeds' | 'components'> {
  content: string;
  embeds: ReadonlyArray<EmbedRecord>;
  components: ReadonlyArray<ActionRowRecord>;
  reactions: Map<string, Set<string>>;
  flags: number;
  allowed_mentions: Readonly<Record<string, unknown>> | null;
  edited_timestamp: string | null;
  deleted: boolean;
  /** Discord's message type: 0 default, 20 a slash command's response. */
  type: number;
  ephemeral: boolean;
  /** The sender's nonce, for `enforce_nonce` deduplication. */
  nonce: string | null;
  interaction: MessageInteraction | null;
  /** Files sent with the message, bytes included (served under `/attachments/`). */
  attachments: StoredAttachment[];
}

/** A file attached to a message. */
export interface StoredAttachment {
  id: string;
  filename: string;
  description?: string;
  contentType: string;
  data: Buffer;
}

/** Registered commands: global, and per guild. */
export interface CommandsState {
  global: CommandRecord[];
  guilds: Map<string, CommandRecord[]>;
}

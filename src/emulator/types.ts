import type { Logger } from 'pino';
import type { ChangeListener } from './changes.ts';

export type { ChangeListener, EmulatorChange } from './changes.ts';

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** Shard count that `GET /gateway/bot` recommends (default 1). Guilds made without an id spread over these. */
  shards?: number;
  /**
   * REST rate limits. `'off'` (default): no limits and no rate-limit headers. `'discord'`: Discord's
   * numbers (global 50/s, 5 messages per 5 s per channel, 1 reaction per 250 ms per channel, …).
   * `{ scale }`: Discord's counts with every window multiplied by `scale` (0.1 recovers ten times faster).
   */
  rateLimits?: 'discord' | 'off' | { scale?: number; globalLimit?: number };
  /** How long an interaction waits for its first callback before it is unknown (default 3000 ms, as Discord). */
  interactionDeadlineMs?: number;
  /** `heartbeat_interval` sent in HELLO (default 41250 ms, as Discord); lower it to exercise heartbeats. */
  heartbeatIntervalMs?: number;
  /**
   * How long `enforce_nonce` remembers a nonce (default 5 minutes: Discord says "the past few
   * minutes"); 0 forgets at once, for testing what happens after that.
   */
  nonceMemoryMs?: number;
  /** Receives one debug line per request and gateway event; silent without it. */
  logger?: Logger;
  /**
   * The wall clock of message timestamps and new ids (default: the real time). The sandbox moves
   * it with the bot's; deadlines and rate limits keep running on the real monotonic clock.
   */
  clock?: () => Date;
}

/** A user as the API shows it. */
export interface ApiUser {
  readonly id: string;
  readonly username: string;
  readonly discriminator: string;
  readonly global_name: string | null;
  readonly avatar: string | null;
  readonly bot: boolean;
}

/** A user the emulator knows: the bot or one made with `addUser`. */
export interface EmulatorUser {
  readonly id: string;
  readonly username: string;
  readonly bot: boolean;
}

/** What `createGuild` made, with the ids tests need. */
export interface EmulatorGuild {
  readonly id: string;
  readonly name: string;
  /** Same as the guild id, as on Discord. */
  readonly everyoneRoleId: string;
  /** The bot's own (managed) role, which carries `botPermissions`. */
  readonly botRoleId: string;
  readonly channels: ReadonlyArray<{ readonly id: string; readonly name: string; readonly type: number }>;
}

/** Input of `createGuild`. */
export interface GuildSpec {
  id?: string;
  name: string;
  /** Default: one text channel called `general`. Type 0 is text, 2 is voice. */
  channels?: Array<{ id?: string; name: string; type?: number }>;
  /**
   * The bot's guild-level permissions (its role's). When given, @everyone grants nothing unless
   * `everyonePermissions` says otherwise, so this is exactly what the bot may do before overwrites.
   */
  botPermissions?: bigint;
  /** Permissions of @everyone (default: Discord's defaults, or none when `botPermissions` is given). */
  everyonePermissions?: bigint;
  /** The name of the channel that is the guild's system channel (default: none). */
  systemChannel?: string;
}

/** A permission overwrite: `type` 0 for a role, 1 for a member. */
export interface OverwriteSpec {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** An embed as the emulator stored it: the fields it checks, and whatever else was sent. */
export interface EmbedRecord {
  readonly title?: string | null;
  readonly description?: string | null;
  readonly fields?: ReadonlyArray<{
    readonly name: string;
    readonly value: string;
    readonly [key: string]: unknown;
  }> | null;
  readonly footer?: { readonly text: string; readonly [key: string]: unknown } | null;
  readonly author?: { readonly name: string; readonly [key: string]: unknown } | null;
  readonly [key: string]: unknown;
}

/** A component inside an action row (a button, a select…). */
export interface ComponentRecord {
  readonly type: number;
  readonly custom_id?: string | null;
  readonly label?: string | null;
  readonly [key: string]: unknown;
}

/** A top-level component, usually an action row. */
export interface ActionRowRecord {
  readonly type: number;
  readonly components?: ReadonlyArray<ComponentRecord> | null;
  readonly [key: string]: unknown;
}

/** A message as the emulator holds it; the same object changes as the message is edited or reacted to. */
export interface MessageRecord {
  readonly id: string;
  readonly channel_id: string;
  readonly guild_id: string;
  readonly content: string;
  readonly embeds: ReadonlyArray<EmbedRecord>;
  readonly components: ReadonlyArray<ActionRowRecord>;
  readonly author: ApiUser;
  /** Emoji (`👍`, or `name:id` for a custom one) → ids of the users who reacted with it. */
  readonly reactions: ReadonlyMap<string, ReadonlySet<string>>;
  readonly flags: number;
  readonly allowed_mentions: Readonly<Record<string, unknown>> | null;
  readonly timestamp: string;
  readonly edited_timestamp: string | null;
  /** Set on messages an interaction response or follow-up made. */
  readonly interaction_id: string | null;
  /** The interaction such a message answers: its type and who started it. */
  readonly interaction: { readonly id: string; readonly type: number; readonly userId: string } | null;
  readonly deleted: boolean;
  /** Files sent with the message, bytes included. */
  readonly attachments: ReadonlyArray<{
    readonly id: string;
    readonly filename: string;
    readonly description?: string;
    readonly contentType: string;
    readonly data: Buffer;
  }>;
}

/** One REST request as the emulator saw it. `path` is what follows `/api/v10`, without the query. */
export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: unknown;
  /** 0 while the request is still being handled. */
  readonly status: number;
  /** Arrival time on `performance.now()`'s clock. */
  readonly at: number;
}

/** A registered application command, as the API returned it. */
export interface CommandRecord {
  readonly id: string;
  readonly name: string;
  readonly type: number;
  readonly guild_id?: string;
  readonly [key: string]: unknown;
}

/** The first callback an interaction received. */
export interface InteractionResponse {
  /** Callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  readonly type: number;
  readonly data?: Readonly<Record<string, unknown>>;
  /** When the emulator accepted it, on `performance.now()`'s clock. */
  readonly at: number;
}

/** What a test holds on to after sending an interaction. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** Resolves with the first callback, or rejects if none arrives within the deadline. */
  firstResponse(): Promise<InteractionResponse>;
  /**
   * The original response message after edits: the reply (type 4/5), or the clicked message for an
   * update (type 6/7); undefined before a response or after it was deleted.
   */
  original(): MessageRecord | undefined;
  /** Follow-up messages still in existence, oldest first. */
  followUps(): MessageRecord[];
  /** Waits until `predicate(handle)` holds, checking after every change (default timeout 5 s). */
  waitFor(predicate: (handle: InteractionHandle) => boolean, timeoutMs?: number): Promise<void>;
}

/** Where an interaction comes from. */
export interface InteractionSpec {
  guildId: string;
  channelId: string;
  userId: string;
}

/** A slash command as a member runs it; `options` are raw API options (subcommands are type 1). */
export interface CommandSpec extends InteractionSpec {
  name: string;
  options?: unknown[];
}

/** An autocomplete request: one option carries `focused: true`. */
export interface AutocompleteSpec extends InteractionSpec {
  name: string;
  options: unknown[];
}

/** A click on a button of an existing message. */
export interface ButtonSpec extends InteractionSpec {
  messageId: string;
  customId: string;
}

/** One shard's connection as the gateway sees it. */
export interface GatewayShardState {
  readonly shard: number;
  readonly connected: boolean;
  readonly identifies: number;
  readonly resumes: number;
  readonly heartbeats: number;
}

/** A running emulator. */
export interface Emulator {
  /** Pass as discord.js `rest: { api }`: `http://127.0.0.1:PORT/api`. */
  readonly apiUrl: string;
  readonly applicationId: string;
  readonly botUserId: string;
  /** The bot token; REST wants `Authorization: Bot <token>` and answers 401 otherwise. */
  readonly token: string;
  /** Every REST request, in order of arrival. */
  readonly requests: ReadonlyArray<RequestRecord>;
  /** Answers with status 401, 403 or 429 so far: Discord bans an IP at 10,000 in 10 minutes. */
  readonly invalidRequests: number;

  createGuild(spec: GuildSpec): EmulatorGuild;
  setChannelPermissions(channelId: string, overwrites: OverwriteSpec[]): void;
  /** Removes the bot from the guild: GUILD_DELETE. */
  removeGuild(guildId: string): void;
  addUser(spec: { id?: string; username: string; bot?: boolean }): EmulatorUser;
  /** Gives a member of the guild a new role with these permissions (e.g. Manage Server for an admin). */
  grantPermissions(guildId: string, userId: string, permissions: bigint): void;
  /** Messages in a channel, oldest first; ephemeral and deleted ones are left out. */
  messages(channelId: string): ReadonlyArray<MessageRecord>;
  /** What `userId` sees in a channel: its messages plus the ephemeral answers to their own interactions. */
  visibleMessages(channelId: string, userId: string): ReadonlyArray<MessageRecord>;
  /**
   * Calls `listener` after every change to messages, reactions, channels and guilds, ephemeral
   * messages included; returns the function that stops it.
   */
  onChange(listener: ChangeListener): () => void;
  /** Registered commands: global ones, or a guild's. */
  commands(guildId?: string): ReadonlyArray<CommandRecord>;

  runCommand(spec: CommandSpec): InteractionHandle;
  autocomplete(spec: AutocompleteSpec): InteractionHandle;
  clickButton(spec: ButtonSpec): InteractionHandle;
  /** A user adds a reaction: MESSAGE_REACTION_ADD with the member. */
  react(userId: string, channelId: string, messageId: string, emoji: string): void;
  /** A user removes a reaction: MESSAGE_REACTION_REMOVE. */
  unreact(userId: string, channelId: string, messageId: string, emoji: string): void;

  /** A moderator removes every reaction of a message: MESSAGE_REACTION_REMOVE_ALL. */
  removeAllReactions(channelId: string, messageId: string): void;
  /** A moderator removes one emoji's reactions from a message: MESSAGE_REACTION_REMOVE_EMOJI. */
  removeReactionEmoji(channelId: string, messageId: string, emoji: string): void;
  /** A moderator deletes a message: MESSAGE_DELETE. */
  deleteMessage(channelId: string, messageId: string): void;

  /** Closes the shard's sockets with `code`; 1006 (or any code a server cannot send) drops them instead. */
  closeGateway(shard: number, code: number): void;
  /** Sends op 7 RECONNECT. */
  sendReconnect(shard: number): void;
  /** Sends op 9 INVALID_SESSION; a non-resumable one also forgets the session. */
  sendInvalidSession(shard: number, resumable: boolean): void;
  /**
   * The next `count` requests whose path matches `route` fail with `status`; the path is what follows
   * `/api/v10`, without the query (`/channels/123/messages`). A 429 carries Retry-After (default 1 s).
   */
  failNext(route: RegExp, count: number, status: 500 | 502 | 503 | 429, retryAfterS?: number): void;
  /**
   * A 429 storm: for the next `ms`, every request matching `route` (as for `failNext`) is answered
   * 429 with `Retry-After: retryAfterS`, however often it is sent.
   */
  rateLimitFor(route: RegExp, ms: number, retryAfterS: number): void;
  /**
   * The request matching `route` after `skip` untouched ones is refused as malformed: 400 with
   * Discord's code 50035 (what a message AutoMod or a bad embed gets).
   */
  refuseNext(route: RegExp, skip?: number): void;
  /** A moderator deletes a channel: CHANNEL_DELETE. */
  deleteChannel(channelId: string): void;
  /** The next `count` requests whose path matches `route` (as for `failNext`) wait `ms` before they are handled. */
  delayNext(route: RegExp, count: number, ms: number): void;
  /**
   * The next `count` requests matching `route`, after `skip` untouched ones, are handled at once but
   * answered only after `ms`: a client that dies in between never learns its request succeeded.
   */
  delayResponseNext(route: RegExp, count: number, ms: number, skip?: number): void;
  gatewayState(): GatewayShardState[];
  close(): Promise<void>;
}

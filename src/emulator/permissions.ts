/** Discord permission bits used by the emulator. */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  Stream: 1n << 9n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  UseVad: 1n << 25n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  UseExternalStickers: 1n << 37n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Every permission bit Discord defines today, and then some: what ADMINISTRATOR grants. */
export const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** Roughly what @everyone gets in a new Discord guild. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.Stream |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.Connect |
  Permission.Speak |
  Permission.UseVad |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.CreatePrivateThreads |
  Permission.UseExternalStickers |
  Permission.SendMessagesInThreads;

/** What a bot invited with the usual scopes gets on its managed role. */
export const DEFAULT_BOT_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.SendMessagesInThreads |
  Permission.EmbedLinks |
  Permission.AddReactions |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis;

/** One permission overwrite on a channel: `type` 0 for a role, 1 for a member. */
export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** What the permission computation needs to know about a member and where they are. */
export interface PermissionInput {
  guildId: string;
  ownerId: string;
  userId: string;
  /** Role id → that role's permissions, @everyone (id = guild id) included. */
  rolePermissions: ReadonlyMap<string, bigint>;
  memberRoleIds: ReadonlyArray<string>;
  overwrites: ReadonlyArray<Overwrite>;
}

/** Guild-level permissions: @everyone and the member's roles; owners and administrators get everything. */
export function computeBasePermissions(input: PermissionInput): bigint {
  if (input.userId === input.ownerId) return ALL_PERMISSIONS;
  let permissions = input.rolePermissions.get(input.guildId) ?? 0n;
  for (const roleId of input.memberRoleIds) permissions |= input.rolePermissions.get(roleId) ?? 0n;
  return (permissions & Permission.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}

/**
 * A member's permissions in a channel, by Discord's algorithm: base permissions, then the @everyone
 * overwrite, then all role overwrites together (deny before allow), then the member's own overwrite.
 */
export function computeChannelPermissions(input: PermissionInput): bigint {
  const base = computeBasePermissions(input);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  let permissions = base;
  const everyone = input.overwrites.find((o) => o.type === 0 && o.id === input.guildId);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of input.overwrites) {
    if (overwrite.type === 0 && input.memberRoleIds.includes(overwrite.id)) {
      allow |= overwrite.allow;
      deny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = input.overwrites.find((o) => o.type === 1 && o.id === input.userId);
  if (own) permissions = (permissions & ~own.deny) | own.allow;
  // Discord's implicit rule: who cannot see a channel can do nothing in it.
  return (permissions & Permission.ViewChannel) === 0n ? 0n : permissions;
}

/** True when every bit of `required` is in `permissions`. */
export function hasAll(permissions: bigint, required: bigint): boolean {
  return (permissions & required) === required;
}

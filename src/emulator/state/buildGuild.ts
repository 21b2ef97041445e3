import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from '../permissions.ts';
import type { Snowflakes } from '../snowflake.ts';
import type { GuildSpec } from '../types.ts';
import type { ChannelState, GuildState } from './model.ts';

/**
 * A new guild from a spec: @everyone (id = guild id), the bot's managed role, the bot as a member,
 * and the channels. The owner is a made-up user, so the bot never gets owner's rights by accident.
 */
export function buildGuild(
  spec: GuildSpec & { id: string },
  botId: string,
  ids: Snowflakes,
): { guild: GuildState; channels: ChannelState[] } {
  const createdAt = new Date().toISOString();
  const botRoleId = ids.next();
  const everyonePermissions =
    spec.everyonePermissions ?? (spec.botPermissions === undefined ? DEFAULT_EVERYONE_PERMISSIONS : 0n);
  const guild: GuildState = {
    id: spec.id,
    name: spec.name,
    ownerId: ids.next(),
    createdAt,
    roles: new Map([
      [spec.id, { id: spec.id, name: '@everyone', permissions: everyonePermissions, position: 0, botId: null }],
      [
        botRoleId,
        {
          id: botRoleId,
          name: 'Paperboy',
          permissions: spec.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
          position: 1,
          botId,
        },
      ],
    ]),
    channelIds: [],
    members: new Map([[botId, { userId: botId, roleIds: [botRoleId], joinedAt: createdAt }]]),
    systemChannelId: null,
  };
  const channels = (spec.channels ?? [{ name: 'general' }]).map(
    (channel, position): ChannelState => ({
      id: channel.id ?? ids.next(),
      guildId: spec.id,
      name: channel.name,
      type: channel.type ?? 0,
      position,
      topic: null,
      overwrites: [],
      lastMessageId: null,
    }),
  );
  guild.channelIds = channels.map((c) => c.id);
  guild.systemChannelId = channels.find((c) => c.name === spec.systemChannel)?.id ?? null;
  return { guild, channels };
}

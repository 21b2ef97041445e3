import { apiErrors } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import type { Route } from '../http/router.ts';
import { toApiChannel, toApiGuild, toApiMember, toApiRole } from '../state/serialize.ts';
import { requireGuild } from './access.ts';

/** A guild, its channels, roles and members. */
export function guildRoutes(ctx: EmulatorContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/guilds/:guildId',
      auth: 'bot',
      handle: ({ params }) => {
        const guild = requireGuild(ctx, params.guildId ?? '');
        return { status: 200, body: toApiGuild(guild, ctx.state, false) };
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/channels',
      auth: 'bot',
      handle: ({ params }) => {
        const guild = requireGuild(ctx, params.guildId ?? '');
        const channels = guild.channelIds.flatMap((id) => {
          const channel = ctx.state.channels.get(id);
          return channel ? [toApiChannel(channel)] : [];
        });
        return { status: 200, body: channels };
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/roles',
      auth: 'bot',
      handle: ({ params }) => {
        const guild = requireGuild(ctx, params.guildId ?? '');
        return { status: 200, body: [...guild.roles.values()].map(toApiRole) };
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/members/:userId',
      auth: 'bot',
      handle: ({ params }) => {
        const guild = requireGuild(ctx, params.guildId ?? '');
        const userId = params.userId ?? '';
        const member = ctx.state.member(guild, userId);
        const user = ctx.state.users.get(userId);
        if (!member || !user) throw apiErrors.unknownMember();
        return { status: 200, body: toApiMember(member, user) };
      },
    },
  ];
}

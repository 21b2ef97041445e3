import { apiErrors } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import type { Route } from '../http/router.ts';
import { toApiUser } from '../state/serialize.ts';

/** The bot's own user and application, and other users by id. */
export function userRoutes(ctx: EmulatorContext): Route[] {
  const ownerId = ctx.state.ids.next();
  const me = () => ({ ...toApiUser(ctx.state.bot), verified: true, mfa_enabled: false, flags: 0 });
  const application = () => ({
    id: ctx.state.bot.id,
    name: ctx.state.bot.username,
    description: '',
    icon: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    owner: { id: ownerId, username: 'owner', discriminator: '0', global_name: null, avatar: null },
    team: null,
    bot: toApiUser(ctx.state.bot),
    approximate_guild_count: ctx.state.guilds.size,
  });
  return [
    { method: 'GET', pattern: '/users/@me', auth: 'bot', handle: () => ({ status: 200, body: me() }) },
    {
      method: 'GET',
      pattern: '/users/:userId',
      auth: 'bot',
      handle: ({ params }) => {
        const user = ctx.state.users.get(params.userId ?? '');
        if (!user) throw apiErrors.unknownUser();
        return { status: 200, body: toApiUser(user) };
      },
    },
    { method: 'GET', pattern: '/applications/@me', auth: 'bot', handle: () => ({ status: 200, body: application() }) },
    {
      method: 'GET',
      pattern: '/oauth2/applications/@me',
      auth: 'bot',
      handle: () => ({ status: 200, body: application() }),
    },
  ];
}

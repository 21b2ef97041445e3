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
      // The bot's servers, oldest id first, paged like Discord's: limit 1–200 (default 200), after/before an id.
      method: 'GET',
      pattern: '/users/@me/guilds',
      auth: 'bot',
      handle: ({ query }) => {
        const snowflake = (name: string, fallback: bigint) => {
          const value = query.get(name);
          if (value === null) return fallback;
          if (!/^\d{1,20}$/.test(value)) throw apiErrors.invalidForm({});
          return BigInt(value);
        };
        const limit = Math.min(200, Math.max(1, Number(query.get('limit') ?? 200) || 200));
        const after = snowflake('after', 0n);
        const before = snowflake('before', 2n ** 64n);
        const guilds = [...ctx.state.guilds.values()]
          .filter((g) => BigInt(g.id) > after && BigInt(g.id) < before)
          .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
          .slice(0, limit)
          .map((g) => ({ id: g.id, name: g.name, icon: null, banner: null, owner: false, features: [] }));
        return { status: 200, body: guilds };
      },
    },
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

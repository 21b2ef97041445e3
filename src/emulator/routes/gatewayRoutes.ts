import type { EmulatorContext } from '../context.ts';
import type { Route } from '../http/router.ts';

/** GET /gateway and /gateway/bot: where the gateway is; discord.js needs `url` and `session_start_limit`. */
export function gatewayRoutes(ctx: EmulatorContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/gateway',
      auth: 'none',
      handle: () => ({ status: 200, body: { url: ctx.gatewayUrl() } }),
    },
    {
      method: 'GET',
      pattern: '/gateway/bot',
      auth: 'bot',
      handle: () => ({
        status: 200,
        body: {
          url: ctx.gatewayUrl(),
          shards: ctx.shards,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
        },
      }),
    },
  ];
}

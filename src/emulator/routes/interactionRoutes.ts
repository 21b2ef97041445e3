import { apiErrors } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import type { Route } from '../http/router.ts';
import { acceptCallback } from '../interactions/acceptCallback.ts';

/** POST /interactions/:id/:token/callback: no bot token needed, outside the global rate limit. */
export function interactionRoutes(ctx: EmulatorContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/interactions/:interactionId/:token/callback',
      auth: 'none',
      exemptFromGlobal: true,
      handle: ({ params, query, body }) => {
        const record = ctx.interactions.find(params.token ?? '', params.interactionId);
        if (!record) throw apiErrors.unknownInteraction();
        return acceptCallback(ctx, record, body, query.get('with_response') === 'true');
      },
    },
  ];
}

import { z } from 'zod';
import { apiErrors } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import { events } from '../events.ts';
import type { Route } from '../http/router.ts';
import { toFormErrors } from '../limits.ts';
import { Permission } from '../permissions.ts';
import { toApiChannel } from '../state/serialize.ts';
import { requireChannel, requirePermissions } from './access.ts';

const channelEditSchema = z.looseObject({
  name: z.string().min(1).max(100).optional(),
  topic: z.string().max(1024).nullish(),
});

/** GET and PATCH /channels/:id. */
export function channelRoutes(ctx: EmulatorContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/channels/:channelId',
      auth: 'bot',
      handle: ({ params }) => {
        const channel = requireChannel(ctx, params.channelId ?? '');
        requirePermissions(ctx, channel, Permission.ViewChannel);
        return { status: 200, body: toApiChannel(channel) };
      },
    },
    {
      method: 'PATCH',
      pattern: '/channels/:channelId',
      auth: 'bot',
      handle: ({ params, body }) => {
        const channel = requireChannel(ctx, params.channelId ?? '');
        requirePermissions(ctx, channel, Permission.ManageChannels);
        const parsed = channelEditSchema.safeParse(body ?? {});
        if (!parsed.success) throw apiErrors.invalidForm(toFormErrors(parsed.error.issues, []));
        if (parsed.data.name !== undefined) channel.name = parsed.data.name;
        if (parsed.data.topic !== undefined) channel.topic = parsed.data.topic;
        events.channelUpdate(ctx, channel);
        return { status: 200, body: toApiChannel(channel) };
      },
    },
  ];
}

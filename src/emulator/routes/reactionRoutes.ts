import { apiErrors } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import { events } from '../events.ts';
import type { Route, RouteRequest } from '../http/router.ts';
import { Permission } from '../permissions.ts';
import { BUCKETS } from '../rateLimits.ts';
import { addReaction, normalizeEmoji, reactors, removeReaction } from '../reactions.ts';
import type { ChannelState, StoredMessage } from '../state/model.ts';
import { toApiUser } from '../state/serialize.ts';
import { botCan, requireChannel, requireMessage, requirePermissions } from './access.ts';

const BASE = '/channels/:channelId/messages/:messageId/reactions';

/** Reactions: add and remove the bot's own, remove others', list reactors page by page, clear. */
export function reactionRoutes(ctx: EmulatorContext): Route[] {
  const target = (params: RouteRequest['params'], required: bigint) => {
    const channel = requireChannel(ctx, params.channelId ?? '');
    requirePermissions(ctx, channel, required);
    return { channel, message: requireMessage(ctx, channel, params.messageId ?? '') };
  };
  const requireManage = (channel: ChannelState) => {
    if (!botCan(ctx, channel, Permission.ManageMessages)) throw apiErrors.missingPermissions();
  };
  const removeAs = (message: StoredMessage, userId: string, rawEmoji: string) => {
    removeReaction(ctx, message, userId, normalizeEmoji(rawEmoji));
    return { status: 204 };
  };

  return [
    {
      method: 'PUT',
      pattern: `${BASE}/:emoji/@me`,
      auth: 'bot',
      bucket: BUCKETS.reactions,
      handle: ({ params }) => {
        const { channel, message } = target(params, Permission.ReadMessageHistory);
        const emoji = normalizeEmoji(params.emoji ?? '');
        // Joining a reaction that is already there needs only READ_MESSAGE_HISTORY; a new one needs ADD_REACTIONS.
        if (!message.reactions.has(emoji) && !botCan(ctx, channel, Permission.AddReactions)) {
          throw apiErrors.missingPermissions();
        }
        addReaction(ctx, message, ctx.state.bot.id, emoji);
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      pattern: `${BASE}/:emoji/@me`,
      auth: 'bot',
      bucket: BUCKETS.reactions,
      handle: ({ params }) =>
        removeAs(target(params, Permission.ViewChannel).message, ctx.state.bot.id, params.emoji ?? ''),
    },
    {
      method: 'DELETE',
      pattern: `${BASE}/:emoji/:userId`,
      auth: 'bot',
      bucket: BUCKETS.reactions,
      handle: ({ params }) => {
        const { channel, message } = target(params, Permission.ViewChannel);
        const userId = params.userId ?? '';
        if (userId !== ctx.state.bot.id) requireManage(channel);
        return removeAs(message, userId, params.emoji ?? '');
      },
    },
    {
      method: 'GET',
      pattern: `${BASE}/:emoji`,
      auth: 'bot',
      handle: ({ params, query }) => {
        const { message } = target(params, Permission.ReadMessageHistory);
        const limit = Number(query.get('limit') ?? 25);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
          throw apiErrors.invalidForm({
            limit: { _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'Must be between 1 and 100.' }] },
          });
        }
        const after = query.get('after') ?? undefined;
        const ids = reactors(
          message,
          normalizeEmoji(params.emoji ?? ''),
          limit,
          after && /^\d+$/.test(after) ? after : undefined,
        );
        const users = ids.flatMap((id) => {
          const user = ctx.state.users.get(id);
          return user ? [toApiUser(user)] : [];
        });
        return { status: 200, body: users };
      },
    },
    {
      method: 'DELETE',
      pattern: `${BASE}/:emoji`,
      auth: 'bot',
      handle: ({ params }) => {
        const { channel, message } = target(params, Permission.ViewChannel);
        requireManage(channel);
        const emoji = normalizeEmoji(params.emoji ?? '');
        if (message.reactions.delete(emoji)) events.reactionRemoveEmoji(ctx, message, emoji);
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      pattern: BASE,
      auth: 'bot',
      handle: ({ params }) => {
        const { channel, message } = target(params, Permission.ViewChannel);
        requireManage(channel);
        if (message.reactions.size > 0) {
          message.reactions.clear();
          events.reactionRemoveAll(ctx, message);
        }
        return { status: 204 };
      },
    },
  ];
}

import { apiErrors } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import { events } from '../events.ts';
import type { Route } from '../http/router.ts';
import { assertNotEmpty, parseMessagePayload } from '../limits.ts';
import { Permission } from '../permissions.ts';
import { BUCKETS } from '../rateLimits.ts';
import { applyEdit, composeMessage } from '../state/composeMessage.ts';
import { toApiMessage } from '../state/serialize.ts';
import { botCan, requireChannel, requireMessage, requirePermissions } from './access.ts';

const READ = Permission.ViewChannel | Permission.ReadMessageHistory;

/** Messages in a channel: list, create, fetch, edit, delete. */
export function messageRoutes(ctx: EmulatorContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/channels/:channelId/messages',
      auth: 'bot',
      handle: ({ params, query }) => {
        const channel = requireChannel(ctx, params.channelId ?? '');
        requirePermissions(ctx, channel, READ);
        const limit = clamp(Number(query.get('limit') ?? 50), 1, 100);
        const before = snowflakeParam(query.get('before'));
        const after = snowflakeParam(query.get('after'));
        let list = ctx.state.channelMessages(channel.id);
        if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
        if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
        const page = after ? list.slice(0, limit) : list.slice(-limit);
        return { status: 200, body: page.reverse().map((m) => toApiMessage(m, ctx.state)) };
      },
    },
    {
      method: 'POST',
      pattern: '/channels/:channelId/messages',
      auth: 'bot',
      bucket: BUCKETS.createMessage,
      handle: ({ params, body }) => {
        const channel = requireChannel(ctx, params.channelId ?? '');
        requirePermissions(ctx, channel, Permission.SendMessages);
        const payload = parseMessagePayload(body);
        const repeat = payload.enforce_nonce ? findByNonce(ctx, channel.id, payload.nonce) : undefined;
        if (repeat) return { status: 200, body: toApiMessage(repeat, ctx.state) };
        const message = composeMessage(ctx.state, { channel, payload });
        assertNotEmpty(message);
        ctx.state.addMessage(message);
        events.messageCreate(ctx, message);
        return { status: 200, body: toApiMessage(message, ctx.state) };
      },
    },
    {
      method: 'GET',
      pattern: '/channels/:channelId/messages/:messageId',
      auth: 'bot',
      handle: ({ params }) => {
        const channel = requireChannel(ctx, params.channelId ?? '');
        requirePermissions(ctx, channel, READ);
        const message = requireMessage(ctx, channel, params.messageId ?? '');
        return { status: 200, body: toApiMessage(message, ctx.state) };
      },
    },
    {
      method: 'PATCH',
      pattern: '/channels/:channelId/messages/:messageId',
      auth: 'bot',
      bucket: BUCKETS.editMessage,
      handle: ({ params, body }) => {
        const channel = requireChannel(ctx, params.channelId ?? '');
        requirePermissions(ctx, channel, Permission.ViewChannel);
        const message = requireMessage(ctx, channel, params.messageId ?? '');
        if (message.author.id !== ctx.state.bot.id) throw apiErrors.cannotEditOthers();
        const payload = parseMessagePayload(body);
        // Check the edited message on a copy first, so a refused edit changes nothing.
        const draft = { ...message };
        applyEdit(ctx.state, draft, payload, true);
        assertNotEmpty(draft);
        Object.assign(message, draft);
        events.messageUpdate(ctx, message);
        return { status: 200, body: toApiMessage(message, ctx.state) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/channels/:channelId/messages/:messageId',
      auth: 'bot',
      bucket: BUCKETS.deleteMessage,
      handle: ({ params }) => {
        const channel = requireChannel(ctx, params.channelId ?? '');
        requirePermissions(ctx, channel, Permission.ViewChannel);
        const message = requireMessage(ctx, channel, params.messageId ?? '');
        const own = message.author.id === ctx.state.bot.id;
        if (!own && !botCan(ctx, channel, Permission.ManageMessages)) throw apiErrors.missingPermissions();
        ctx.state.deleteMessage(message);
        events.messageDelete(ctx, message);
        return { status: 204 };
      },
    },
  ];
}

/** The bot's recent message in the channel with this nonce: Discord returns it instead of posting again. */
function findByNonce(ctx: EmulatorContext, channelId: string, nonce: string | number | null | undefined) {
  if (nonce === undefined || nonce === null) return undefined;
  if (ctx.nonceMemoryMs <= 0) return undefined;
  const since = Date.now() - ctx.nonceMemoryMs;
  return ctx.state
    .channelMessages(channelId)
    .find((m) => m.nonce === String(nonce) && m.author.id === ctx.state.bot.id && Date.parse(m.timestamp) >= since);
}

function snowflakeParam(value: string | null): string | undefined {
  return value !== null && /^\d+$/.test(value) ? value : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.trunc(value))) : min;
}

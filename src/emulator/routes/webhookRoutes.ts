import { apiErrors } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import { events } from '../events.ts';
import type { Route, RouteRequest } from '../http/router.ts';
import type { InteractionRecord } from '../interactions/InteractionRegistry.ts';
import { assertNotEmpty, parseMessagePayload } from '../limits.ts';
import { applyEdit, composeMessage, EPHEMERAL, LOADING } from '../state/composeMessage.ts';
import type { StoredMessage } from '../state/model.ts';
import { toApiMessage } from '../state/serialize.ts';

const MESSAGE = '/webhooks/:appId/:token/messages/:messageId';

/**
 * The interaction webhook: the original response (`@original`) and follow-ups. It works once the
 * interaction was answered, for 15 minutes; the interaction token is the credential.
 */
export function webhookRoutes(ctx: EmulatorContext): Route[] {
  const interaction = (params: RouteRequest['params']): InteractionRecord => {
    const record = params.appId === ctx.state.bot.id ? ctx.interactions.find(params.token ?? '') : undefined;
    if (!record?.response || ctx.now() > record.expiresAt) throw apiErrors.unknownWebhook();
    return record;
  };
  const messageOf = (record: InteractionRecord, messageId: string): StoredMessage => {
    const id = messageId === '@original' ? record.originalId : messageId;
    const owned = id !== undefined && (id === record.originalId || record.followUpIds.includes(id));
    const message = owned ? ctx.state.message(id) : undefined;
    if (!message) throw apiErrors.unknownMessage();
    return message;
  };
  const common = { auth: 'none', exemptFromGlobal: true } as const;

  return [
    {
      ...common,
      method: 'GET',
      pattern: MESSAGE,
      handle: ({ params }) => {
        const message = messageOf(interaction(params), params.messageId ?? '');
        return { status: 200, body: toApiMessage(message, ctx.state) };
      },
    },
    {
      ...common,
      method: 'PATCH',
      pattern: MESSAGE,
      handle: ({ params, body }) => {
        const record = interaction(params);
        const message = messageOf(record, params.messageId ?? '');
        const filling = record.loading && message.id === record.originalId;
        fill(ctx, record, message, parseMessagePayload(body), !filling);
        return { status: 200, body: toApiMessage(message, ctx.state) };
      },
    },
    {
      ...common,
      method: 'DELETE',
      pattern: MESSAGE,
      handle: ({ params }) => {
        const record = interaction(params);
        const message = messageOf(record, params.messageId ?? '');
        ctx.state.deleteMessage(message);
        if (message.id === record.originalId) record.loading = false;
        events.messageDelete(ctx, message);
        ctx.interactions.changed(record);
        return { status: 204 };
      },
    },
    {
      ...common,
      method: 'POST',
      pattern: '/webhooks/:appId/:token',
      handle: ({ params, query, body }) => {
        const record = interaction(params);
        const payload = parseMessagePayload(body);
        const wait = query.get('wait') === 'true';
        const pending =
          record.loading && record.originalId !== undefined ? ctx.state.message(record.originalId) : undefined;
        if (pending) {
          // Discord: the first follow-up after a deferred reply fills the "thinking…" message and
          // keeps the deferral's visibility, whatever flags the follow-up asks for.
          fill(ctx, record, pending, { ...payload, flags: undefined }, false);
          return wait ? { status: 200, body: toApiMessage(pending, ctx.state) } : { status: 204 };
        }
        const channel = ctx.state.channels.get(record.channelId);
        if (!channel) throw apiErrors.unknownChannel();
        const interactionRef = { id: record.id, type: record.type, userId: record.userId };
        const flags = (payload.flags ?? 0) & EPHEMERAL;
        const message = composeMessage(ctx.state, { channel, payload, interaction: interactionRef, flags });
        assertNotEmpty(message);
        ctx.state.addMessage(message);
        record.followUpIds.push(message.id);
        events.messageCreate(ctx, message);
        ctx.interactions.changed(record);
        return wait ? { status: 200, body: toApiMessage(message, ctx.state) } : { status: 204 };
      },
    },
  ];
}

/** Edits a response message (or fills a deferred one), refusing an edit that would leave it empty. */
function fill(
  ctx: EmulatorContext,
  record: InteractionRecord,
  message: StoredMessage,
  payload: ReturnType<typeof parseMessagePayload>,
  markEdited: boolean,
): void {
  const draft = { ...message };
  applyEdit(ctx.state, draft, payload, markEdited);
  if (record.loading && message.id === record.originalId) draft.flags &= ~LOADING;
  assertNotEmpty(draft);
  Object.assign(message, draft);
  if (message.id === record.originalId) record.loading = false;
  events.messageUpdate(ctx, message);
  ctx.interactions.changed(record);
}

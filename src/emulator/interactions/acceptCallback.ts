import { z } from 'zod';
import { apiErrors, formError } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import { events } from '../events.ts';
import type { RouteResult } from '../http/router.ts';
import { isRecord } from '../json.ts';
import { assertNotEmpty, parseChoices, parseMessagePayload, toFormErrors } from '../limits.ts';
import { applyEdit, composeMessage, EPHEMERAL, LOADING } from '../state/composeMessage.ts';
import type { StoredMessage } from '../state/model.ts';
import { toApiMessage } from '../state/serialize.ts';
import type { InteractionRecord } from './InteractionRegistry.ts';

const callbackSchema = z.looseObject({ type: z.number().int(), data: z.unknown().optional() });

/** Callback types each interaction type accepts. */
const ALLOWED: Record<InteractionRecord['type'], number[]> = {
  2: [4, 5, 9],
  3: [4, 5, 6, 7, 9],
  4: [8],
};

/**
 * POST /interactions/:id/:token/callback: the first answer to an interaction. A second answer gets
 * 400/40060, one after the deadline 404/10062; a payload over Discord's limits 400/50035.
 */
export function acceptCallback(
  ctx: EmulatorContext,
  record: InteractionRecord,
  body: unknown,
  withResponse: boolean,
): RouteResult {
  const at = ctx.now();
  if (record.response) throw apiErrors.alreadyAcknowledged();
  if (at > record.deadlineAt) throw apiErrors.unknownInteraction();
  const parsed = callbackSchema.safeParse(body);
  if (!parsed.success) throw apiErrors.invalidForm(toFormErrors(parsed.error.issues, []));
  const { type, data } = parsed.data;
  if (!ALLOWED[record.type].includes(type)) {
    throw apiErrors.invalidForm(
      formError(['type'], 'BASE_TYPE_CHOICES', `Value must be one of ${ALLOWED[record.type].join(', ')}.`),
    );
  }

  const message = respond(ctx, record, type, data);
  record.response = { type, ...(isRecord(data) ? { data } : {}), at };
  ctx.interactions.changed(record);
  if (!withResponse) return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: {
        id: record.id,
        type: record.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: (message.flags & LOADING) !== 0,
              response_message_ephemeral: message.ephemeral,
            }
          : {}),
      },
      resource: { type, ...(message ? { message: toApiMessage(message, ctx.state) } : {}) },
    },
  };
}

/** Applies one callback to the state; returns the message it made or changed, if any. */
function respond(
  ctx: EmulatorContext,
  record: InteractionRecord,
  type: number,
  data: unknown,
): StoredMessage | undefined {
  const channel = ctx.state.channels.get(record.channelId);
  if (!channel) throw apiErrors.unknownChannel();
  const interaction = { id: record.id, type: record.type, userId: record.userId };
  switch (type) {
    case 4: {
      const payload = parseMessagePayload(data, ['data']);
      const message = composeMessage(ctx.state, {
        channel,
        payload,
        interaction,
        flags: (payload.flags ?? 0) & EPHEMERAL,
      });
      assertNotEmpty(message);
      return store(ctx, record, message);
    }
    case 5: {
      const flags = (isRecord(data) && typeof data.flags === 'number' ? data.flags : 0) & EPHEMERAL;
      const message = composeMessage(ctx.state, { channel, payload: {}, interaction, flags: flags | LOADING });
      record.loading = true;
      return store(ctx, record, message);
    }
    case 6:
    case 7: {
      const message = record.componentMessageId ? ctx.state.message(record.componentMessageId) : undefined;
      if (!message) throw apiErrors.unknownMessage();
      if (type === 7) {
        const payload = parseMessagePayload(data, ['data']);
        // Check the edited message on a copy first, so a refused update changes nothing.
        const draft = { ...message };
        applyEdit(ctx.state, draft, payload, true);
        assertNotEmpty(draft);
        Object.assign(message, draft);
        events.messageUpdate(ctx, message);
      }
      record.originalId = message.id;
      return message;
    }
    case 8:
      parseChoices(data);
      return undefined;
    default:
      return undefined;
  }
}

function store(ctx: EmulatorContext, record: InteractionRecord, message: StoredMessage): StoredMessage {
  ctx.state.addMessage(message);
  record.originalId = message.id;
  events.messageCreate(ctx, message);
  return message;
}

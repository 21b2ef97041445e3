import { currentUploads } from '../http/readBody.ts';
import type { MessagePayload } from '../limits.ts';
import type { EmulatorState } from './EmulatorState.ts';
import type { ChannelState, MessageInteraction, StoredAttachment, StoredMessage } from './model.ts';
import { toApiUser } from './serialize.ts';

/** Message flags a sender may set: SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2. */
const SENDABLE_FLAGS = 4 | 4096 | 32768;
/** An interaction response may also be EPHEMERAL. */
export const EPHEMERAL = 64;
/** A deferred response shows "thinking…" until it is filled in. */
export const LOADING = 128;

/** What a new message is made of. */
export interface NewMessage {
  channel: ChannelState;
  payload: MessagePayload;
  /** Set for interaction responses and follow-ups. */
  interaction?: MessageInteraction;
  /** Extra flags decided by the emulator (EPHEMERAL, LOADING). */
  flags?: number;
}

/** A new message from the bot, not yet stored. */
export function composeMessage(state: EmulatorState, input: NewMessage): StoredMessage {
  const flags = ((input.payload.flags ?? 0) & SENDABLE_FLAGS) | (input.flags ?? 0);
  return {
    id: state.ids.next(),
    channel_id: input.channel.id,
    guild_id: input.channel.guildId,
    content: input.payload.content ?? '',
    embeds: input.payload.embeds ?? [],
    components: input.payload.components ?? [],
    author: toApiUser(state.bot),
    reactions: new Map(),
    flags,
    allowed_mentions: input.payload.allowed_mentions ?? null,
    timestamp: state.clock().toISOString(),
    edited_timestamp: null,
    interaction_id: input.interaction?.id ?? null,
    deleted: false,
    type: input.interaction?.type === 2 ? 20 : 0,
    ephemeral: (flags & EPHEMERAL) !== 0,
    interaction: input.interaction ?? null,
    nonce: input.payload.nonce == null ? null : String(input.payload.nonce),
    attachments: attachmentsOf(state, input.payload, []),
  };
}

/**
 * The attachments a payload leaves on a message: with an `attachments` list, the kept old ones
 * and the new files it names; without one, the old ones plus every file uploaded.
 */
function attachmentsOf(
  state: EmulatorState,
  payload: MessagePayload,
  current: readonly StoredAttachment[],
): StoredAttachment[] {
  const uploads = currentUploads();
  const upload = (index: string, description?: unknown): StoredAttachment[] => {
    const file = uploads.find((u) => u.index === index);
    if (!file) return [];
    return [
      {
        id: state.ids.next(),
        filename: file.filename,
        contentType: file.contentType,
        data: file.data,
        ...(typeof description === 'string' ? { description } : {}),
      },
    ];
  };
  if (payload.attachments == null) return [...current, ...uploads.flatMap((u) => upload(u.index))];
  return payload.attachments.flatMap((entry) => {
    const kept = current.find((a) => a.id === String(entry.id));
    return kept ? [kept] : upload(String(entry.id), entry.description);
  });
}

/** Applies an edit: fields present replace (null clears), absent ones stay; the ephemeral bit never changes. */
export function applyEdit(
  state: EmulatorState,
  message: StoredMessage,
  payload: MessagePayload,
  markEdited: boolean,
): void {
  if (payload.content !== undefined) message.content = payload.content ?? '';
  if (payload.embeds !== undefined) message.embeds = payload.embeds ?? [];
  if (payload.components !== undefined) message.components = payload.components ?? [];
  if (payload.allowed_mentions !== undefined) message.allowed_mentions = payload.allowed_mentions;
  if (payload.flags !== undefined && payload.flags !== null) {
    message.flags = (message.flags & ~SENDABLE_FLAGS) | (payload.flags & SENDABLE_FLAGS);
  }
  if (payload.attachments != null || currentUploads().length > 0) {
    message.attachments = attachmentsOf(state, payload, message.attachments);
  }
  if (markEdited) message.edited_timestamp = state.clock().toISOString();
}

import type { ComponentRecord, EmbedRecord, MessageRecord } from '../emulator/types.ts';

/** A button as the page draws it. */
export interface ButtonView {
  label: string;
  customId: string | null;
  url: string | null;
  style: number;
  disabled: boolean;
  emoji: string | null;
}

/** A message as the page draws it: only what Discord's client would show, as plain data. */
export interface MessageView {
  id: string;
  author: { id: string; name: string; bot: boolean };
  timestamp: string;
  edited: boolean;
  content: string;
  embeds: EmbedRecord[];
  rows: ButtonView[][];
  reactions: Array<{ emoji: string; count: number; me: boolean }>;
  ephemeral: boolean;
  /** A deferred answer not yet filled in: "Paperboy is thinking…". */
  loading: boolean;
  /** "ada used /papers today" above an interaction's answer. */
  usedBy: { name: string; command: string } | null;
  attachments: Array<{ url: string; filename: string; contentType: string; description: string | null }>;
}

/** What `describeMessage` needs besides the message. */
export interface DescribeContext {
  viewerId: string;
  userName: (id: string) => string;
  /** The command line an interaction was started with, when the sandbox started it. */
  commandOf: (interactionId: string) => string | undefined;
}

const EPHEMERAL = 64;
const LOADING = 128;

/** The page's view of one emulator message, as `viewerId` sees it. */
export function describeMessage(message: MessageRecord, ctx: DescribeContext): MessageView {
  const attachmentUrl = (id: string) => `/attachments/${message.channel_id}/${message.id}/${id}`;
  const byName = new Map(message.attachments.map((a) => [a.filename, attachmentUrl(a.id)]));
  const interactionUser = message.interaction?.userId;
  const command = message.interaction_id ? ctx.commandOf(message.interaction_id) : undefined;
  return {
    id: message.id,
    author: { id: message.author.id, name: message.author.username, bot: message.author.bot },
    timestamp: message.timestamp,
    edited: message.edited_timestamp !== null,
    content: message.content,
    embeds: message.embeds.map((embed) => resolveAttachments(embed, byName)),
    rows: message.components.map((row) => (row.components ?? []).map(toButton)),
    reactions: [...message.reactions].map(([emoji, users]) => ({
      emoji,
      count: users.size,
      me: users.has(ctx.viewerId),
    })),
    ephemeral: (message.flags & EPHEMERAL) !== 0,
    loading: (message.flags & LOADING) !== 0,
    usedBy: interactionUser && command ? { name: ctx.userName(interactionUser), command } : null,
    attachments: message.attachments.map((a) => ({
      url: attachmentUrl(a.id),
      filename: a.filename,
      contentType: a.contentType,
      description: a.description ?? null,
    })),
  };
}

function toButton(component: ComponentRecord): ButtonView {
  const emoji = component.emoji as { name?: string } | undefined;
  return {
    label: component.label ?? '',
    customId: component.custom_id ?? null,
    url: typeof component.url === 'string' ? component.url : null,
    style: typeof component.style === 'number' ? component.style : 2,
    disabled: component.disabled === true,
    emoji: emoji?.name ?? null,
  };
}

/** `attachment://chart.png` in an embed's image or thumbnail points at the message's own file. */
function resolveAttachments(embed: EmbedRecord, byName: Map<string, string>): EmbedRecord {
  const resolve = (media: unknown) => {
    const url = (media as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string' || !url.startsWith('attachment://')) return media;
    return { ...(media as object), url: byName.get(url.slice('attachment://'.length)) ?? url };
  };
  return {
    ...embed,
    ...(embed.image ? { image: resolve(embed.image) } : {}),
    ...(embed.thumbnail ? { thumbnail: resolve(embed.thumbnail) } : {}),
  };
}

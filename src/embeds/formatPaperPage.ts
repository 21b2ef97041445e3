import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { encodePageToken, type PageQuery } from '../paging/pageToken.ts';
import type { Paper } from '../papers/paper.ts';
import { formatPaperEmbed } from './formatPaperEmbed.ts';
import { safeText } from './safeText.ts';

export const PAGE_SIZE = 5;

/** A message Paperboy sends: never able to mention anyone. */
export interface PaperMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  /** Pictures sent with the message (the trending chart), shown under the cards. */
  files?: Array<{ attachment: Buffer; name: string; description?: string }>;
  /** Attachments of the message to keep when it is edited: `[]` replaces the old picture. */
  attachments?: [];
}

export interface PageInput {
  /** The line above the cards, e.g. "Papers on reinforcement-learning". */
  heading: string;
  query: PageQuery;
  /** The papers of this page, at most PAGE_SIZE. */
  papers: readonly Paper[];
  page: number;
  total: number;
  ownerId: string;
  votes?: ReadonlyMap<string, number>;
}

/**
 * One page of a result list: a heading with the position, up to five short cards, and
 * Previous/Next buttons whose custom_id carries the whole paging state.
 */
export function formatPaperPage(input: PageInput): PaperMessage {
  const pages = Math.max(1, Math.ceil(input.total / PAGE_SIZE));
  const page = Math.min(Math.max(0, input.page), pages - 1);
  const from = page * PAGE_SIZE + 1;
  const to = Math.min(input.total, from + input.papers.length - 1);
  const position = input.total > PAGE_SIZE ? ` — ${from}–${to} of ${input.total}` : '';
  const embeds = input.papers.map((paper) => {
    const votes = input.votes?.get(paper.id);
    // Five cards share the message's 6,000 characters.
    const budget = Math.floor(6000 / Math.max(1, input.papers.length));
    return formatPaperEmbed(paper, votes === undefined ? { size: 'short', budget } : { size: 'short', votes, budget });
  });
  const button = (label: string, target: number, disabled: boolean): APIButtonComponent | undefined => {
    const customId = encodePageToken({ query: input.query, page: target, ownerId: input.ownerId });
    return customId === undefined
      ? undefined
      : { type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId, disabled };
  };
  const buttons =
    pages > 1
      ? [
          button('◀ Previous', Math.max(0, page - 1), page === 0),
          button('Next ▶', Math.min(pages - 1, page + 1), page >= pages - 1),
        ].filter((b): b is APIButtonComponent => b !== undefined)
      : [];
  return {
    content: `**${safeText(input.heading, 300)}**${position}`,
    embeds,
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
    allowedMentions: { parse: [] },
  };
}

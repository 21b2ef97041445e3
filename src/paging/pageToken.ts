/** What a list of results is: enough to recompute any page of it. */
export type PageQuery =
  | { kind: 'today'; day: string }
  | { kind: 'topic'; slug: string }
  | { kind: 'search'; text: string }
  | { kind: 'trending'; window: 'day' | 'week' | 'month'; scope: 'server' | 'everywhere' };

/** A page of a list, and who may turn it. */
export interface PageToken {
  query: PageQuery;
  page: number;
  ownerId: string;
}

const PREFIX = 'pg1';
const MAX_CUSTOM_ID = 100;
const KIND = { today: 't', topic: 'o', search: 's', trending: 'r' } as const;

/**
 * A button's `custom_id` for a page: the whole paging state, so paging works after a restart
 * without any stored session. Undefined when it would exceed Discord's 100 characters (a long
 * search query): that list is shown without buttons.
 */
export function encodePageToken({ query, page, ownerId }: PageToken): string | undefined {
  const arg =
    query.kind === 'today'
      ? query.day
      : query.kind === 'topic'
        ? query.slug
        : query.kind === 'search'
          ? query.text
          : `${query.window}${query.scope === 'everywhere' ? '.e' : ''}`;
  const id = [PREFIX, KIND[query.kind], page, ownerId, arg].join(':');
  return id.length <= MAX_CUSTOM_ID ? id : undefined;
}

/** Reads a page button's `custom_id`; undefined for anything that is not one (an old format, a forgery). */
export function decodePageToken(customId: string): PageToken | undefined {
  const match = customId.match(/^pg1:([tosr]):(\d{1,4}):(\d{1,20}):(.{1,100})$/s);
  if (!match) return undefined;
  const [, kind, page, ownerId, arg] = match as unknown as [string, string, string, string, string];
  const query = toQuery(kind, arg);
  return query ? { query, page: Number(page), ownerId } : undefined;
}

function toQuery(kind: string, arg: string): PageQuery | undefined {
  if (kind === 't') return /^\d{4}-\d{2}-\d{2}$/.test(arg) ? { kind: 'today', day: arg } : undefined;
  if (kind === 'o') return /^[a-z0-9-]{1,60}$/.test(arg) ? { kind: 'topic', slug: arg } : undefined;
  if (kind === 's') return { kind: 'search', text: arg };
  const trending = /^(day|week|month)(\.e)?$/.exec(arg);
  if (!trending) return undefined;
  const window = trending[1] as 'day' | 'week' | 'month';
  return { kind: 'trending', window, scope: trending[2] ? 'everywhere' : 'server' };
}

/** Whether a custom_id belongs to the paging buttons (so the router sends it here). */
export const isPageToken = (customId: string) => customId.startsWith(`${PREFIX}:`);

import type { Catalog } from '../catalog/openCatalog.ts';
import { formatPaperPage, PAGE_SIZE, type PaperMessage } from '../embeds/formatPaperPage.ts';
import type { PageQuery } from '../paging/pageToken.ts';
import type { Paper } from '../papers/paper.ts';
import { rankTrending, windowDays } from '../ranking/rankTrending.ts';
import { relatedTopics } from '../search/relatedTopics.ts';
import { UserError } from './UserError.ts';

export interface PageContext {
  catalog: Catalog;
  /** Today's date where the bot runs its calendar (YYYY-MM-DD). */
  today: () => string;
}

/**
 * One page of any paper list, computed from the query alone — the same for the first answer and
 * for a Previous/Next click, before or after a restart. Nothing found is a UserError that says
 * where to look instead.
 */
export async function renderPage(
  query: PageQuery,
  page: number,
  ownerId: string,
  ctx: PageContext,
): Promise<PaperMessage> {
  const { heading, papers, total } = await findPage(query, page, ctx);
  return formatPaperPage({ heading, query, papers, page, total, ownerId });
}

async function findPage(query: PageQuery, page: number, { catalog, today }: PageContext) {
  const from = page * PAGE_SIZE;
  const slice = <T>(list: readonly T[]) => list.slice(from, from + PAGE_SIZE);
  switch (query.kind) {
    case 'today': {
      const result = await catalog.day(query.day);
      if (result.papers.length === 0) {
        throw new UserError(
          result.latest
            ? `No papers on ${query.day} (weekends and holidays have none). The latest day with papers is ${result.latest.day}: try \`/papers today date:${result.latest.day}\`.`
            : 'No papers yet: the bot is still fetching its first Daily Papers.',
        );
      }
      return {
        heading: `Papers for ${query.day}`,
        papers: slice(result.papers).map((r) => r.paper),
        total: result.papers.length,
      };
    }
    case 'topic': {
      const { hits, total } = catalog.topic(query.slug, from + PAGE_SIZE);
      if (total === 0) throw new UserError(`No papers on "${query.slug}" yet. ${nearbyTopics(query.slug, catalog)}`);
      return { heading: `Papers on ${query.slug}`, papers: await catalog.papers(slice(hits).map((h) => h.id)), total };
    }
    case 'search': {
      const { hits } = catalog.search(query.text, 50);
      if (hits.length === 0)
        throw new UserError(`No papers match "${query.text}". Try fewer or other words, or \`/papers topic\`.`);
      return {
        heading: `Search: ${query.text}`,
        papers: await catalog.papers(slice(hits).map((h) => h.id)),
        total: hits.length,
      };
    }
    case 'trending': {
      const ranked = rankTrending(await catalog.papersOnDays(windowDays(query.window, today())));
      if (ranked.length === 0) throw new UserError(`Nothing has trended in the last ${query.window} yet.`);
      return {
        heading: `Trending this ${query.window}`,
        papers: slice(ranked).map((r): Paper => r.paper),
        total: ranked.length,
      };
    }
  }
}

function nearbyTopics(slug: string, catalog: Catalog): string {
  const near = relatedTopics(slug, catalog.topics()).map((t) => `\`${t}\``);
  return near.length > 0 ? `Related topics: ${near.join(', ')}.` : 'Start typing in `/papers topic` for suggestions.';
}

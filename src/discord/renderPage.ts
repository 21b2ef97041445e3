import type { Catalog } from '../catalog/openCatalog.ts';
import { CHART_BARS, drawTrendingChart } from '../embeds/drawTrendingChart.ts';
import { formatPaperPage, PAGE_SIZE, type PaperMessage } from '../embeds/formatPaperPage.ts';
import { quoteInput } from '../embeds/quoteInput.ts';
import type { PageQuery } from '../paging/pageToken.ts';
import type { Paper } from '../papers/paper.ts';
import { windowDays } from '../ranking/rankTrending.ts';
import { relatedTopics } from '../search/relatedTopics.ts';
import { EVERYWHERE } from '../store/voteRepository.ts';
import { rankByVotes } from '../votes/scoreTrending.ts';
import { renderChartPng } from './renderChartPng.ts';
import { UserError } from './UserError.ts';

export interface PageContext {
  catalog: Catalog;
  /** Today's date where the bot runs its calendar (YYYY-MM-DD). */
  today: () => string;
  clock: () => Date;
  /** Votes per paper in the asker's server, or in every server. */
  votesIn?: (scope: 'server' | 'everywhere') => Promise<ReadonlyMap<string, number>>;
}

/** The page context of one interaction: votes are the asker's server's. */
export function pageContextFor(
  ctx: Omit<PageContext, 'votesIn'> & { votes: { tally(guildId: string): Promise<ReadonlyMap<string, number>> } },
  guildId: string | null,
): PageContext {
  return {
    ...ctx,
    votesIn: async (scope) =>
      scope === 'everywhere' ? ctx.votes.tally(EVERYWHERE) : guildId ? ctx.votes.tally(guildId) : new Map(),
  };
}

/** A page, and for a trending list's first page the chart to put on it once it is sent. */
export type RenderedPage = PaperMessage & { chart?: () => Pick<PaperMessage, 'files' | 'attachments'> };

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
): Promise<RenderedPage> {
  const { heading, ids, total, known, votes } = await findList(query, page, ctx);
  // The list may have shrunk since the button was made (a window moved on): show its last page.
  const last = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  const shown = Math.min(Math.max(0, page), last);
  const pageIds = ids.slice(shown * PAGE_SIZE, shown * PAGE_SIZE + PAGE_SIZE);
  const papers = known ? pageIds.flatMap((id) => known.get(id) ?? []) : await ctx.catalog.papers(pageIds);
  const message = formatPaperPage({ heading, query, papers, page: shown, total, ownerId, ...(votes ? { votes } : {}) });
  if (query.kind !== 'trending' || shown !== 0 || !known) return message;
  // The trending list's first page carries its chart; later pages keep it, back to the first replaces it.
  const bars = ids.slice(0, CHART_BARS).flatMap((id) => {
    const paper = known.get(id);
    return paper ? [{ title: paper.title, votes: votes?.get(id) ?? 0, upvotes: paper.upvotes }] : [];
  });
  const svg = drawTrendingChart(heading.replace(/ \(.*\)$/, ''), bars);
  return { ...message, chart: () => chartFiles(svg) };
}

/** The chart as the edit that puts it on the message (replacing an earlier one). */
function chartFiles(svg: string): Pick<PaperMessage, 'files' | 'attachments'> {
  const png = renderChartPng(svg);
  return {
    files: [{ attachment: png, name: 'trending.png', description: 'Votes and upvotes of the top papers' }],
    attachments: [],
  };
}

/**
 * Sends a page, then — for a trending list's first page — puts its chart on it with an edit: the
 * list never waits for the picture (a render costs more than the list), which follows a moment later.
 */
export async function sendPage(
  page: RenderedPage,
  how: 'public' | 'update',
  respond: { send(message: PaperMessage, how: 'public' | 'update'): Promise<void> },
  attach: (files: Pick<PaperMessage, 'files' | 'attachments'>) => Promise<unknown>,
  logger: { warn(details: object, message: string): void },
): Promise<void> {
  const { chart, ...message } = page;
  await respond.send(message, how);
  if (!chart) return;
  await attach(chart()).catch((error: unknown) => logger.warn({ err: error }, 'could not attach the trending chart'));
}

interface List {
  heading: string;
  /** The ids in order, at least up to the page asked for. */
  ids: string[];
  total: number;
  /** The full records, when finding the list already read them (a day, a window). */
  known?: Map<string, Paper>;
  /** Votes to show on the cards, where they are known. */
  votes?: ReadonlyMap<string, number>;
}

/** A list's ids in order, at least up to `page`, and how many it has in all. */
async function findList(query: PageQuery, page: number, ctx: PageContext): Promise<List> {
  const { catalog, today } = ctx;
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
        ids: result.papers.map((r) => r.paper.id),
        total: result.papers.length,
        // The day's papers in full, as the catalog already holds them: no second read of the day.
        known: new Map(result.papers.map((r) => [r.paper.id, r.paper])),
      };
    }
    case 'topic': {
      const { hits, total } = catalog.topic(query.slug, (page + 1) * PAGE_SIZE);
      if (total === 0) throw new UserError(`No papers on "${query.slug}" yet. ${nearbyTopics(query.slug, catalog)}`);
      // Up to `page`, or all of them when the list is shorter: the caller clamps the page.
      return { heading: `Papers on ${query.slug}`, ids: hits.map((h) => h.id), total };
    }
    case 'search': {
      const { hits } = catalog.search(query.text, SEARCH_RESULTS);
      if (hits.length === 0)
        throw new UserError(
          `No papers match "${quoteInput(query.text, 80)}". Try fewer or other words, or \`/papers topic\`.`,
        );
      return { heading: `Search: ${query.text} (best ${hits.length})`, ids: hits.map((h) => h.id), total: hits.length };
    }
    case 'trending': {
      const votes = (await ctx.votesIn?.(query.scope)) ?? new Map<string, number>();
      const ranked = rankByVotes(await catalog.papersOnDays(windowDays(query.window, today())), votes, ctx.clock());
      if (ranked.length === 0) throw new UserError(`Nothing has trended in the last ${query.window} yet.`);
      const where = query.scope === 'everywhere' ? 'in every server' : 'in this server';
      return {
        heading: `Trending this ${query.window} ${where} (members’ votes, upvotes and age)`,
        ids: ranked.map((r) => r.paper.id),
        total: ranked.length,
        known: new Map(ranked.map((r) => [r.paper.id, r.paper])),
        votes,
      };
    }
  }
}

/** A search lists at most this many papers: ten pages. */
const SEARCH_RESULTS = 50;

function nearbyTopics(slug: string, catalog: Catalog): string {
  const near = relatedTopics(slug, catalog.topics()).map((t) => `\`${t}\``);
  return near.length > 0 ? `Related topics: ${near.join(', ')}.` : 'Start typing in `/papers topic` for suggestions.';
}

import type { Logger } from '../../logging/createLogger.ts';
import { normalizePaperId } from '../../papers/normalizePaperId.ts';
import type { ParseResult } from '../ParseResult.ts';
import { redactUrl } from '../redactUrl.ts';
import { type FetchLike, requestWithRetry, type Sleep } from '../requestWithRetry.ts';
import { SourceFormatError } from '../SourceError.ts';
import { createRequestGate } from './createRequestGate.ts';
import { parseArxivFeed } from './parseArxivFeed.ts';

export interface ArxivClientOptions {
  fetch?: FetchLike;
  baseUrl?: string;
  /** arXiv's terms: at most one request every 3 seconds. */
  minIntervalMs?: number;
  timeoutMs: number;
  retries: number;
  sleep?: Sleep;
  logger?: Logger;
}

/** The arXiv API, one polite request at a time. */
export interface ArxivClient {
  /** Newest submissions in a category (`cs.LG`), `maxResults` from `start`. */
  searchCategory(category: string, page: { start: number; maxResults: number }): Promise<ParseResult>;
  /** The papers behind these ids (any form `normalizePaperId` reads); unreadable ids are skipped, unknown ones absent. */
  fetchByIds(ids: readonly string[]): Promise<ParseResult>;
}

const MAX_RESULTS = 2000;
// Long id lists make long URLs; 100 ids stay well under common URL limits.
const IDS_PER_REQUEST = 100;
const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

/**
 * Builds an arXiv API client whose every attempt, retries included, goes through one gate:
 * one connection at a time and at most one request per `minIntervalMs`, as arXiv's terms ask.
 * Share one client across the process, or the limit is per client, not per bot.
 */
export function createArxivClient(options: ArxivClientOptions): ArxivClient {
  const { baseUrl = 'http://export.arxiv.org', minIntervalMs = 3000, ...http } = options;
  const { logger } = http;
  const schedule = createRequestGate(minIntervalMs);

  async function query(params: Record<string, string>): Promise<ParseResult> {
    const url = new URL('/api/query', baseUrl);
    url.search = new URLSearchParams(params).toString();
    const { text } = await requestWithRetry(url.toString(), {
      ...http,
      headers: { accept: 'application/atom+xml' },
      schedule,
    });
    try {
      const result = parseArxivFeed(text);
      if (result.skipped.length > 0)
        logger?.warn({ url: redactUrl(url.toString()), skipped: result.skipped }, 'arXiv entries skipped');
      return result;
    } catch (error) {
      if (error instanceof SourceFormatError) {
        throw new SourceFormatError(error.message, { source: redactUrl(url.toString()), cause: error });
      }
      throw error;
    }
  }

  return {
    searchCategory(category, { start, maxResults }) {
      if (!CATEGORY.test(category))
        return Promise.reject(new RangeError(`not an arXiv category: ${JSON.stringify(category)}`));
      if (!Number.isInteger(start) || start < 0)
        return Promise.reject(new RangeError('start must be a non-negative integer'));
      if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
        return Promise.reject(new RangeError(`maxResults must be 1..${MAX_RESULTS}`));
      }
      return query({
        search_query: `cat:${category}`,
        sortBy: 'submittedDate',
        sortOrder: 'descending',
        start: String(start),
        max_results: String(maxResults),
      });
    },

    async fetchByIds(ids) {
      const merged: ParseResult = { papers: [], skipped: [] };
      const unique = new Set<string>();
      for (const raw of ids) {
        const id = normalizePaperId(raw);
        if (id === undefined) merged.skipped.push({ reason: `not an arXiv id: ${JSON.stringify(raw.slice(0, 80))}` });
        else unique.add(id);
      }
      const wanted = [...unique];
      for (let i = 0; i < wanted.length; i += IDS_PER_REQUEST) {
        const chunk = wanted.slice(i, i + IDS_PER_REQUEST);
        // arXiv returns 10 results unless told otherwise, whatever the length of id_list.
        const result = await query({ id_list: chunk.join(','), start: '0', max_results: String(chunk.length) });
        merged.papers.push(...result.papers);
        merged.skipped.push(...result.skipped);
      }
      return merged;
    },
  };
}

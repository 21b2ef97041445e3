import type { Logger } from '../../logging/createLogger.ts';
import { isoDay } from '../../papers/paper.ts';
import type { ParseResult } from '../ParseResult.ts';
import { redactUrl } from '../redactUrl.ts';
import { type FetchLike, requestWithRetry, type Sleep } from '../requestWithRetry.ts';
import { SourceFormatError } from '../SourceError.ts';
import { parseDailyPapersText } from './parseDailyPapers.ts';

export interface FetchDailyPapersOptions {
  fetch?: FetchLike;
  baseUrl?: string;
  pageSize?: number;
  timeoutMs: number;
  retries: number;
  sleep?: Sleep;
  logger?: Logger;
  /** Guard against a server that ignores `p` and sends the same full page forever. */
  maxPages?: number;
}

/**
 * All Hugging Face Daily Papers for one day (`YYYY-MM-DD`), paging until a short or empty page.
 * Papers without a `submittedOnDailyAt` are filed under the day asked for; a paper seen on two
 * pages (the list can shift while paging) is kept once. Any page failing fails the whole day.
 */
export async function fetchDailyPapers(day: string, options: FetchDailyPapersOptions): Promise<ParseResult> {
  if (!isoDay.safeParse(day).success) throw new RangeError(`not a calendar day: ${JSON.stringify(day)}`);
  const { baseUrl = 'https://huggingface.co', pageSize = 100, maxPages = 50, ...http } = options;
  const { logger } = http;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be a positive integer');

  const byId = new Map<string, ParseResult['papers'][number]>();
  const skipped: ParseResult['skipped'] = [];
  for (let page = 0; page < maxPages; page++) {
    const url = new URL('/api/daily_papers', baseUrl);
    url.search = new URLSearchParams({ date: day, limit: String(pageSize), p: String(page) }).toString();
    const { text } = await requestWithRetry(url.toString(), { ...http, headers: { accept: 'application/json' } });
    const result = parsePage(text, url.toString(), day);
    let added = 0;
    for (const paper of result.papers) {
      if (byId.has(paper.id)) continue;
      byId.set(paper.id, paper);
      added++;
    }
    skipped.push(...result.skipped);
    const received = result.papers.length + result.skipped.length;
    if (received < pageSize) break;
    if (added === 0 && result.papers.length > 0) {
      logger?.warn({ day, page }, 'daily papers page repeated earlier papers; stopping');
      break;
    }
    if (page === maxPages - 1) logger?.warn({ day, maxPages }, 'daily papers stopped at the page limit');
  }
  if (byId.size === 0 && skipped.length > 0) {
    // Not one item readable is not a quiet day: the API's shape has changed. Failing the day keeps
    // the cached papers and tells the operator, instead of a warning per item buried in the log.
    const reasons = [...new Set(skipped.map((s) => s.reason))].slice(0, 3).join(', ');
    throw new SourceFormatError(
      `none of the ${skipped.length} items of ${day} could be read (${reasons}): has the Daily Papers format changed?`,
      { source: redactUrl(new URL('/api/daily_papers', baseUrl).toString()) },
    );
  }
  if (skipped.length > 0) logger?.warn({ day, skipped }, 'daily papers items skipped');
  return { papers: [...byId.values()], skipped };
}

/** Parses one page, naming the page's URL on a format error so the log says which page broke. */
function parsePage(text: string, url: string, day: string): ParseResult {
  try {
    return parseDailyPapersText(text, day);
  } catch (error) {
    if (error instanceof SourceFormatError) {
      throw new SourceFormatError(error.message, { source: redactUrl(url), cause: error });
    }
    throw error;
  }
}

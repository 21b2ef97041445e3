import type { Config } from '../config/loadConfig.ts';
import type { Logger } from '../logging/createLogger.ts';
import { type ArxivClient, createArxivClient } from '../sources/arxiv/fetchArxiv.ts';
import { fetchDailyPapers } from '../sources/hf/fetchDailyPapers.ts';
import type { ParseResult } from '../sources/ParseResult.ts';
import type { FetchLike } from '../sources/requestWithRetry.ts';

/** The paper sources, configured once. */
export interface Sources {
  fetchDay(day: string): Promise<ParseResult>;
  arxiv: ArxivClient;
}

export function createSources(config: Config, logger: Logger, fetch?: FetchLike): Sources {
  const http = { fetch, timeoutMs: config.HTTP_TIMEOUT_MS, retries: config.HTTP_RETRIES, logger };
  return {
    fetchDay: (day) => fetchDailyPapers(day, { ...http, baseUrl: config.HF_API_URL }),
    arxiv: createArxivClient({ ...http, baseUrl: config.ARXIV_API_URL }),
  };
}

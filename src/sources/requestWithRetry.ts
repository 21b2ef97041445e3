// Hand-written on purpose. ky does honour Retry-After, but it is not a dependency, its waits
// cannot be injected (tests would sleep for real or fake every timer), and it has no hook to run
// each attempt through arXiv's rate gate. The loop is small enough to read in one sitting.
import type { Logger } from '../logging/createLogger.ts';
import { parseRetryAfter } from './parseRetryAfter.ts';
import { redactUrl } from './redactUrl.ts';
import { SourceHttpError, type SourceHttpFailure } from './SourceError.ts';

/** The subset of `fetch` the sources use; a test passes its own. */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

/** Waits; tests pass one that records the wait and returns at once. */
export type Sleep = (ms: number) => Promise<void>;

/** Runs one attempt; the arXiv client passes its rate-limited queue here. */
export type Schedule = <T>(attempt: () => Promise<T>) => Promise<T>;

export interface RequestOptions {
  fetch?: FetchLike;
  /** Limit on one attempt, headers and body together. */
  timeoutMs: number;
  /** Extra attempts after the first, for 429, 5xx, timeouts and network failures. */
  retries: number;
  sleep?: Sleep;
  logger?: Logger;
  headers?: Record<string, string>;
  /** First backoff step; doubles per retry. */
  baseDelayMs?: number;
  /** Ceiling on any single wait, Retry-After included, so a hostile header cannot park a job. */
  maxDelayMs?: number;
  schedule?: Schedule;
  now?: () => number;
  random?: () => number;
}

export interface RawResponse {
  status: number;
  text: string;
  headers: Headers;
}

/**
 * A plain setTimeout sleep. Not unref'd on purpose: a CLI run waiting out a Retry-After has
 * nothing else keeping Node alive, and would exit mid-retry.
 */
export const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const defaultFetch: FetchLike = (url, init) => fetch(url, init);
const runNow: Schedule = (attempt) => attempt();

type Attempt =
  | { kind: 'done'; response: RawResponse }
  | {
      kind: 'retry';
      failure: SourceHttpFailure;
      status?: number;
      retryAfterMs?: number;
      detail: string;
      cause?: unknown;
    }
  | { kind: 'fail'; status: number };

/**
 * GETs `url` and reads the body, retrying with exponential backoff and jitter on 429, 5xx,
 * timeouts and network failures, and waiting as long as `Retry-After` asks (capped).
 * Any other non-2xx status fails at once. Throws {@link SourceHttpError} when it gives up.
 */
export async function requestWithRetry(url: string, options: RequestOptions): Promise<RawResponse> {
  const {
    timeoutMs,
    retries,
    fetch: doFetch = defaultFetch,
    sleep = defaultSleep,
    logger,
    headers = {},
    baseDelayMs = 1000,
    maxDelayMs = 60_000,
    schedule = runNow,
    now = Date.now,
    random = Math.random,
  } = options;
  if (!URL.canParse(url)) throw new TypeError('requestWithRetry needs an absolute URL');
  const safeUrl = redactUrl(url);

  for (let attempt = 0; ; attempt++) {
    const result = await schedule(() => attemptOnce(url, doFetch, headers, timeoutMs, now));
    if (result.kind === 'done') return result.response;
    if (result.kind === 'fail') {
      throw new SourceHttpError(`HTTP ${result.status} from ${safeUrl}`, {
        url: safeUrl,
        failure: 'status',
        status: result.status,
        attempts: attempt + 1,
      });
    }
    if (attempt >= retries) {
      throw new SourceHttpError(`${result.detail} from ${safeUrl}, gave up after ${attempt + 1} attempts`, {
        url: safeUrl,
        failure: result.failure,
        status: result.status,
        attempts: attempt + 1,
        cause: result.cause,
      });
    }
    const backoff = baseDelayMs * 2 ** attempt;
    // Equal jitter: at least half the step, so retries from several jobs spread out but never hammer.
    const jittered = backoff / 2 + (random() * backoff) / 2;
    const delayMs = Math.round(Math.min(maxDelayMs, result.retryAfterMs ?? jittered));
    logger?.warn(
      { url: safeUrl, attempt: attempt + 1, status: result.status, failure: result.failure, delayMs },
      'request failed, retrying',
    );
    await sleep(delayMs);
  }
}

async function attemptOnce(
  url: string,
  doFetch: FetchLike,
  headers: Record<string, string>,
  timeoutMs: number,
  now: () => number,
): Promise<Attempt> {
  // The signal also bounds reading the body, so a server that stalls mid-body times out too.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await doFetch(url, { signal, headers });
    const { status } = response;
    if (status === 429 || status >= 500) {
      await response.body?.cancel().catch(() => undefined);
      return {
        kind: 'retry',
        failure: 'status',
        status,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
        detail: `HTTP ${status}`,
      };
    }
    if (status < 200 || status >= 300) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'fail', status };
    }
    const text = await response.text();
    return { kind: 'done', response: { status, text, headers: response.headers } };
  } catch (error) {
    if (signal.aborted) {
      return { kind: 'retry', failure: 'timeout', detail: `timed out after ${timeoutMs} ms`, cause: error };
    }
    return { kind: 'retry', failure: 'network', detail: 'network error', cause: error };
  }
}

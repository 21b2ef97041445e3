/** Where a bad response or file came from: a URL (query secrets removed) or a file name. */
export interface SourceErrorOptions {
  source?: string;
  cause?: unknown;
}

/**
 * A response or file that is not what the API returns: not an array of objects, an HTML page,
 * truncated JSON, malformed XML, an arXiv error feed. Callers reject the whole body.
 */
export class SourceFormatError extends Error {
  override readonly name = 'SourceFormatError';
  readonly source: string | undefined;

  constructor(message: string, options: SourceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.source = options.source;
  }
}

/** Why a request failed for good: an HTTP status, a timeout, or a network failure. */
export type SourceHttpFailure = 'status' | 'timeout' | 'network';

/**
 * A request that failed after its retries, or at once on a status that retrying cannot fix.
 * `url` never carries query secrets; `status` is absent for timeouts and network failures.
 */
export class SourceHttpError extends Error {
  override readonly name = 'SourceHttpError';
  readonly status: number | undefined;
  readonly url: string;
  readonly failure: SourceHttpFailure;
  readonly attempts: number;

  constructor(
    message: string,
    details: { url: string; failure: SourceHttpFailure; status?: number; attempts: number; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.url = details.url;
    this.failure = details.failure;
    this.status = details.status;
    this.attempts = details.attempts;
  }
}

/** A fetch that failed for a reason of the source's (HTTP, format): the caller keeps its cache. */
export function isSourceFailure(error: unknown): error is SourceHttpError | SourceFormatError {
  return error instanceof SourceHttpError || error instanceof SourceFormatError;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { ApiError, apiErrors } from '../apiError.ts';
import type { FaultPlan } from '../faults.ts';
import { BUCKETS, type RateLimiter } from '../rateLimits.ts';
import type { RequestRecord } from '../types.ts';
import { readBody, withUploads } from './readBody.ts';
import type { RouteResult, Router } from './router.ts';

/** The request log: every request, and the count of 401/403/429 answers. */
export interface RequestLog {
  readonly requests: Array<{ -readonly [K in keyof RequestRecord]: RequestRecord[K] }>;
  invalid: number;
}

/** What the REST pipeline is built from. */
export interface RequestPipeline {
  router: Router;
  limiter: RateLimiter;
  faults: FaultPlan;
  token: string;
  log: RequestLog;
  now: () => number;
  logger: Logger | undefined;
  /** The file at `/attachments/<channel>/<attachment>/<filename>`, if there is one. */
  attachment?: (segments: string[]) => { contentType: string; data: Buffer } | undefined;
}

/**
 * The REST pipeline: log → route → auth → injected delay → injected failure → rate limit → handler.
 * Every answer is JSON in Discord's shape; an unexpected error is a logged 500, never a crash.
 */
export function createRequestHandler(
  pipeline: RequestPipeline,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(pipeline, request, response).catch((error: unknown) => {
      pipeline.logger?.error({ err: error }, 'emulator request failed');
      if (!response.headersSent)
        send(response, { status: 500, body: { message: '500: Internal Server Error', code: 0 } }, {});
    });
  };
}

async function handle(pipeline: RequestPipeline, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
    // Discord's CDN: files sent with messages, without auth or rate limits.
    const file = pipeline.attachment?.(url.pathname.split('/').slice(2));
    response.writeHead(file ? 200 : 404, { 'Content-Type': file?.contentType ?? 'text/plain' });
    response.end(file?.data ?? 'Not Found');
    return;
  }
  const path = url.pathname.replace(/^\/api(\/v\d+)?(?=\/)/, '');
  const record = { method, path, query: url.search, body: undefined as unknown, status: 0, at: pipeline.now() };
  pipeline.log.requests.push(record);
  // Filled on the way: rate-limit headers go out with every answer, errors included.
  const headers: Record<string, string> = {};
  let result: RouteResult;
  try {
    const { json, uploads } = await readBody(request);
    record.body = json;
    result = await withUploads(uploads, () =>
      route(pipeline, request, { method, path, query: url.searchParams, body: json }, headers),
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    result = { status: error.status, body: error.body() };
  }
  const late = pipeline.faults.takeResponseDelay(path);
  if (late > 0) await sleep(late);
  record.status = result.status;
  if (result.status === 401 || result.status === 403 || result.status === 429) pipeline.log.invalid += 1;
  pipeline.logger?.debug({ method, path, status: result.status }, 'emulator request');
  send(response, result, headers);
}

interface Incoming {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

async function route(
  pipeline: RequestPipeline,
  request: IncomingMessage,
  { method, path, query, body }: Incoming,
  headers: Record<string, string>,
): Promise<RouteResult> {
  if (!request.url?.startsWith('/api/')) throw apiErrors.notFound();
  let match: ReturnType<Router['match']>;
  try {
    match = pipeline.router.match(method, path);
  } catch {
    // A malformed %-escape in the path matches nothing, as on Discord.
    match = undefined;
  }
  if (!match) throw apiErrors.notFound();
  const { route: found, params } = match;
  if (found.auth === 'bot' && request.headers.authorization !== `Bot ${pipeline.token}`) throw apiErrors.unauthorized();

  const delay = pipeline.faults.takeDelay(path);
  if (delay > 0) await sleep(delay);
  const failure = pipeline.faults.takeFailure(path);
  if (failure) {
    Object.assign(headers, failure.headers);
    return { status: failure.status, body: failure.body };
  }

  const major = params.channelId ?? params.guildId ?? params.token ?? params.appId ?? '';
  const bucket = found.bucket ?? { ...BUCKETS.fallback, name: `${method} ${found.pattern}` };
  const verdict = pipeline.limiter.take(bucket, major, found.exemptFromGlobal !== true);
  Object.assign(headers, verdict.headers);
  if (verdict.limited) {
    const { retryAfterS, global } = verdict.limited;
    return { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfterS, global } };
  }
  return found.handle({ params, query, body });
}

function send(response: ServerResponse, result: RouteResult, headers: Record<string, string>): void {
  if (result.status === 204 || result.body === undefined) {
    response.writeHead(result.status, headers);
    response.end();
    return;
  }
  response.writeHead(result.status, { ...headers, 'Content-Type': 'application/json' });
  response.end(JSON.stringify(result.body));
}

import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/sources/parseRetryAfter.ts';
import { redactUrl } from '../../src/sources/redactUrl.ts';
import { requestWithRetry } from '../../src/sources/requestWithRetry.ts';
import { SourceHttpError } from '../../src/sources/SourceError.ts';
import { recordingSleep, send, useTestServer } from './startTestServer.ts';

const serve = useTestServer();

async function httpFailure(run: () => Promise<unknown>): Promise<SourceHttpError> {
  const error: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof SourceHttpError) return error;
  throw new Error(`expected a SourceHttpError, got ${String(error)}`);
}

describe('requestWithRetry against a local server', () => {
  it('returns status, text and headers of a 2xx', async () => {
    const { baseUrl } = await serve((_req, res) => send(res, 200, '[]', { 'x-test': 'yes' }));
    const response = await requestWithRetry(`${baseUrl}/ok`, { timeoutMs: 2000, retries: 0 });
    expect(response.status).toBe(200);
    expect(response.text).toBe('[]');
    expect(response.headers.get('x-test')).toBe('yes');
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const s = await serve((_req, res, _r, i) =>
      i === 0 ? send(res, 429, 'slow down', { 'retry-after': '7' }) : send(res, 200, 'ok'),
    );
    const { sleep, waits } = recordingSleep();
    const response = await requestWithRetry(`${s.baseUrl}/x`, { timeoutMs: 2000, retries: 3, sleep });
    expect(response.text).toBe('ok');
    expect(waits).toEqual([7000]);
    expect(s.requests).toHaveLength(2);
  });

  it('caps a Retry-After that asks for too long', async () => {
    const s = await serve((_req, res, _r, i) =>
      i === 0 ? send(res, 503, '', { 'retry-after': '86400' }) : send(res, 200, 'ok'),
    );
    const { sleep, waits } = recordingSleep();
    await requestWithRetry(`${s.baseUrl}/x`, { timeoutMs: 2000, retries: 1, sleep });
    expect(waits).toEqual([60_000]);
  });

  it('retries a 500 twice with growing, jittered backoff, then succeeds', async () => {
    const s = await serve((_req, res, _r, i) => (i < 2 ? send(res, 500, 'oops') : send(res, 200, 'fine')));
    const { sleep, waits } = recordingSleep();
    const response = await requestWithRetry(`${s.baseUrl}/x`, { timeoutMs: 2000, retries: 3, sleep, baseDelayMs: 100 });
    expect(response.text).toBe('fine');
    expect(s.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('gives up on a persistent 500 after its retries', async () => {
    const s = await serve((_req, res) => send(res, 500, 'down'));
    const { sleep, waits } = recordingSleep();
    const error = await httpFailure(() =>
      requestWithRetry(`${s.baseUrl}/x?date=2026-08-19`, { timeoutMs: 2000, retries: 2, sleep }),
    );
    expect(error).toMatchObject({ status: 500, failure: 'status', attempts: 3 });
    expect(error.message).toBe(`HTTP 500 from ${s.baseUrl}/x?date=2026-08-19, gave up after 3 attempts`);
    expect(s.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it.each([404, 400, 403])('fails at once on %i, without retrying', async (status) => {
    const s = await serve((_req, res) => send(res, status, '{"error":"no"}'));
    const { sleep, waits } = recordingSleep();
    const error = await httpFailure(() => requestWithRetry(`${s.baseUrl}/x`, { timeoutMs: 2000, retries: 3, sleep }));
    expect(error).toMatchObject({ status, failure: 'status', attempts: 1 });
    expect(s.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('times out a response slower than timeoutMs, retrying first', async () => {
    const s = await serve((_req, res) => {
      setTimeout(() => send(res, 200, 'too late'), 2000).unref();
    });
    const { sleep } = recordingSleep();
    const started = performance.now();
    const error = await httpFailure(() => requestWithRetry(`${s.baseUrl}/slow`, { timeoutMs: 150, retries: 1, sleep }));
    expect(error).toMatchObject({ failure: 'timeout', status: undefined, attempts: 2 });
    expect(error.message).toMatch(/^timed out after 150 ms/);
    expect(s.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('times out a body that stalls after the headers', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"paper":');
    });
    const error = await httpFailure(() => requestWithRetry(`${s.baseUrl}/stall`, { timeoutMs: 150, retries: 0 }));
    expect(error.failure).toBe('timeout');
    expect(s.requests).toHaveLength(1);
  });

  it('retries a dropped connection', async () => {
    const s = await serve((req, res, _r, i) => (i === 0 ? req.socket.destroy() : send(res, 200, 'back')));
    const { sleep, waits } = recordingSleep();
    const response = await requestWithRetry(`${s.baseUrl}/x`, { timeoutMs: 2000, retries: 1, sleep });
    expect(response.text).toBe('back');
    expect(waits).toHaveLength(1);
  });

  it('reports a dropped connection as a network failure once retries run out', async () => {
    const s = await serve((req) => req.socket.destroy());
    const error = await httpFailure(() => requestWithRetry(`${s.baseUrl}/x`, { timeoutMs: 2000, retries: 0 }));
    expect(error).toMatchObject({ failure: 'network', status: undefined, attempts: 1 });
  });

  it('sends the headers it is given', async () => {
    const seen: (string | undefined)[] = [];
    const s = await serve((req, res) => {
      seen.push(req.headers.accept);
      send(res, 200, '');
    });
    await requestWithRetry(`${s.baseUrl}/x`, {
      timeoutMs: 2000,
      retries: 0,
      headers: { accept: 'application/atom+xml' },
    });
    expect(seen).toEqual(['application/atom+xml']);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-08-19T12:00:00Z');
  it.each([
    [null, undefined],
    ['7', 7000],
    [' 0 ', 0],
    ['Wed, 19 Aug 2026 12:00:30 GMT', 30_000],
    ['Wed, 19 Aug 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
  ])('%j → %j ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('redactUrl', () => {
  it.each([
    [
      'https://huggingface.co/api/daily_papers?date=2026-08-19&p=0',
      'https://huggingface.co/api/daily_papers?date=2026-08-19&p=0',
    ],
    ['https://x.test/a?api_key=s3cret&limit=5', 'https://x.test/a?api_key=redacted&limit=5'],
    ['https://user:pw@x.test/a?access_token=abc', 'https://x.test/a?access_token=redacted'],
    ['not a url', '[unparseable url]'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

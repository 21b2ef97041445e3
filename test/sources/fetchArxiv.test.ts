import { describe, expect, it } from 'vitest';
import { createArxivClient } from '../../src/sources/arxiv/fetchArxiv.ts';
import { SourceFormatError } from '../../src/sources/SourceError.ts';
import { ARXIV_FIXTURES, readFixture } from './readFixture.ts';
import { recordingSleep, send, type TestHandler, type TestServer, useTestServer } from './startTestServer.ts';

const serve = useTestServer();

const atom = { 'content-type': 'application/atom+xml' };
const serveFixtures: TestHandler = (_req, res, received) =>
  send(res, 200, readFixture(received.query.has('id_list') ? ARXIV_FIXTURES.old : ARXIV_FIXTURES.current), atom);

/** Gaps between consecutive request arrivals, in ms. */
function gaps(s: TestServer): number[] {
  return s.requests.slice(1).map((r, i) => r.at - (s.requests[i]?.at ?? 0));
}

describe('createArxivClient against a local server', () => {
  it('queries a category, newest first, with the paging asked for', async () => {
    const s = await serve(serveFixtures);
    const client = createArxivClient({ baseUrl: s.baseUrl, minIntervalMs: 0, timeoutMs: 2000, retries: 0 });
    const { papers } = await client.searchCategory('cs.LG', { start: 50, maxResults: 5 });
    expect(papers).toHaveLength(5);
    expect(s.requests.map((r) => [r.path, Object.fromEntries(r.query)])).toEqual([
      [
        '/api/query',
        { search_query: 'cat:cs.LG', sortBy: 'submittedDate', sortOrder: 'descending', start: '50', max_results: '5' },
      ],
    ]);
  });

  it('fetches by id, normalizing and deduplicating, and sets max_results to the count', async () => {
    const s = await serve(serveFixtures);
    const client = createArxivClient({ baseUrl: s.baseUrl, minIntervalMs: 0, timeoutMs: 2000, retries: 0 });
    const { papers, skipped } = await client.fetchByIds([
      'https://arxiv.org/abs/1601.00001v1',
      '1601.00001',
      'nonsense',
    ]);
    expect(papers.map((p) => p.id)).toEqual(['1601.00001']);
    expect(skipped).toEqual([{ reason: 'not an arXiv id: "nonsense"' }]);
    expect(Object.fromEntries(s.requests[0]?.query ?? [])).toEqual({
      id_list: '1601.00001',
      start: '0',
      max_results: '1',
    });
  });

  it('sends nothing for an empty id list', async () => {
    const s = await serve(serveFixtures);
    const client = createArxivClient({ baseUrl: s.baseUrl, minIntervalMs: 0, timeoutMs: 2000, retries: 0 });
    expect(await client.fetchByIds([])).toEqual({ papers: [], skipped: [] });
    expect(s.requests).toHaveLength(0);
  });

  it('spaces requests at least minIntervalMs apart, whichever method and however called', async () => {
    const s = await serve(serveFixtures);
    const client = createArxivClient({ baseUrl: s.baseUrl, minIntervalMs: 200, timeoutMs: 2000, retries: 0 });
    await Promise.all([
      client.searchCategory('cs.LG', { start: 0, maxResults: 5 }),
      client.fetchByIds(['1601.00001']),
      client.searchCategory('cs.CL', { start: 0, maxResults: 5 }),
    ]);
    await client.fetchByIds(['1601.00001']);
    expect(s.requests).toHaveLength(4);
    for (const gap of gaps(s)) expect(gap).toBeGreaterThanOrEqual(200);
  });

  it('keeps one connection at a time: no request starts while another is being answered', async () => {
    let open = 0;
    let most = 0;
    const s = await serve((req, res, received, i) => {
      open++;
      most = Math.max(most, open);
      setTimeout(() => {
        open--;
        serveFixtures(req, res, received, i);
      }, 80).unref();
    });
    const client = createArxivClient({ baseUrl: s.baseUrl, minIntervalMs: 10, timeoutMs: 2000, retries: 0 });
    await Promise.all([1, 2, 3].map(() => client.searchCategory('cs.LG', { start: 0, maxResults: 5 })));
    expect(s.requests).toHaveLength(3);
    expect(most).toBe(1);
  });

  it('puts retries through the same spacing', async () => {
    const s = await serve((req, res, received, i) =>
      i === 0 ? send(res, 503, 'busy') : serveFixtures(req, res, received, i),
    );
    const { sleep, waits } = recordingSleep();
    const client = createArxivClient({ baseUrl: s.baseUrl, minIntervalMs: 200, timeoutMs: 2000, retries: 2, sleep });
    const { papers } = await client.searchCategory('cs.LG', { start: 0, maxResults: 5 });
    expect(papers).toHaveLength(5);
    expect(waits).toHaveLength(1);
    expect(gaps(s)[0]).toBeGreaterThanOrEqual(200);
  });

  it('turns an arXiv error feed into a format error naming the query', async () => {
    const errorFeed =
      '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1601.0</id><title>Error</title><summary>incorrect id format for 1601.0</summary></entry></feed>';
    const s = await serve((_req, res) => send(res, 200, errorFeed, atom));
    const client = createArxivClient({ baseUrl: s.baseUrl, minIntervalMs: 0, timeoutMs: 2000, retries: 0 });
    const failure = client.fetchByIds(['1601.00001']);
    await expect(failure).rejects.toBeInstanceOf(SourceFormatError);
    await expect(failure).rejects.toMatchObject({
      message: 'arXiv API error: incorrect id format for 1601.0',
      source: expect.stringContaining('/api/query?id_list=1601.00001'),
    });
  });

  it('rejects a garbage HTML body as a format error without retrying', async () => {
    const s = await serve((_req, res) =>
      send(res, 200, '<html><body><p>maintenance<br></p></body></html>', { 'content-type': 'text/html' }),
    );
    const client = createArxivClient({ baseUrl: s.baseUrl, minIntervalMs: 0, timeoutMs: 2000, retries: 2 });
    await expect(client.searchCategory('cs.LG', { start: 0, maxResults: 5 })).rejects.toBeInstanceOf(SourceFormatError);
    expect(s.requests).toHaveLength(1);
  });

  it.each([
    ['an injected query', 'cs.LG OR all:x', { start: 0, maxResults: 5 }],
    ['too many results', 'cs.LG', { start: 0, maxResults: 2001 }],
    ['a negative start', 'cs.LG', { start: -1, maxResults: 5 }],
  ])('refuses %s before any request', async (_what, category, page) => {
    const client = createArxivClient({ baseUrl: 'http://127.0.0.1:9', minIntervalMs: 0, timeoutMs: 2000, retries: 0 });
    await expect(client.searchCategory(category, page)).rejects.toBeInstanceOf(RangeError);
  });
});

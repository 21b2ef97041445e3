import { describe, expect, it } from 'vitest';
import { fetchDailyPapers } from '../../src/sources/hf/fetchDailyPapers.ts';
import { SourceFormatError, SourceHttpError } from '../../src/sources/SourceError.ts';
import { HF_FIXTURES, paperAt, readFixture, readHfFixture } from './readFixture.ts';
import { recordingSleep, send, type TestHandler, useTestServer } from './startTestServer.ts';

const serve = useTestServer();

/** Serves `items` the way the API pages them: `limit` per page, page `p` from 0. */
function pagesOf(items: unknown[]): TestHandler {
  return (_req, res, received) => {
    const limit = Number(received.query.get('limit'));
    const page = Number(received.query.get('p'));
    send(res, 200, JSON.stringify(items.slice(page * limit, (page + 1) * limit)));
  };
}

const fast = { timeoutMs: 2000, retries: 2 };

describe('fetchDailyPapers against a local server', () => {
  it('fetches a day in one page and asks for the right things', async () => {
    const s = await serve((_req, res) => send(res, 200, readFixture(`hf/${HF_FIXTURES.aug19}`)));
    const { papers, skipped } = await fetchDailyPapers('2026-08-19', { ...fast, baseUrl: s.baseUrl });
    expect(papers).toHaveLength(26);
    expect(skipped).toEqual([]);
    expect(s.requests.map((r) => [r.path, Object.fromEntries(r.query)])).toEqual([
      ['/api/daily_papers', { date: '2026-08-19', limit: '100', p: '0' }],
    ]);
    expect(new Set(papers.map((p) => p.dailyDate))).toEqual(new Set(['2026-08-19']));
  });

  it('files papers without submittedOnDailyAt (2024 schema) under the day asked for', async () => {
    const s = await serve((_req, res) => send(res, 200, readFixture(`hf/${HF_FIXTURES.oct2024}`)));
    const { papers } = await fetchDailyPapers('2024-10-25', { ...fast, baseUrl: s.baseUrl });
    expect(papers).toHaveLength(25);
    expect(papers.every((p) => p.dailyDate === '2024-10-25')).toBe(true);
  });

  it('pages until a short page and merges every page', async () => {
    const items = readHfFixture(HF_FIXTURES.latest);
    const s = await serve(pagesOf(items));
    const { papers } = await fetchDailyPapers('2026-06-12', { ...fast, baseUrl: s.baseUrl, pageSize: 12 });
    expect(s.requests.map((r) => r.query.get('p'))).toEqual(['0', '1', '2']);
    expect(s.requests.every((r) => r.query.get('limit') === '12')).toBe(true);
    expect(papers.map((p) => p.id)).toEqual(items.map((item) => (item.paper as { id: string }).id));
  });

  it('stops on an empty page when the day divides into full pages', async () => {
    const s = await serve(pagesOf(readHfFixture(HF_FIXTURES.latest)));
    const { papers } = await fetchDailyPapers('2026-06-12', { ...fast, baseUrl: s.baseUrl, pageSize: 10 });
    expect(s.requests.map((r) => r.query.get('p'))).toEqual(['0', '1', '2', '3']);
    expect(papers).toHaveLength(30);
  });

  it('keeps a paper that shows up on two pages once', async () => {
    const items = readHfFixture(HF_FIXTURES.jul20);
    // The list shifted between requests: page 1 starts with the last paper of page 0.
    const pages = [items.slice(0, 10), items.slice(9, 18)];
    const s = await serve((_req, res, received) =>
      send(res, 200, JSON.stringify(pages[Number(received.query.get('p'))] ?? [])),
    );
    const { papers } = await fetchDailyPapers('2026-07-20', { ...fast, baseUrl: s.baseUrl, pageSize: 10 });
    expect(papers).toHaveLength(18);
    expect(new Set(papers.map((p) => p.id)).size).toBe(18);
  });

  it('stops when the server ignores the page number', async () => {
    const firstTen = readHfFixture(HF_FIXTURES.jul20).slice(0, 10);
    const s = await serve((_req, res) => send(res, 200, JSON.stringify(firstTen)));
    const { papers } = await fetchDailyPapers('2026-07-20', { ...fast, baseUrl: s.baseUrl, pageSize: 10 });
    expect(papers).toHaveLength(10);
    expect(s.requests).toHaveLength(2);
  });

  it('an empty day is an empty result', async () => {
    const s = await serve((_req, res) => send(res, 200, '[]'));
    expect(await fetchDailyPapers('2026-08-15', { ...fast, baseUrl: s.baseUrl })).toEqual({ papers: [], skipped: [] });
  });

  it('skips a bad item and keeps the day', async () => {
    const items = readHfFixture(HF_FIXTURES.jul20);
    delete paperAt(items, 4).title;
    const s = await serve((_req, res) => send(res, 200, JSON.stringify(items)));
    const { papers, skipped } = await fetchDailyPapers('2026-07-20', { ...fast, baseUrl: s.baseUrl });
    expect(papers).toHaveLength(17);
    expect(skipped).toEqual([{ id: paperAt(items, 4).id, reason: 'missing paper.title' }]);
  });

  it('waits out a 429 for as long as Retry-After says', async () => {
    const body = readFixture(`hf/${HF_FIXTURES.aug19}`);
    const s = await serve((_req, res, _r, i) =>
      i === 0 ? send(res, 429, '{"error":"rate limited"}', { 'retry-after': '12' }) : send(res, 200, body),
    );
    const { sleep, waits } = recordingSleep();
    const { papers } = await fetchDailyPapers('2026-08-19', { ...fast, baseUrl: s.baseUrl, sleep });
    expect(waits).toEqual([12_000]);
    expect(papers).toHaveLength(26);
  });

  it('survives two 500s', async () => {
    const body = readFixture(`hf/${HF_FIXTURES.aug19}`);
    const s = await serve((_req, res, _r, i) => (i < 2 ? send(res, 500, 'Internal Error') : send(res, 200, body)));
    const { sleep, waits } = recordingSleep();
    const { papers } = await fetchDailyPapers('2026-08-19', { ...fast, baseUrl: s.baseUrl, sleep });
    expect(waits).toHaveLength(2);
    expect(papers).toHaveLength(26);
  });

  it('fails the whole day when a later page keeps failing', async () => {
    const items = readHfFixture(HF_FIXTURES.latest);
    const pages = pagesOf(items);
    const s = await serve((req, res, received, i) =>
      received.query.get('p') === '1' ? send(res, 502, 'Bad Gateway') : pages(req, res, received, i),
    );
    const { sleep } = recordingSleep();
    const failure = fetchDailyPapers('2026-06-12', { ...fast, baseUrl: s.baseUrl, pageSize: 12, sleep });
    await expect(failure).rejects.toBeInstanceOf(SourceHttpError);
    await expect(failure).rejects.toMatchObject({ status: 502, attempts: 3 });
  });

  it('fails at once on 400 (a date the API does not accept)', async () => {
    const s = await serve((_req, res) => send(res, 400, '{"error":"Invalid date"}'));
    const { sleep, waits } = recordingSleep();
    await expect(fetchDailyPapers('2026-08-19', { ...fast, baseUrl: s.baseUrl, sleep })).rejects.toMatchObject({
      status: 400,
      attempts: 1,
    });
    expect(s.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('rejects an HTML body with a 200 as a format error, naming the page', async () => {
    const s = await serve((_req, res) =>
      send(res, 200, '<!doctype html><html><body>Hugging Face is down</body></html>', { 'content-type': 'text/html' }),
    );
    const failure = fetchDailyPapers('2026-08-19', { ...fast, baseUrl: s.baseUrl });
    await expect(failure).rejects.toBeInstanceOf(SourceFormatError);
    await expect(failure).rejects.toMatchObject({
      source: `${s.baseUrl}/api/daily_papers?date=2026-08-19&limit=100&p=0`,
    });
    expect(s.requests).toHaveLength(1);
  });

  it('rejects an error object and a truncated body', async () => {
    const truncated = readFixture(`hf/${HF_FIXTURES.aug19}`).slice(0, 10_000);
    const s = await serve((_req, res, _r, i) => send(res, 200, i === 0 ? '{"error":"Internal"}' : truncated));
    await expect(fetchDailyPapers('2026-08-19', { ...fast, baseUrl: s.baseUrl })).rejects.toThrow(
      'expected an array of papers, got an object: "Internal"',
    );
    await expect(fetchDailyPapers('2026-08-19', { ...fast, baseUrl: s.baseUrl })).rejects.toThrow(
      'truncated or malformed JSON',
    );
  });

  it('times out a slow server', async () => {
    const s = await serve((_req, res) => {
      setTimeout(() => send(res, 200, '[]'), 2000).unref();
    });
    const { sleep } = recordingSleep();
    await expect(
      fetchDailyPapers('2026-08-19', { baseUrl: s.baseUrl, timeoutMs: 100, retries: 1, sleep }),
    ).rejects.toMatchObject({
      failure: 'timeout',
      attempts: 2,
    });
  });

  it.each(['2026-02-30', '19-08-2026', ''])('refuses %j before any request', async (day) => {
    await expect(fetchDailyPapers(day, { ...fast, baseUrl: 'http://127.0.0.1:9' })).rejects.toBeInstanceOf(RangeError);
  });
});

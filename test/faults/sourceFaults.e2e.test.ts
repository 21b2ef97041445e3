import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestServer as SourceServer, send, startTestServer } from '../sources/startTestServer.ts';
import { DigestHarness, digestPosts, type TestServer } from '../support/digestHarness.ts';

/**
 * Hugging Face misbehaving while a digest is due, through the whole bot: the digest still goes
 * out, from the cache, on time; the operator finds the reason in the log; the bot keeps answering.
 */
let h: DigestHarness;
let s: TestServer;
let hf: SourceServer | undefined;
afterEach(async () => {
  await h.close();
  await hf?.close();
  hf = undefined;
});

/** Sends the answer after `ms`, unless the test ended first (the server closes the socket). */
function later(res: ServerResponse, ms: number, answer: () => void): void {
  const timer = setTimeout(answer, ms);
  res.on('close', () => clearTimeout(timer));
}

/** A Daily Papers item whose shape moved: the paper is no longer under `paper`, its id renamed. */
const MOVED_SCHEMA = JSON.stringify([
  { article: { arxivId: '2608.00001', headline: 'A paper', summary: 'Text.' }, publishedAt: '2026-08-20T00:00:00Z' },
]);

type Case = [name: string, answer: (res: ServerResponse) => void, logged: RegExp];

const cases: Case[] = [
  [
    'slow: answers after 30 s',
    (res) => later(res, 30_000, () => send(res, 200, '[]')),
    /did not answer in time before a digest: composing from the cache/,
  ],
  [
    'answering 429 with Retry-After: 120',
    (res) => send(res, 429, '{"error":"rate limited"}', { 'retry-after': '120' }),
    /did not answer in time before a digest: composing from the cache/,
  ],
  [
    'answering 503',
    (res) => send(res, 503, 'upstream down', { 'content-type': 'text/plain' }),
    /"status":503.*request failed, retrying|request failed, retrying.*"status":503/,
  ],
  [
    'answering an HTML page with 200',
    (res) => send(res, 200, '<!doctype html><title>Maintenance</title>', { 'content-type': 'text/html' }),
    /composing from the cache/,
  ],
  ['changing its schema', (res) => send(res, 200, MOVED_SCHEMA), /has the Daily Papers format changed\?/],
];

describe('a digest while Hugging Face misbehaves', () => {
  it.each(cases)(
    '%s: goes out from the cache, once; the log says why; commands still answer',
    async (_name, answer, logged) => {
      hf = await startTestServer((_req, res) => answer(res));
      h = await DigestHarness.start();
      s = h.server();
      await h.launch({
        fetch: (url, init) => fetch(url, init),
        env: { HF_API_URL: hf.baseUrl, DIGEST_REFRESH_WAIT_S: '1', HTTP_TIMEOUT_MS: '60000', HTTP_RETRIES: '2' },
      });
      await h.digest(s, 'set', { channel: s.papersChannel, time: '09:00', timezone: 'Europe/Berlin' });
      h.now = new Date('2026-08-20T07:00:00Z');
      const report = await h.bots[0]?.digests.sweep();

      expect(report?.delivered).toBe(1);
      expect(hf.requests.length).toBeGreaterThan(0);
      const posts = digestPosts(h.emu, s.papersChannel);
      expect(posts.headers).toHaveLength(1);
      expect(posts.papers).toHaveLength(5);
      // The operator is told, as a warning (level 40) or an error, naming what happened.
      const warnings = h.log.map(
        (line) => JSON.parse(line) as { level: number; msg: string; err?: { message?: string } },
      );
      const told = warnings.filter((l) => l.level >= 40 && logged.test(`${l.msg} ${JSON.stringify(l)}`));
      expect(told.length).toBeGreaterThan(0);
      // A second pass posts nothing more; the bot still answers a command from the cache.
      h.now = new Date('2026-08-20T07:01:00Z');
      await h.bots[0]?.digests.sweep();
      expect(digestPosts(h.emu, s.papersChannel).papers).toHaveLength(5);
      const today = h.emu.runCommand({
        guildId: s.guildId,
        channelId: s.generalChannel,
        userId: s.member,
        name: 'papers',
        options: [{ type: 1, name: 'today', options: [] }],
      });
      await today.firstResponse();
      await today.waitFor((handle) => (handle.original()?.embeds.length ?? 0) > 0, 5000);
    },
  );
});

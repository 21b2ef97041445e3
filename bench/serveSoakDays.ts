import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleDays } from '../src/sandbox/sampleData.ts';
import { answerPage } from '../src/sandbox/serveDailyPapers.ts';

/** One item of a captured Daily Papers response, as much as the soak rewrites of it. */
interface CapturedItem {
  paper: Record<string, unknown> & { upvotes?: unknown };
  [key: string]: unknown;
}

/** A local stand-in for huggingface.co that has papers on every day, for a soak that runs for weeks of days. */
export interface SoakDaysServer {
  /** Pass as HF_API_URL. */
  baseUrl: string;
  /** The arXiv ids the list of `day` carries. */
  idsOf(day: string): string[];
  /** Requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * Serves `GET /api/daily_papers?date=D&limit=L&p=P` for any date: one of the captured lists
 * (test/fixtures/hf), its ids and dates rewritten for D, so every simulated day brings papers the
 * store has not seen. Upvotes rise with every fetch of a day, as a real day's list does, so the
 * bot's refreshes update papers as well as add them.
 */
export async function serveSoakDays(): Promise<SoakDaysServer> {
  const captures = sampleDays().map(({ file }) => JSON.parse(readFileSync(file, 'utf8')) as CapturedItem[]);
  if (captures.length === 0) throw new Error('soak: no captured Daily Papers responses in test/fixtures/hf');
  const fetches = new Map<string, number>();
  let requests = 0;
  const captureOf = (day: string) => captures[dayNumber(day) % captures.length] as CapturedItem[];
  const listOf = (day: string): CapturedItem[] => {
    const bump = fetches.get(day) ?? 0;
    return captureOf(day).map((item, i) => ({
      ...item,
      publishedAt: `${day}T00:00:00.000Z`,
      paper: {
        ...item.paper,
        id: paperId(day, i),
        publishedAt: `${day}T00:00:00.000Z`,
        submittedOnDailyAt: `${day}T00:00:00.000Z`,
        upvotes: (typeof item.paper.upvotes === 'number' ? item.paper.upvotes : 0) + bump,
      },
    }));
  };
  const server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const day = url.searchParams.get('date') ?? '';
    if (req.method !== 'GET' || url.pathname !== '/api/daily_papers' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    if (!(Number(url.searchParams.get('p')) > 0)) fetches.set(day, (fetches.get(day) ?? 0) + 1);
    answerPage(res, url, listOf(day));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    idsOf: (day) => captureOf(day).map((_, i) => paperId(day, i)),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Days since 1970-01-01. */
function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

/**
 * A valid arXiv id of its own for the `i`th paper of `day`: the day's YYMM, then its day of the
 * month and the index (2609.03017 is the 18th paper of 2026-09-03), unique across the run.
 */
function paperId(day: string, i: number): string {
  return `${day.slice(2, 4)}${day.slice(5, 7)}.${day.slice(8, 10)}${String(i).padStart(3, '0')}`;
}

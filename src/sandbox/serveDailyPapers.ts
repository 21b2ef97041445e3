import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_DIR, sampleDays } from './sampleData.ts';

/** A local stand-in for huggingface.co: what the bot's Daily Papers client is pointed at. */
export interface DailyPapersServer {
  /** Pass as HF_API_URL. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /api/daily_papers?date=D&limit=L&p=P` from the captured responses, paged as
 * Hugging Face pages them; a day without a capture answers an empty list, as a quiet day does.
 */
export async function serveDailyPapers(dir = SAMPLE_DIR): Promise<DailyPapersServer> {
  const byDay = new Map(
    sampleDays(dir).map(({ day, file }) => [day, JSON.parse(readFileSync(file, 'utf8')) as unknown[]]),
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/api/daily_papers') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    answerPage(res, url, byDay.get(url.searchParams.get('date') ?? '') ?? []);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers one page of a day's items, paged by `limit` and `p` as Hugging Face pages them. */
export function answerPage(res: ServerResponse, url: URL, items: readonly unknown[]): void {
  const limit = Math.max(1, Number(url.searchParams.get('limit')) || 50);
  const page = Math.max(0, Number(url.searchParams.get('p')) || 0);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(items.slice(page * limit, (page + 1) * limit)));
}

/**
 * Child process of the benchmark: stores 1,000,000 votes across 1,000 servers on an existing
 * store, then times `/papers trending` pages (this server, and everywhere) the way the bot
 * renders them. Prints one JSON object on stdout.
 */
import { openPaperCatalog } from '../src/app/openPaperCatalog.ts';
import { renderPage } from '../src/discord/renderPage.ts';
import { createSilentLogger } from '../src/logging/createLogger.ts';
import { createVoteRepository, EVERYWHERE } from '../src/store/voteRepository.ts';
import type { VoteEvent } from '../src/votes/applyVoteEvents.ts';
import { random } from './syntheticPapers.ts';

const [url, serversArg, votesArg] = process.argv.slice(2);
if (!url) throw new Error('usage: trendingQueries <storeUrl> [servers] [votes]');
const SERVERS = Number(serversArg ?? 1000);
const VOTES = Number(votesArg ?? 1_000_000);
const QUERIES = 1000;

const { catalog, store } = await openPaperCatalog(url, () => new Date(), createSilentLogger(), { warm: false });
const newest = catalog.days()[0]?.day ?? '2026-08-20';
const now = new Date(`${newest}T18:00:00Z`);
// Votes go to the last month's papers: what members of a server react to.
const month = catalog
  .days()
  .slice(0, 30)
  .map((d) => d.day);
const papers = (await catalog.papersOnDays(month)).map((p) => p.id);
const repo = createVoteRepository(store);
const rnd = random(11);
const perServer = Math.floor(VOTES / SERVERS);
const started = performance.now();
for (let g = 0; g < SERVERS; g++) {
  const guildId = String(100_000_000_000_000_000n + BigInt(g));
  const byPaper = new Map<string, VoteEvent[]>();
  for (let v = 0; v < perServer; v++) {
    const paperId = papers[Math.floor(rnd() ** 3 * papers.length)] as string;
    const list = byPaper.get(paperId) ?? [];
    list.push({ kind: 'add', messageId: `m-${g}-${paperId}`, userId: `u${list.length}` });
    byPaper.set(paperId, list);
  }
  await repo.apply(guildId, byPaper);
  if (g % 100 === 99) process.stderr.write(`bench: votes stored for ${g + 1} of ${SERVERS} servers\n`);
}
const seedSeconds = (performance.now() - started) / 1000;
const stored = [...(await repo.tally(EVERYWHERE)).values()].reduce((a, b) => a + b, 0);

const ctxFor = (guildId: string) => ({
  catalog,
  today: () => newest,
  clock: () => now,
  votesIn: (scope: 'server' | 'everywhere') => repo.tally(scope === 'everywhere' ? EVERYWHERE : guildId),
});
/** p99 of `run`'s duration, or with `reported`, of the durations `run` returns. */
async function time(run: (i: number) => Promise<unknown>, reported = false): Promise<number> {
  for (let i = 0; i < 50; i++) await run(i); // warm-up: code loading and JIT are not measured
  const samples: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    const took = await run(i);
    samples.push(reported ? (took as number) : performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length * 0.99)] as number;
}
const server = await time((i) =>
  renderPage(
    { kind: 'trending', window: 'week', scope: 'server' },
    0,
    '1',
    ctxFor(String(100_000_000_000_000_000n + BigInt((i * 7919) % SERVERS))),
  ),
);
const everywhere = await time(() =>
  renderPage({ kind: 'trending', window: 'week', scope: 'everywhere' }, 0, '1', ctxFor('0')),
);
// The chart, rendered after the list is sent (the edit that attaches it follows the answer).
const chart = await time(async (i) => {
  const page = await renderPage(
    { kind: 'trending', window: 'week', scope: 'server' },
    0,
    '1',
    ctxFor(String(100_000_000_000_000_000n + BigInt((i * 7919) % SERVERS))),
  );
  const started = performance.now();
  page.chart?.();
  return performance.now() - started;
}, true);
await store.close();
process.stdout.write(
  `${JSON.stringify({ trending_votes_stored: stored, trending_seed_s: seedSeconds, trending_p99_ms: server, trending_everywhere_p99_ms: everywhere, trending_chart_p99_ms: chart })}\n`,
);

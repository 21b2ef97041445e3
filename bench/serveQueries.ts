/**
 * Child process of the benchmark: opens an existing store cold, then times queries the way the
 * bot serves them. Prints one JSON object on stdout.
 */
import { openPaperCatalog } from '../src/app/openPaperCatalog.ts';
import { createSilentLogger } from '../src/logging/createLogger.ts';
import { TOPICS } from '../src/search/topics.ts';
import { fixtureWords, random } from './syntheticPapers.ts';

const [url, countArg] = process.argv.slice(2);
if (!url) throw new Error('usage: serveQueries <storeUrl> [queries]');
const queries = Number(countArg ?? 1000);

const t0 = performance.now();
const { catalog, store } = await openPaperCatalog(url, () => new Date(), createSilentLogger());
catalog.topic('reinforcement-learning', 10);
const coldStart = (performance.now() - t0) / 1000;

const rnd = random(7);
const words = fixtureWords().filter((w) => /^[a-z]{5,}$/.test(w));
const days = catalog.stats().days;
const dayList: string[] = [];
for (let d = 0; d < days; d++) dayList.push(new Date(Date.UTC(2019, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

async function time(run: (i: number) => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < queries; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] as number;
}

const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
// fresh: time the query engine itself, not the lists kept ready for curated topics.
const topic = await time(() => catalog.topic(pick(TOPICS).slug, 10, { fresh: true }));
const search = await time(() => catalog.search(`${pick(words)} ${pick(words)}`, 10));
const today = await time(async () => (await catalog.day(pick(dayList))).papers.slice(0, 10));
await store.close();

process.stdout.write(
  `${JSON.stringify({
    papers: catalog.stats().papers,
    segments: catalog.stats().segments,
    cold_start_s: coldStart,
    topic_p99_ms: topic,
    search_p99_ms: search,
    today_p99_ms: today,
    rss_mb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);

/**
 * `npm run bench [-- --json] [-- --papers N]`: imports synthetic papers into a fresh SQLite
 * store, compares with raw sqlite3, then measures a cold start and query latencies in a fresh
 * process, slash-command latency and a digest fan-out through the bot and the emulator. Progress goes to stderr; the table (or one JSON object) to stdout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NAMESPACES, openStore } from '../src/store/openStore.ts';
import { naiveKeyvLayout } from './naiveKeyvLayout.ts';
import { rawSqliteInsert } from './rawSqliteInsert.ts';
import { syntheticPapers } from './syntheticPapers.ts';
import { meanOf, measureTopicQuality } from './topicQuality.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean' }, papers: { type: 'string' } } });
const count = Number(values.papers ?? 100_000);
const say = (text: string) => process.stderr.write(`bench: ${text}\n`);
const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
const runId = Date.now().toString(36);
/** A store of its own on the REDIS_URL server (a key prefix), for one part of this run. */
const redisStores = new Set<string>();
const redisBenchUrl = (part: string) => {
  const base = new URL(process.env.REDIS_URL as string);
  base.searchParams.set('prefix', `paperboy-bench-${runId}-${part}`);
  redisStores.add(base.toString());
  return base.toString();
};

try {
  say(`generating ${count} synthetic papers`);
  const papers = syntheticPapers(count);
  const file = join(dir, 'papers.json');
  writeFileSync(file, JSON.stringify(papers));

  say('importing with the CLI code in a fresh process: read, validate, merge, write day buckets, build the index');
  const url = `sqlite://${join(dir, 'store.sqlite')}`;
  const start = performance.now();
  const imported = runChild(['bench/importFile.ts', file, url]);
  const importSeconds = (performance.now() - start) / 1000;
  const importRss = Number(JSON.parse(imported.stdout).rssMb ?? Number.NaN);

  say('inserting the same rows with raw sqlite3 in one transaction');
  const rawSeconds = await rawSqliteInsert(join(dir, 'raw.sqlite'), papers);

  say('for comparison: 5,000 papers as one keyv record each (a transaction per set, a default-paged scan)');
  const naive = await naiveKeyvLayout(join(dir, 'naive.sqlite'), papers.slice(0, 5000));

  say('cold start and 1,000 queries of each kind in a fresh process');
  const serving = JSON.parse(runChild(['bench/serveQueries.ts', url, '1000']).stdout) as Record<string, number>;

  let redis: Record<string, number> = {};
  if (process.env.REDIS_URL) {
    const copy = redisBenchUrl('papers');
    say(
      'copying the 100k store (papers, no votes yet) to Redis with npm run cli -- migrate, then the query and vote figures on Redis',
    );
    runChild(['src/cli/main.ts', 'migrate', '--from', url, '--to', copy]);
    const onRedis = JSON.parse(runChild(['bench/serveQueries.ts', copy, '1000']).stdout) as Record<string, number>;
    const votesOnRedis = JSON.parse(
      runChild(['bench/votesThroughput.ts', dir, '3000', '30', redisBenchUrl('votes')]).stdout,
    ) as Record<string, number>;
    redis = {
      redis_topic_p99_ms: round(onRedis.topic_p99_ms ?? Number.NaN),
      redis_search_p99_ms: round(onRedis.search_p99_ms ?? Number.NaN),
      redis_cold_start_s: round(onRedis.cold_start_s ?? Number.NaN),
      redis_votes_per_s: Math.round(votesOnRedis.votes_per_s ?? Number.NaN),
      redis_votes_lost: votesOnRedis.votes_lost ?? Number.NaN,
      redis_votes_doubled: votesOnRedis.votes_doubled ?? Number.NaN,
    };
  } else {
    say('REDIS_URL not set: the Redis rows are left out');
  }

  say('500 slash commands through the real bot and the local Discord API emulator, 20 at a time');
  const busiestDay = syntheticDay(papers);
  const commands = JSON.parse(runChild(['bench/commandLatency.ts', url, '500', '20', busiestDay]).stdout) as Record<
    string,
    number
  >;

  say('a 10-paper digest to 500 channels through the bot and the emulator under Discord’s limits (~30 s)');
  const fanout = JSON.parse(runChild(['bench/digestFanout.ts', dir, '500', '350']).stdout) as Record<string, number>;

  say('reaction events for 30 s through the emulator and the bot into the store, then checked');
  const votes = JSON.parse(runChild(['bench/votesThroughput.ts', dir, '3000', '30']).stdout) as Record<string, number>;

  say('1,000,000 votes across 1,000 servers, then 1,000 /papers trending pages (this takes a minute)');
  const trending = JSON.parse(runChild(['bench/trendingQueries.ts', url, '1000', '1000000']).stdout) as Record<
    string,
    number
  >;

  say('4 shards (SHARDS=4, one process each) against the emulator: time until all are online');
  const storeForShards = process.env.REDIS_URL ? redisBenchUrl('shards') : `sqlite://${join(dir, 'shards.sqlite')}`;
  const shards = JSON.parse(runChild(['bench/shardsReady.ts', storeForShards, '4']).stdout) as Record<string, number>;

  say('topic quality on the judged fixture papers');
  const quality = await measureTopicQuality();

  const result = {
    papers: papers.length,
    import_papers_per_s: Math.round(papers.length / importSeconds),
    import_s: round(importSeconds),
    raw_sqlite_s: round(rawSeconds),
    import_vs_raw_sqlite: round(importSeconds / rawSeconds),
    import_rss_mb: Math.round(importRss),
    naive_keyv_papers_per_s: Math.round(naive.setsPerSecond),
    naive_keyv_scan_5k_s: round(naive.scanSeconds),
    cold_start_s: round(serving.cold_start_s ?? Number.NaN),
    rss_mb: Math.round(serving.rss_mb ?? Number.NaN),
    topic_p99_ms: round(serving.topic_p99_ms ?? Number.NaN),
    search_p99_ms: round(serving.search_p99_ms ?? Number.NaN),
    today_p99_ms: round(serving.today_p99_ms ?? Number.NaN),
    command_p50_ms: round(commands.command_p50_ms ?? Number.NaN),
    command_p99_ms: round(commands.command_p99_ms ?? Number.NaN),
    digest_fanout_ratio: round(fanout.digest_fanout_ratio ?? Number.NaN),
    digest_fanout_s: round(fanout.digest_fanout_s ?? Number.NaN),
    digest_min_s: fanout.digest_min_s ?? Number.NaN,
    digest_duplicates: fanout.digest_duplicates ?? Number.NaN,
    digest_missing: fanout.digest_missing ?? Number.NaN,
    votes_per_s: Math.round(votes.votes_per_s ?? Number.NaN),
    votes_events: votes.votes_events ?? Number.NaN,
    votes_lost: votes.votes_lost ?? Number.NaN,
    votes_doubled: votes.votes_doubled ?? Number.NaN,
    trending_p99_ms: round(trending.trending_p99_ms ?? Number.NaN),
    trending_everywhere_p99_ms: round(trending.trending_everywhere_p99_ms ?? Number.NaN),
    trending_chart_p99_ms: round(trending.trending_chart_p99_ms ?? Number.NaN),
    shards_ready_s: round(shards.shards_ready_s ?? Number.NaN),
    ...redis,
    trending_votes_stored: trending.trending_votes_stored ?? Number.NaN,
    topic_ndcg10: round(meanOf(quality, 'paperboy')),
    bm25_ndcg10: round(meanOf(quality, 'bm25')),
    substring_ndcg10: round(meanOf(quality, 'substring')),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const targets: Record<string, string> = {
      import_papers_per_s: '≥ 20,000',
      import_vs_raw_sqlite: '≤ 3',
      cold_start_s: '≤ 3',
      rss_mb: '≤ 500',
      topic_p99_ms: '≤ 20',
      search_p99_ms: '≤ 20',
      today_p99_ms: '≤ 5',
      command_p99_ms: '≤ 50',
      digest_fanout_ratio: '≤ 1.2',
      digest_duplicates: '0',
      digest_missing: '0',
      votes_per_s: '≥ 2,000',
      votes_lost: '0',
      votes_doubled: '0',
      trending_p99_ms: '≤ 20',
      topic_ndcg10: `> bm25 ${result.bm25_ndcg10}`,
    };
    const rows = Object.entries(result).map(([key, value]) => `| ${key} | ${value} | ${targets[key] ?? ''} |`);
    const table = ['| key | measured | target |', '|---|---|---|', ...rows].join('\n');
    process.stdout.write(`${table}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  // What this run wrote to the Redis server goes with it.
  for (const storeUrl of redisStores) {
    const store = await openStore(storeUrl).catch(() => undefined);
    if (!store) continue;
    for (const ns of NAMESPACES) await store.keyv(ns).clear();
    await store.close();
  }
}

/** The newest day, as `/papers today` asks for it. */
function syntheticDay(papers: ReadonlyArray<{ dailyDate: string }>): string {
  return papers[papers.length - 1]?.dailyDate ?? '2019-01-01';
}

/** Runs a TypeScript entry point in a fresh Node process; throws with its stderr on failure. */
function runChild(args: string[]): { stdout: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed:\n${child.stderr}`);
  return { stdout: child.stdout };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARXIV_FIXTURES, HF_FIXTURES, paperAt, readHfFixture } from '../sources/readFixture.ts';
import { send, type TestHandler, useTestServer } from '../sources/startTestServer.ts';
import { tempDir } from '../support/backends.ts';
import { type CliRun, cliOn, linesOf, spawnCli } from './runCliInProcess.ts';

const fixturePath = (rel: string) => fileURLToPath(new URL(`../fixtures/${rel}`, import.meta.url));
const AUG19 = fixturePath(`hf/${HF_FIXTURES.aug19}`);
const JUL20 = fixturePath(`hf/${HF_FIXTURES.jul20}`);
const ALL_FIXTURES = [
  ...Object.values(HF_FIXTURES).map((name) => fixturePath(`hf/${name}`)),
  ...Object.values(ARXIV_FIXTURES).map(fixturePath),
];

/** The 2026-08-19 fixture as id → upvotes, straight from the captured response. */
const aug19Upvotes = new Map(
  readHfFixture(HF_FIXTURES.aug19).map((item) => {
    const paper = item.paper as { id: string; upvotes: number };
    return [paper.id, paper.upvotes] as const;
  }),
);

interface Row {
  id: string;
  title: string;
  score: number;
  [key: string]: unknown;
}

/** stdout of a `--json` command: a JSON array whose every item has at least id, title and score. */
function rowsOf(run: CliRun): Row[] {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  const value: unknown = JSON.parse(run.stdout);
  if (!Array.isArray(value)) throw new Error(`expected a JSON array, got: ${run.stdout.slice(0, 200)}`);
  for (const row of value) {
    expect(row).toMatchObject({ id: expect.any(String), title: expect.any(String), score: expect.any(Number) });
  }
  return value as Row[];
}

/** A refusal: exit 2, stdout untouched, one line on stderr (returned for further checks). */
function expectOneLineRefusal(run: CliRun): string {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  const lines = linesOf(run.stderr);
  expect(lines, run.stderr).toHaveLength(1);
  return lines[0] ?? '';
}

describe('import every fixture, then read the store', () => {
  const db = join(tempDir(), 'store.sqlite');
  const cli = cliOn(db);
  const imports: Array<{ file: string; run: CliRun }> = [];

  beforeAll(async () => {
    for (const file of ALL_FIXTURES) imports.push({ file, run: await cli('import', file) });
  });

  it('imports each captured Daily Papers response and arXiv feed on its own', () => {
    expect(imports).toHaveLength(6);
    for (const { file, run } of imports) {
      expect(run.code, `${file}: ${run.stderr}`).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^imported 1 file: \d+ papers \(\d+ new, 0 updated, 0 unchanged\)\n$/);
    }
    const aug19 = imports.find((i) => i.file === AUG19);
    expect(aug19?.run.stdout).toContain('26 papers (26 new');
  });

  it('importing the same file again changes nothing, and says so in --json', async () => {
    const run = await cli('import', AUG19, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ files: 1, received: 26, added: 0, updated: 0, unchanged: 26 });
  });

  it('today --date 2026-08-19 --json lists the 26 papers of that day, most upvoted first', async () => {
    const rows = rowsOf(await cli('today', '--date', '2026-08-19', '--json'));
    expect(rows).toHaveLength(26);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(aug19Upvotes.keys()));
    for (const row of rows) {
      expect(row.upvotes).toBe(aug19Upvotes.get(row.id));
      expect(row.day).toBe('2026-08-19');
    }
    const upvotes = rows.map((r) => Number(r.upvotes));
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    expect(rows[0]?.id).toBe('2608.17271');
  });

  it('a saved 2024 Daily Papers file lands on its own day (the 2024 schema has no submittedOnDailyAt)', async () => {
    const rows = rowsOf(await cli('today', '--date', '2024-10-25', '--json'));
    expect(rows).toHaveLength(25);
  });

  it('--limit 5 gives the first five of the same list', async () => {
    const all = rowsOf(await cli('today', '--date', '2026-08-19', '--json'));
    const five = rowsOf(await cli('today', '--date', '2026-08-19', '--json', '--limit', '5'));
    expect(five).toEqual(all.slice(0, 5));
  });

  it('today without --json prints a headed, numbered list', async () => {
    const run = await cli('today', '--date', '2026-08-19', '--limit', '3');
    expect(run.code).toBe(0);
    const lines = linesOf(run.stdout);
    expect(lines[0]).toBe('2026-08-19: 26 papers, the best 3 shown');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1\. +▲ 38 +2608\.17271 +ASI-Bench/);
  });

  it('an empty day says there are no papers and names the latest day that has some', async () => {
    const run = await cli('today', '--date', '2026-08-22');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/no papers on 2026-08-22/i);
    expect(run.stdout).toContain('2026-08-19');
    expect(rowsOf(await cli('today', '--date', '2026-08-22', '--json'))).toEqual([]);
  });

  it('an empty store says so, and an unsupported --db URL is refused in one line', async () => {
    const fresh = await cliOn(join(tempDir(), 'empty.sqlite'))('today', '--date', '2026-08-22');
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/no papers yet/);
    const line = expectOneLineRefusal(await cliOn('mongodb://127.0.0.1:27017')('today'));
    expect(line).toMatch(/STORE_URL/);
  });

  it('a store path that cannot be opened is refused in one line saying why, not as an unexpected error', async () => {
    // A file where the store's directory should be (a permission problem does not stop root, who runs CI).
    const dir = tempDir();
    writeFileSync(join(dir, 'data'), 'not a directory');
    const line = expectOneLineRefusal(await cliOn(join(dir, 'data', 'store.sqlite'))('today'));
    expect(line).toContain(`cannot open the store sqlite://${join(dir, 'data', 'store.sqlite')}`);
    expect(line).toMatch(/a part of its path is a file.*STORE_URL/);
    expect(line).not.toMatch(/unexpected|ENOTDIR|at /);
  });

  it('today with no --date means the clock’s day (2026-08-20, empty here)', async () => {
    const run = await cli('today');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/no papers on 2026-08-20/i);
  });

  it('topic reinforcement-learning --json finds papers, all about RL', async () => {
    const rows = rowsOf(await cli('topic', 'reinforcement-learning', '--json'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(10);
    const scores = rows.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const row of rows) {
      const [paper] = rowsOf(await cli('show', row.id, '--json'));
      const text = [paper?.title, paper?.abstract, ...((paper?.keywords as string[] | undefined) ?? [])].join(' ');
      expect(text, row.id).toMatch(/reinforcement|polic(y|ies)|reward|\bRL/i);
    }
  });

  it('topic without --json prints ranked lines; an unknown slug points to related topics', async () => {
    const run = await cli('topic', 'reinforcement-learning', '--limit', '3');
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toHaveLength(3);
    expect(linesOf(run.stdout)[0]).toMatch(/^1\. +\d+\.\d\d +\d{4}\.\d{4,5} +\S/);
    const none = await cli('topic', 'underwater-basket-weaving');
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^No papers on "underwater-basket-weaving"\./);
  });

  it('search finds papers by free text, in --json and as lines', async () => {
    const rows = rowsOf(await cli('search', 'superintelligence', 'benchmark', '--json'));
    expect(rows.map((r) => r.id)).toContain('2608.17271');
    const run = await cli('search', 'superintelligence', 'benchmark');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2608.17271');
    const none = await cli('search', 'qqqzzzxxyy');
    expect(none).toEqual({ code: 0, stdout: 'No papers match "qqqzzzxxyy".\n', stderr: '' });
  });

  it('show accepts a versioned arXiv URL and a Hugging Face URL and prints the paper', async () => {
    const run = await cli('show', 'https://arxiv.org/abs/2608.17271v2');
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)[0]).toBe('ASI-Bench: At the Dawn of Artificial Superintelligence');
    expect(run.stdout).toContain('https://huggingface.co/papers/2608.17271');
    const rows = rowsOf(await cli('show', 'https://huggingface.co/papers/2608.17271', '--json'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: '2608.17271', score: 38, upvotes: 38 });
    expect(rows[0]?.title).toBe('ASI-Bench: At the Dawn of Artificial Superintelligence');
  });

  it('topics lists topics with counts, most papers first', async () => {
    const rows = rowsOf(await cli('topics', '--json'));
    expect(rows.map((r) => r.id)).toContain('reinforcement-learning');
    const counts = rows.map((r) => r.score);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const rl = rows.find((r) => r.id === 'reinforcement-learning');
    expect(rl?.score).toBeGreaterThan(0);
    const run = await cli('topics', '--limit', '2');
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toHaveLength(2);
    expect(linesOf(run.stdout)[0]).toContain(rows[0]?.id ?? '?');
  });

  it.each([
    ['an unknown command', ['bogus'], /unknown command "bogus"/],
    ['an unknown flag', ['today', '--bogus'], /--bogus/],
    ['a missing argument', ['topic'], /topic: missing argument/],
    ['an impossible date', ['today', '--date', '2026-02-30'], /--date: "2026-02-30"/],
    ['a word for a date', ['today', '--date', 'tomorrow'], /--date: "tomorrow"/],
    ['--limit 0', ['today', '--limit', '0'], /--limit: "0"/],
    ['--limit abc', ['today', '--limit', 'abc'], /--limit: "abc"/],
    ['a one-letter search', ['search', 'x'], /search: .*2 to 200 characters/],
    ['show with no id', ['show', 'not-an-id'], /show: "not-an-id" is not an arXiv id/],
    ['show with an unknown id', ['show', '2608.99999'], /show: paper 2608\.99999 is not in the store/],
    ['--from after --to', ['ingest', '--from', '2026-08-20', '--to', '2026-08-10'], /--from 2026-08-20 is after --to/],
    ['a future day to ingest', ['ingest', '--to', '2026-08-25'], /2026-08-25: a future day/],
    ['--date on another command', ['topics', '--date', '2026-08-19'], /--date only goes with today/],
  ])('refuses %s with exit 2 and one line', async (_name, argv, message) => {
    const line = expectOneLineRefusal(await cli(...argv));
    expect(line).toMatch(/^paperboy: /);
    expect(line).toMatch(message);
  });
});

describe('import refuses a bad file and leaves the store as it was', () => {
  const dir = tempDir();
  const db = join(dir, 'store.sqlite');
  const cli = cliOn(db);
  const snapshot = async () => ({
    aug19: (await cli('today', '--date', '2026-08-19', '--json')).stdout,
    jul20: (await cli('today', '--date', '2026-07-20', '--json')).stdout,
    topics: (await cli('topics', '--json')).stdout,
  });
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    expect((await cli('import', AUG19)).code).toBe(0);
    before = await snapshot();
    expect(JSON.parse(before.aug19)).toHaveLength(26);
    expect(JSON.parse(before.jul20)).toEqual([]);
  });

  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  // Broken, huge and hostile files (truncated JSON and XML, 100 MB, deep nesting, entity
  // expansion, external entities) are swept in test/faults/badFiles.test.ts.
  const cases: Array<[string, () => string]> = [
    [
      'an HTML page',
      () => write('page.json', '<!DOCTYPE html>\n<html><head><title>Oops</title></head><body>502</body></html>\n'),
    ],
    [
      'an item missing its title (simple format)',
      () =>
        write(
          'no-title.json',
          JSON.stringify([
            { id: '2608.00001', title: 'A fine paper', abstract: 'Fine.' },
            { id: '2608.00002', abstract: 'No title here.' },
          ]),
        ),
    ],
    [
      'a directory',
      () => {
        const path = join(dir, 'a-directory.json');
        mkdirSync(path, { recursive: true });
        return path;
      },
    ],
    ['a missing path', () => join(dir, 'does-not-exist.json')],
  ];

  it.each(cases)('%s: exit 2, one line naming the file, nothing written', async (_name, makeFile) => {
    const file = makeFile();
    const line = expectOneLineRefusal(await cli('import', file));
    expect(line).toContain(file);
    expect(await snapshot()).toEqual(before);
  });

  it('a good file together with a bad one imports nothing', async () => {
    const bad = write('bad-partner.json', '[{"id": "2608.00003"');
    const line = expectOneLineRefusal(await cli('import', JUL20, bad));
    expect(line).toContain(bad);
    expect(line).not.toContain(JUL20);
    expect(await snapshot()).toEqual(before);
  });
});

describe('ingest against a local Daily Papers server', () => {
  const serve = useTestServer();
  const aug19Body = readFileSync(AUG19, 'utf8');
  const envFor = (baseUrl: string) => ({ HF_API_URL: baseUrl, HTTP_RETRIES: '1', HTTP_TIMEOUT_MS: '2000' });

  /** Answers each day's first page with `bodies[day]` (status 200 unless given), anything else with 404. */
  const byDay =
    (bodies: Record<string, string | { status: number; body: string; type?: string }>): TestHandler =>
    (_req, res, received) => {
      const answer = received.query.get('p') === '0' ? bodies[received.query.get('date') ?? ''] : undefined;
      if (answer === undefined) send(res, 404, '{"error":"not found"}');
      else if (typeof answer === 'string') send(res, 200, answer);
      else send(res, answer.status, answer.body, { 'content-type': answer.type ?? 'application/json' });
    };

  it('stores a day, reports an empty one, and a second run finds nothing new', async () => {
    const server = await serve(byDay({ '2026-08-19': aug19Body, '2026-08-18': '[]' }));
    const cli = cliOn(join(tempDir(), 'store.sqlite'), envFor(server.baseUrl));

    const first = await cli('ingest', '--from', '2026-08-18', '--to', '2026-08-19');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/\b26 new\b/);
    expect(first.stdout).toMatch(/no papers on 2026-08-18/);
    expect(server.requests.map((r) => [r.path, r.query.get('date'), r.query.get('p')])).toEqual([
      ['/api/daily_papers', '2026-08-18', '0'],
      ['/api/daily_papers', '2026-08-19', '0'],
    ]);
    expect(Number(server.requests[0]?.query.get('limit'))).toBeGreaterThan(26);
    expect(rowsOf(await cli('today', '--date', '2026-08-19', '--json'))).toHaveLength(26);

    const again = await cli('ingest', '--from', '2026-08-18', '--to', '2026-08-19', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      days: 2,
      fetched: 26,
      added: 0,
      updated: 0,
      unchanged: 26,
      failed: [],
      empty: ['2026-08-18'],
    });
  });

  it('without --from/--to, refreshes the clock’s day and the two before it', async () => {
    const server = await serve(byDay({ '2026-08-18': '[]', '2026-08-19': aug19Body, '2026-08-20': '[]' }));
    const cli = cliOn(join(tempDir(), 'store.sqlite'), envFor(server.baseUrl));
    const run = await cli('ingest', '--json');
    expect(run.code).toBe(0);
    expect(server.requests.map((r) => r.query.get('date'))).toEqual(['2026-08-18', '2026-08-19', '2026-08-20']);
    expect(JSON.parse(run.stdout)).toMatchObject({ days: 3, added: 26, empty: ['2026-08-18', '2026-08-20'] });
  });

  it('a paper whose upvotes changed is counted as updated and moves up the day', async () => {
    const items = readHfFixture(HF_FIXTURES.aug19);
    const last = paperAt(items, items.length - 1);
    let body = aug19Body;
    const server = await serve((_req, res) => send(res, 200, body));
    const cli = cliOn(join(tempDir(), 'store.sqlite'), envFor(server.baseUrl));
    expect((await cli('ingest', '--to', '2026-08-19')).code).toBe(0);
    expect(rowsOf(await cli('today', '--date', '2026-08-19', '--json', '--limit', '1'))[0]?.id).not.toBe(last.id);

    last.upvotes = 1000;
    body = JSON.stringify(items);
    const run = await cli('ingest', '--to', '2026-08-19', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ days: 1, added: 0, updated: 1, unchanged: 25 });
    const [top] = rowsOf(await cli('today', '--date', '2026-08-19', '--json', '--limit', '1'));
    expect(top).toMatchObject({ id: last.id, upvotes: 1000 });
  });

  it('--json reports 26 added on a fresh store', async () => {
    const server = await serve(byDay({ '2026-08-19': aug19Body, '2026-08-18': '[]' }));
    const cli = cliOn(join(tempDir(), 'store.sqlite'), envFor(server.baseUrl));
    const run = await cli('ingest', '--from', '2026-08-18', '--to', '2026-08-19', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      days: 2,
      fetched: 26,
      added: 26,
      failed: [],
      empty: ['2026-08-18'],
    });
  });

  it('a day answering 500 fails the run (exit 1) but the good day is stored', async () => {
    const server = await serve(
      byDay({ '2026-08-18': { status: 500, body: '{"error":"internal"}' }, '2026-08-19': aug19Body }),
    );
    const cli = cliOn(join(tempDir(), 'store.sqlite'), envFor(server.baseUrl));
    const run = await cli('ingest', '--from', '2026-08-18', '--to', '2026-08-19');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\b26 new\b/);
    expect(run.stdout).toMatch(/failed 2026-08-18: .*500/);
    expect(run.stdout).not.toMatch(/failed 2026-08-19/);
    // HTTP_RETRIES=1: the failing day was asked twice, the good one once.
    expect(server.requests.filter((r) => r.query.get('date') === '2026-08-18')).toHaveLength(2);
    expect(rowsOf(await cli('today', '--date', '2026-08-19', '--json'))).toHaveLength(26);
    expect(rowsOf(await cli('today', '--date', '2026-08-18', '--json'))).toEqual([]);
  });

  it('a day answering an HTML page fails and keeps what the store had for it', async () => {
    const db = join(tempDir(), 'store.sqlite');
    expect((await cliOn(db)('import', AUG19)).code).toBe(0);
    const html = { status: 200, body: '<!DOCTYPE html><html><body>Maintenance</body></html>', type: 'text/html' };
    const server = await serve(byDay({ '2026-08-18': '[]', '2026-08-19': html }));
    const cli = cliOn(db, envFor(server.baseUrl));
    const before = (await cli('today', '--date', '2026-08-19', '--json')).stdout;

    const run = await cli('ingest', '--from', '2026-08-18', '--to', '2026-08-19', '--json');
    expect(run.code).toBe(1);
    const report: unknown = JSON.parse(run.stdout);
    expect(report).toMatchObject({ days: 2, added: 0, updated: 0, empty: ['2026-08-18'] });
    expect(report).toMatchObject({ failed: [{ day: '2026-08-19', reason: expect.any(String) }] });
    expect((await cli('today', '--date', '2026-08-19', '--json')).stdout).toBe(before);
  });
});

describe('the real process', () => {
  it('today --json prints only JSON and exits 0; an unknown command exits 2 with one line', async () => {
    const db = join(tempDir(), 'store.sqlite');
    expect((await cliOn(db)('import', AUG19)).code).toBe(0);

    const [today, bogus] = await Promise.all([
      spawnCli(['today', '--date', '2026-08-19', '--json', '--db', db]),
      spawnCli(['bogus']),
    ]);
    expect(today.code, today.stderr).toBe(0);
    expect(today.stderr).toBe('');
    const rows: unknown = JSON.parse(today.stdout);
    expect(Array.isArray(rows) && rows.length).toBe(26);

    expect(bogus.code).toBe(2);
    expect(bogus.stdout).toBe('');
    expect(linesOf(bogus.stderr)).toHaveLength(1);
    expect(bogus.stderr).toMatch(/^paperboy: unknown command "bogus"/);
  });
});

import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPaperCatalog } from '../../src/app/openPaperCatalog.ts';
import { createSilentLogger } from '../../src/logging/createLogger.ts';
import { NAMESPACES, openStore } from '../../src/store/openStore.ts';
import { cliOn, FIXED_NOW, linesOf } from '../cli/runCliInProcess.ts';
import { ARXIV_FIXTURES, HF_FIXTURES } from '../sources/readFixture.ts';
import { tempDir } from '../support/backends.ts';

/**
 * Issue 8, files: `import` fed files that are broken, huge, or hostile. Each is refused with one
 * line on stderr and exit code 2, quickly, without a stack trace, and the store is exactly as
 * it was; nothing of /etc/passwd ever comes out.
 */

const MB = 1024 * 1024;
const fixture = (rel: string) => fileURLToPath(new URL(`../fixtures/${rel}`, import.meta.url));
const AUG19 = fixture(`hf/${HF_FIXTURES.aug19}`);
const ARXIV = fixture(Object.values(ARXIV_FIXTURES)[0] as string);

const dir = tempDir();
const db = join(dir, 'store.sqlite');
const cli = cliOn(db);

/** Every record of every namespace, and the paper count the catalog reports. */
async function storeState(): Promise<{ papers: number; records: Record<string, string> }> {
  const { store, catalog } = await openPaperCatalog(`sqlite://${db}`, FIXED_NOW, createSilentLogger(), {
    warm: false,
  });
  const papers = catalog.stats().papers;
  await store.close();
  const raw = await openStore(`sqlite://${db}`);
  const records: Record<string, string> = {};
  try {
    for (const ns of NAMESPACES)
      for await (const [key, value] of raw.keyv(ns).iterator?.(undefined) ?? [])
        records[`${ns}:${String(key)}`] = JSON.stringify(value);
  } finally {
    await raw.close();
  }
  return { papers, records };
}

/** Writes a file piece by piece, so a 100 MB one never sits in this process's memory whole. */
function writeInParts(name: string, parts: Iterable<string>): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    for (const part of parts) writeSync(fd, part);
  } finally {
    closeSync(fd);
  }
  return path;
}
const write = (name: string, text: string) => writeInParts(name, [text]);

/** A JSON array of plausible papers, about `bytes` long, cut off before its end. */
function* truncatedPaperArray(bytes: number): Generator<string> {
  yield '[';
  let written = 1;
  for (let i = 0; written < bytes; i++) {
    const item = `${JSON.stringify({ id: `2609.${String(i % 99_999).padStart(5, '0')}`, title: `Paper ${i}`, abstract: 'An abstract. '.repeat(80) })},`;
    written += item.length;
    yield item;
  }
  yield '{"id": "2609.00001", "title": "cut of';
}

/** One paper whose title is a single string of `bytes` characters: valid JSON, absurd content. */
function* hugeTitle(bytes: number): Generator<string> {
  yield '[{"id": "2609.00001", "abstract": "x", "title": "';
  const chunk = 'a'.repeat(MB);
  for (let i = 0; i < bytes / MB; i++) yield chunk;
  yield '"}]';
}

const ATOM_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ATOM_ENTRY = (title: string) =>
  `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2609.00001v1</id>` +
  `<title>${title}</title><summary>x</summary><published>2026-09-01T00:00:00Z</published></entry></feed>\n`;
/** The classic: ten entities, each ten of the one before, a billion "lol"s from under 1 kB. */
const BILLION_LAUGHS = `${ATOM_HEAD}<!DOCTYPE feed [\n<!ENTITY lol0 "lol">\n${Array.from(
  { length: 9 },
  (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
).join('\n')}\n]>\n${ATOM_ENTRY('&lol9;')}`;

/** A bad file: how to make it, what its one-line refusal says, and how long it may take. */
interface Case {
  name: string;
  make: () => string;
  /** What the one line says (besides the file's name). */
  says: RegExp;
}

const CASES: Case[] = [
  {
    name: 'truncated JSON',
    make: () => {
      const text = readFileSync(AUG19, 'utf8');
      return write('truncated.json', text.slice(0, Math.floor(text.length / 2)));
    },
    says: /truncated or malformed JSON/,
  },
  {
    name: 'truncated Atom XML',
    make: () => {
      const text = readFileSync(ARXIV, 'utf8');
      return write('truncated.xml', text.slice(0, Math.floor(text.length / 2)));
    },
    says: /malformed XML/,
  },
  {
    name: 'a 100 MB JSON array of papers, cut off at the end',
    make: () => writeInParts('huge-truncated.json', truncatedPaperArray(100 * MB)),
    says: /truncated or malformed JSON/,
  },
  {
    name: 'a 100 MB title (one string, valid JSON)',
    make: () => writeInParts('huge-title.json', hugeTitle(100 * MB)),
    says: /item 0: title: .*1000/,
  },
  {
    name: 'a file over the 200 MB limit (refused before reading)',
    make: () => {
      const path = join(dir, 'over-limit.json');
      const fd = openSync(path, 'w');
      ftruncateSync(fd, 201 * MB); // sparse: no disk, no time
      closeSync(fd);
      return path;
    },
    says: /201 MB is larger than the 200 MB limit/,
  },
  {
    name: 'a device with no end (/dev/zero reports no size)',
    make: () => '/dev/zero',
    says: /more than the 200 MB limit/,
  },
  {
    name: 'JSON arrays nested 10,000 levels',
    make: () => write('deep-arrays.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    says: /nested more than 64 levels/,
  },
  {
    name: 'JSON objects nested 10,000 levels',
    make: () => write('deep-objects.json', `[${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}]`),
    says: /nested more than 64 levels/,
  },
  {
    name: 'XML entity expansion ("billion laughs", internal DTD entities)',
    make: () => write('billion-laughs.xml', BILLION_LAUGHS),
    says: /DOCTYPE/,
  },
  {
    name: 'XML external entity (file:///etc/passwd)',
    make: () =>
      write('xxe.xml', `${ATOM_HEAD}<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${ATOM_ENTRY('&x;')}`),
    says: /DOCTYPE/,
  },
  {
    name: 'XML external parameter entity, lower-case doctype',
    make: () =>
      write(
        'xxe-param.xml',
        `${ATOM_HEAD}<!doctype feed [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n${ATOM_ENTRY('x')}`,
      ),
    says: /DOCTYPE/,
  },
  {
    name: 'XML nested 10,000 levels',
    make: () => write('deep.xml', `${ATOM_HEAD}<feed>${'<a>'.repeat(10_000)}x${'</a>'.repeat(10_000)}</feed>\n`),
    says: /nested|not an Atom feed|malformed XML/,
  },
];

/** A line of /etc/passwd that must never show up anywhere (every Linux has root's). */
const PASSWD = /root:[^:\n]*:0:0:/;

describe('import refuses broken, huge and hostile files, changing nothing', () => {
  let before: Awaited<ReturnType<typeof storeState>>;

  beforeAll(async () => {
    expect((await cli('import', AUG19)).code).toBe(0);
    before = await storeState();
    expect(before.papers).toBeGreaterThan(0);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const file = c.make();
    const peakBefore = process.resourceUsage().maxRSS;
    // No time limit here (tests assert behaviour, not speed); a file read without end would
    // still fail, at the test's timeout.
    const run = await cli('import', file);
    const peakGrowthMb = (process.resourceUsage().maxRSS - peakBefore) / 1024;

    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    const lines = linesOf(run.stderr);
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^paperboy: /);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(c.says);
    expect(lines[0]?.length).toBeLessThanOrEqual(300);
    expect(run.stderr).not.toMatch(/\n\s+at |Error:|node_modules/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(PASSWD);
    // Reading and refusing a 100 MB file costs about its size twice over (bytes, then text), not more.
    expect(peakGrowthMb, `peak memory grew by ${Math.round(peakGrowthMb)} MB`).toBeLessThan(800);

    const after = await storeState();
    expect(after.papers).toBe(before.papers);
    expect(after.records).toEqual(before.records);
    expect(JSON.stringify(after.records)).not.toMatch(PASSWD);
  });

  it('a good file next to a hostile one imports neither', async () => {
    const bomb = write('bomb-partner.xml', BILLION_LAUGHS);
    const run = await cli('import', ARXIV, bomb);
    expect(run.code).toBe(2);
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect((await storeState()).records).toEqual(before.records);
  });
});

describe('the limits are not in the way of real files', () => {
  it('a paper at the length limits imports', async () => {
    const file = write(
      'long-but-fine.json',
      JSON.stringify([{ id: '2609.00002', title: 't'.repeat(1000), abstract: 'a'.repeat(20_000) }]),
    );
    const run = await cli('import', file);
    expect(run.code, run.stderr).toBe(0);
  });

  it('a title one character over the limit is refused, naming the item and the limit', async () => {
    const file = write(
      'title-over.json',
      JSON.stringify([{ id: '2609.00003', title: 't'.repeat(1001), abstract: 'a' }]),
    );
    const run = await cli('import', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/item 0: title: .*1000/);
  });
});

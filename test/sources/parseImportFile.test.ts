import { describe, expect, it } from 'vitest';
import { checkJsonDepth } from '../../src/sources/checkJsonDepth.ts';
import { parseImportFile } from '../../src/sources/parseImportFile.ts';
import { SourceFormatError } from '../../src/sources/SourceError.ts';
import { ARXIV_FIXTURES, HF_FIXTURES, itemAt, paperAt, readFixture, readHfFixture } from './readFixture.ts';

const simple = [
  {
    id: '2401.00001',
    title: 'First\n  paper',
    abstract: 'One.',
    authors: ['A', ' '],
    upvotes: 3,
    keywords: ['rl'],
    dailyDate: '2024-01-02',
  },
  { id: 'https://arxiv.org/abs/2401.00002v2', title: 'Second', abstract: 'Two.', publishedAt: '2024-01-01T10:00:00Z' },
  { id: 'cond-mat/0102536v1', title: 'Third', abstract: '', extra: 'ignored' },
];

function failure(run: () => unknown): SourceFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof SourceFormatError) return error;
    throw error;
  }
  throw new Error('expected a SourceFormatError');
}

describe('parseImportFile detects the format', () => {
  it.each([
    [HF_FIXTURES.latest, 30],
    [HF_FIXTURES.aug19, 26],
    [HF_FIXTURES.jul20, 18],
    [HF_FIXTURES.oct2024, 25],
  ])('a saved Daily Papers response %s is hf with %i papers', (name, count) => {
    const result = parseImportFile(name, readFixture(`hf/${name}`));
    expect(result.format).toBe('hf');
    expect(result.papers).toHaveLength(count);
    expect(result.skipped).toEqual([]);
  });

  it.each([
    [ARXIV_FIXTURES.current, 5],
    [ARXIV_FIXTURES.old, 1],
  ])('an arXiv feed %s is arxiv with %i papers', (name, count) => {
    const result = parseImportFile(name, readFixture(name));
    expect(result.format).toBe('arxiv');
    expect(result.papers).toHaveLength(count);
  });

  it('a plain list is simple: ids normalized, text collapsed, source import', () => {
    const result = parseImportFile('mine.json', `\uFEFF${JSON.stringify(simple)}`);
    expect(result.format).toBe('simple');
    expect(result.skipped).toEqual([]);
    expect(result.papers).toEqual([
      {
        id: '2401.00001',
        title: 'First paper',
        abstract: 'One.',
        authors: ['A'],
        dailyDate: '2024-01-02',
        upvotes: 3,
        keywords: ['rl'],
        categories: [],
        source: 'import',
      },
      {
        id: '2401.00002',
        title: 'Second',
        abstract: 'Two.',
        authors: [],
        publishedAt: '2024-01-01T10:00:00.000Z',
        keywords: [],
        categories: [],
        source: 'import',
      },
      {
        id: 'cond-mat/0102536',
        title: 'Third',
        abstract: '',
        authors: [],
        keywords: [],
        categories: [],
        source: 'import',
      },
    ]);
  });

  it('an empty array is a valid, empty file', () => {
    expect(parseImportFile('empty.json', ' [] ')).toEqual({ format: 'simple', papers: [], skipped: [] });
  });

  it('keeps a repeated id once and says so', () => {
    const result = parseImportFile(
      'twice.json',
      JSON.stringify([simple[0], { ...simple[0], id: '2401.00001v2', title: 'Again' }]),
    );
    expect(result.papers.map((p) => p.title)).toEqual(['First paper']);
    expect(result.skipped).toEqual([{ id: '2401.00001', reason: 'repeated id, first kept' }]);
  });
});

describe('parseImportFile is all or nothing', () => {
  it.each([
    ['a missing title', (items: Record<string, unknown>[]) => delete items[2]?.title, 'item 2: missing title'],
    [
      'a bad id',
      (items: Record<string, unknown>[]) => {
        itemAt(items, 1).id = 'paper one';
      },
      'item 1: id is not an arXiv id: "paper one"',
    ],
    [
      'a bad day',
      (items: Record<string, unknown>[]) => {
        itemAt(items, 0).dailyDate = '2024-02-30';
      },
      'item 0: dailyDate: not a real calendar date',
    ],
    [
      'fractional upvotes',
      (items: Record<string, unknown>[]) => {
        itemAt(items, 0).upvotes = 1.5;
      },
      /^item 0: upvotes: /,
    ],
    [
      'authors as a string',
      (items: Record<string, unknown>[]) => {
        itemAt(items, 0).authors = 'A, B';
      },
      /^item 0: authors: /,
    ],
  ])('a simple file with %s fails whole, naming the item', (_what, spoil, message) => {
    const items: Record<string, unknown>[] = simple.map((item) => ({ ...item }));
    spoil(items);
    const error = failure(() => parseImportFile('mine.json', JSON.stringify(items)));
    expect(error.message).toMatch(message);
    expect(error.source).toBe('mine.json');
  });

  it('a Daily Papers file with one item missing its title fails whole', () => {
    const items = readHfFixture(HF_FIXTURES.aug19);
    delete paperAt(items, 3).title;
    expect(failure(() => parseImportFile('day.json', JSON.stringify(items))).message).toBe(
      'item 3: missing paper.title',
    );
  });

  it('an arXiv file with one entry missing its title fails whole', () => {
    const xml = readFixture(ARXIV_FIXTURES.current).replace('<title>Adjusted Cup-Product Neural Layer</title>', '');
    expect(failure(() => parseImportFile('feed.xml', xml)).message).toBe('item 2: missing title');
  });

  it('a simple item after a Daily Papers item fails as not a Daily Papers item', () => {
    const items = [...readHfFixture(HF_FIXTURES.jul20).slice(0, 1), simple[0]];
    expect(failure(() => parseImportFile('mixed.json', JSON.stringify(items))).message).toBe('item 1: missing paper');
  });

  it.each([
    ['an object', '{"papers": []}', 'expected an array of papers, got an object'],
    ['truncated JSON', JSON.stringify(simple).slice(0, 40), 'truncated or malformed JSON'],
    ['an array of numbers', '[1, 2]', 'expected an array of papers, item 0 is not an object'],
    ['malformed XML', '<feed><entry></feed>', /^malformed XML/],
    ['an HTML page', '<html><body>hi</body></html>', 'not an Atom feed'],
  ])('rejects %s', (_what, text, message) => {
    expect(failure(() => parseImportFile('x', text)).message).toMatch(message);
  });
});

describe('JSON nesting depth', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('rejects a file nested more than 64 levels before parsing it', () => {
    expect(failure(() => parseImportFile('deep.json', nested(65))).message).toBe(
      'JSON nested more than 64 levels deep',
    );
    expect(failure(() => parseImportFile('deep.json', nested(100_000))).message).toBe(
      'JSON nested more than 64 levels deep',
    );
  });

  it('lets 64 levels through to the shape checks', () => {
    expect(failure(() => parseImportFile('deep.json', nested(64))).message).toBe(
      'expected an array of papers, item 0 is not an object',
    );
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(() => checkJsonDepth(JSON.stringify({ title: `\\"${'['.repeat(200)}` }))).not.toThrow();
    const item = { ...simple[0], title: `[[[[ "quoted" ${'{'.repeat(100)}` };
    expect(parseImportFile('brackets.json', JSON.stringify([item])).papers).toHaveLength(1);
  });
});

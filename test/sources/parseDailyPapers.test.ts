import { describe, expect, it } from 'vitest';
import { paperSchema, paperSource } from '../../src/papers/paper.ts';
import { parseDailyPapers, parseDailyPapersText } from '../../src/sources/hf/parseDailyPapers.ts';
import { SourceFormatError } from '../../src/sources/SourceError.ts';
import { HF_FIXTURES, readFixture, readHfFixture } from './readFixture.ts';

const paperInput = paperSchema
  .omit({ firstSeenAt: true, updatedAt: true, links: true, sources: true })
  .extend({ source: paperSource });

interface RawPaper {
  id: string;
  ai_keywords?: string[];
  githubRepo?: string;
}

function rawPapers(name: string): RawPaper[] {
  return readHfFixture(name).map((item) => item.paper as RawPaper);
}

describe('parseDailyPapers on the captured responses', () => {
  it.each([
    [HF_FIXTURES.latest, 30, '2026-06-12'],
    [HF_FIXTURES.aug19, 26, '2026-08-19'],
    [HF_FIXTURES.jul20, 18, '2026-07-20'],
    // 2024 has no submittedOnDailyAt: the item's own publishedAt is its Daily Papers time.
    [HF_FIXTURES.oct2024, 25, '2024-10-25'],
  ])('%s gives %i papers, none skipped', (name, count, day) => {
    const { papers, skipped } = parseDailyPapersText(readFixture(`hf/${name}`));
    expect(skipped).toEqual([]);
    expect(papers).toHaveLength(count);
    for (const paper of papers) {
      expect(paperInput.safeParse(paper).success).toBe(true);
      expect(paper.id).toMatch(/^\d{4}\.\d{4,5}$/);
      expect(paper.title).not.toMatch(/[\n\r\t]|\s{2}/);
      expect(paper.abstract).not.toMatch(/\n/);
      expect(paper.source).toBe('hf');
      expect(paper.categories).toEqual([]);
      expect(paper.dailyDate).toBe(day);
      expect(paper.authors.length).toBeGreaterThan(0);
    }
    expect(papers.map((p) => p.id)).toEqual(rawPapers(name).map((p) => p.id));
  });

  it('keeps keywords exactly where ai_keywords exist', () => {
    for (const name of Object.values(HF_FIXTURES)) {
      const { papers } = parseDailyPapersText(readFixture(`hf/${name}`));
      const raw = rawPapers(name);
      papers.forEach((paper, i) => {
        const expected = raw[i]?.ai_keywords;
        if (expected === undefined) expect(paper.keywords).toEqual([]);
        else expect(paper.keywords.length).toBeGreaterThan(0);
      });
    }
    const aug = parseDailyPapersText(readFixture(`hf/${HF_FIXTURES.aug19}`)).papers;
    expect(aug.filter((p) => p.keywords.length > 0)).toHaveLength(25);
    expect(aug.filter((p) => p.aiSummary !== undefined)).toHaveLength(25);
  });

  it('reads the 2024 schema: hard-wrapped titles collapsed, no ai_* or github fields', () => {
    const { papers } = parseDailyPapersText(readFixture(`hf/${HF_FIXTURES.oct2024}`));
    const first = papers[0];
    expect(first?.title).toBe('Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss');
    expect(first?.publishedAt).toBe('2024-10-22T17:59:30.000Z');
    expect(first?.comments).toBe(1);
    expect(first?.thumbnail).toBe('https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.17243.png');
    for (const paper of papers) {
      expect(paper.keywords).toEqual([]);
      expect(paper.aiSummary).toBeUndefined();
      expect(paper.githubRepo).toBeUndefined();
      expect(paper.dailyDate).toBe('2024-10-25');
    }
  });

  it('maps the 2026 fields: github repo and stars together, project page, upvotes, day', () => {
    const { papers } = parseDailyPapersText(readFixture(`hf/${HF_FIXTURES.aug19}`));
    expect(papers[0]).toMatchObject({
      id: '2608.17271',
      upvotes: 38,
      githubRepo: 'https://github.com/apexin-ai/ASI-Bench',
      githubStars: 10,
      projectPage: 'https://asibench.apexin.ai/',
      dailyDate: '2026-08-19',
      publishedAt: '2026-08-18T00:00:00.000Z',
    });
    const withRepo = rawPapers(HF_FIXTURES.aug19).filter((p) => p.githubRepo !== undefined).length;
    expect(papers.filter((p) => p.githubRepo !== undefined)).toHaveLength(withRepo);
    expect(papers.filter((p) => p.githubStars !== undefined)).toHaveLength(withRepo);
  });

  it('keeps the names of authors who hid the paper from their profile', () => {
    const { papers } = parseDailyPapersText(readFixture(`hf/${HF_FIXTURES.latest}`));
    expect(papers.some((p) => p.authors.includes('Dengyang Jiang'))).toBe(true);
  });
});

describe('parseDailyPapers on bodies that are not a day list', () => {
  it.each([
    ['an error object', '{"error":"Invalid date"}', /got an object: "Invalid date"/],
    ['an HTML page', '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>', /malformed JSON \(looks like HTML/],
    ['truncated JSON', readFixture(`hf/${HF_FIXTURES.aug19}`).slice(0, 5000), /truncated or malformed JSON/],
    ['an empty body', '', /truncated or malformed JSON/],
    ['null', 'null', /got null/],
    ['an array of strings', '["2608.17271"]', /item 0 is not an object/],
    ['an array with null', '[{"paper":{}}, null]', /item 1 is not an object/],
  ])('rejects %s whole', (_what, text, message) => {
    expect(() => parseDailyPapersText(text)).toThrow(SourceFormatError);
    expect(() => parseDailyPapersText(text)).toThrow(message);
  });

  it('an empty array is an empty day, not an error', () => {
    expect(parseDailyPapers([])).toEqual({ papers: [], skipped: [] });
  });
});

describe('parseDailyPapers on bad items', () => {
  const items = () => readHfFixture(HF_FIXTURES.aug19).slice(0, 3);
  const paperOf = (item: Record<string, unknown> | undefined) => item?.paper as Record<string, unknown>;

  it('skips an item missing its title, with the reason and id, and keeps the rest', () => {
    const body = items();
    delete paperOf(body[1]).title;
    const { papers, skipped } = parseDailyPapers(body);
    expect(papers.map((p) => p.id)).toEqual(['2608.17271', '2608.17512']);
    expect(skipped).toEqual([{ id: '2608.16157', reason: 'missing paper.title' }]);
  });

  it.each([
    ['no paper object', (body: Record<string, unknown>[]) => delete body[0]?.paper, 'missing paper'],
    ['negative upvotes', (body: Record<string, unknown>[]) => (paperOf(body[0]).upvotes = -2), /^paper\.upvotes: /],
    [
      'a non-arXiv id',
      (body: Record<string, unknown>[]) => (paperOf(body[0]).id = 'not-a-paper'),
      /paper\.id is not an arXiv id/,
    ],
    ['a blank title', (body: Record<string, unknown>[]) => (paperOf(body[0]).title = ' \n '), 'empty paper.title'],
    [
      'an unreadable date',
      (body: Record<string, unknown>[]) => (paperOf(body[0]).publishedAt = 'soon'),
      /publishedAt is not a date/,
    ],
  ])('skips an item with %s', (_what, spoil, reason) => {
    const body = items();
    spoil(body);
    const { papers, skipped } = parseDailyPapers(body);
    expect(papers).toHaveLength(2);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toMatch(reason);
  });

  it('drops malformed optional fields instead of the paper', () => {
    const body = items();
    const paper = paperOf(body[0]);
    paper.githubRepo = 'javascript:alert(1)';
    paper.ai_keywords = 'not a list';
    paper.projectPage = '';
    const item = body[0];
    if (item) item.numComments = 'many';
    const { papers, skipped } = parseDailyPapers(body);
    expect(skipped).toEqual([]);
    const first = papers[0];
    expect(first?.githubRepo).toBeUndefined();
    expect(first?.githubStars).toBeUndefined();
    expect(first?.projectPage).toBeUndefined();
    expect(first?.comments).toBeUndefined();
    expect(first?.keywords).toEqual([]);
  });

  it('normalizes a versioned id and reports it on a skip', () => {
    const body = items();
    paperOf(body[0]).id = '2608.17271v3';
    delete paperOf(body[0]).summary;
    expect(parseDailyPapers(body).skipped).toEqual([{ id: '2608.17271', reason: 'missing paper.summary' }]);
  });
});

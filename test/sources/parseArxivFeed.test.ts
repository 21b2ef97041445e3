import { describe, expect, it } from 'vitest';
import { parseArxivFeed } from '../../src/sources/arxiv/parseArxivFeed.ts';
import { SourceFormatError } from '../../src/sources/SourceError.ts';
import { ARXIV_FIXTURES, readFixture } from './readFixture.ts';

const ATOM = 'xmlns="http://www.w3.org/2005/Atom"';

function feed(entries: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed ${ATOM} xmlns:arxiv="http://arxiv.org/schemas/atom">${entries}</feed>`;
}

function entry(fields: { id?: string; title?: string; extra?: string }): string {
  const id = fields.id === undefined ? '' : `<id>${fields.id}</id>`;
  const title = fields.title === undefined ? '' : `<title>${fields.title}</title>`;
  return `<entry>${id}${title}<summary>An abstract.</summary><published>2026-06-11T17:59:49Z</published><author><name>A. Author</name></author><category term="cs.LG"/>${fields.extra ?? ''}</entry>`;
}

describe('parseArxivFeed on the captured responses', () => {
  it('reads the current format: 5 entries, primary category first', () => {
    const { papers, skipped } = parseArxivFeed(readFixture(ARXIV_FIXTURES.current));
    expect(skipped).toEqual([]);
    expect(papers.map((p) => p.id)).toEqual([
      '2606.13677',
      '2606.13591',
      '2606.13568',
      '2606.13515',
      expect.stringMatching(/^\d{4}\.\d{5}$/),
    ]);
    expect(papers.map((p) => p.categories[0])).toEqual(['cs.RO', 'cs.AI', 'cs.LG', 'cs.CV', expect.any(String)]);
    expect(papers[0]).toMatchObject({
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      authors: ['Zhao-Heng Yin', 'Guanya Shi', 'Pieter Abbeel', 'C. Karen Liu'],
      categories: ['cs.RO', 'cs.AI', 'cs.CV', 'cs.LG'],
      publishedAt: '2026-06-11T17:59:49.000Z',
      keywords: [],
      source: 'arxiv',
    });
    // arXiv knows nothing of Hugging Face upvotes: absent, so a merge keeps the known count.
    expect(papers[0]?.upvotes).toBeUndefined();
    // &lt; in the feed is a literal "<" in the abstract.
    expect(papers[0]?.abstract).toContain('(<1 minute per tool)');
    expect(papers[2]?.categories).toEqual(['cs.LG', 'math-ph']);
    for (const paper of papers) {
      expect(paper.title).not.toMatch(/\n/);
      expect(paper.abstract).not.toMatch(/\n/);
      expect('dailyDate' in paper).toBe(false);
    }
  });

  it('reads the older format: DOI-era entry, namespaces declared per element', () => {
    const { papers, skipped } = parseArxivFeed(readFixture(ARXIV_FIXTURES.old));
    expect(skipped).toEqual([]);
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({
      id: '1601.00001',
      title: 'Inelastic effects in molecular transport junctions: The probe technique at high bias',
      authors: ['Michael Kilgour', 'Dvira Segal'],
      categories: ['cond-mat.mes-hall'],
      publishedAt: '2015-12-26T21:19:45.000Z',
    });
    expect(papers[0]?.abstract).toMatch(/^We extend the Landauer-B\\"uttiker probe/);
    expect(papers[0]?.abstract).toContain('$I$-$V$');
  });
});

describe('parseArxivFeed on odd but valid feeds', () => {
  it('a feed with no entries is an empty result', () => {
    expect(
      parseArxivFeed(
        feed(
          '<title>ArXiv Query</title><opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:totalResults>',
        ),
      ),
    ).toEqual({ papers: [], skipped: [] });
    expect(parseArxivFeed(`<feed ${ATOM}/>`)).toEqual({ papers: [], skipped: [] });
  });

  it('reads old-style ids and decodes numeric references', () => {
    const { papers } = parseArxivFeed(
      feed(entry({ id: 'http://arxiv.org/abs/cond-mat/0102536v1', title: 'It&#39;s &#x263A; &amp; co' })),
    );
    expect(papers[0]?.id).toBe('cond-mat/0102536');
    expect(papers[0]?.title).toBe("It's ☺ & co");
  });

  it('skips an entry missing its title, with the reason, and keeps the others', () => {
    const xml = feed(
      entry({ id: 'http://arxiv.org/abs/2606.00001v1' }) +
        entry({ id: 'http://arxiv.org/abs/2606.00002v2', title: 'Kept' }),
    );
    const { papers, skipped } = parseArxivFeed(xml);
    expect(papers.map((p) => p.id)).toEqual(['2606.00002']);
    expect(skipped).toEqual([{ id: '2606.00001', reason: 'missing title' }]);
  });

  it('takes the title text even when the element carries attributes', () => {
    const { papers } = parseArxivFeed(
      feed(
        entry({ id: 'http://arxiv.org/abs/2606.00003v1', title: 'x' }).replace(
          '<title>x</title>',
          '<title type="text">Typed</title>',
        ),
      ),
    );
    expect(papers[0]?.title).toBe('Typed');
  });
});

describe('parseArxivFeed on responses that are not a feed', () => {
  const errorFeed = feed(
    '<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.1234v5</id><title>Error</title><summary>incorrect id format for 1234.1234v5</summary><author><name>arXiv api core</name></author></entry>',
  );
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><feed ${ATOM}><title>&lol2;</title></feed>`;

  it.each([
    ['an arXiv error feed', errorFeed, 'arXiv API error: incorrect id format for 1234.1234v5'],
    ['a truncated feed', readFixture(ARXIV_FIXTURES.current).slice(0, 4000), /^malformed XML/],
    ['mismatched tags', `<feed ${ATOM}><entry></feed>`, /^malformed XML/],
    ['an HTML error page', '<html><body><h1>503</h1><p>Service unavailable<br></p></body></html>', /^malformed XML/],
    ['well-formed XHTML', '<html><body><p>Rate limited</p></body></html>', 'not an Atom feed'],
    ['JSON', '{"error":"nope"}', /^malformed XML/],
    ['an empty body', '  ', /empty response/],
    ['a DOCTYPE with entities', bomb, 'unexpected DOCTYPE in feed'],
  ])('rejects %s', (_what, xml, message) => {
    expect(() => parseArxivFeed(xml)).toThrow(SourceFormatError);
    expect(() => parseArxivFeed(xml)).toThrow(message);
  });
});

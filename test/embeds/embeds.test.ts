import { describe, expect, it } from 'vitest';
import { formatPaperEmbed } from '../../src/embeds/formatPaperEmbed.ts';
import { formatPaperPage } from '../../src/embeds/formatPaperPage.ts';
import { safeText } from '../../src/embeds/safeText.ts';
import { summarizePaper } from '../../src/embeds/summarizePaper.ts';
import { decodePageToken, encodePageToken } from '../../src/paging/pageToken.ts';
import { mergePaper } from '../../src/papers/mergePaper.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { paperInput } from '../support/paperInputs.ts';

const NOW = new Date('2026-08-19T12:00:00Z');
const paper = (overrides: Parameters<typeof paperInput>[0]): Paper => mergePaper(undefined, paperInput(overrides), NOW);

/** Discord's per-message embed budget: every text field counts. */
function embedChars(e: ReturnType<typeof formatPaperEmbed>): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

const monster = paper({
  id: '2608.00001',
  title: `${'A very long title '.repeat(20)}@everyone <@123456789012345678> <@&987654321098765432>`,
  abstract: 'Sentence number one is here. '.repeat(150),
  authors: Array.from({ length: 42 }, (_, i) => `Author Number ${i}`),
  keywords: Array.from({ length: 30 }, (_, i) => `keyword-${i}`),
});

describe('safeText', () => {
  it.each([
    ['@everyone look', '@\u200beveryone look'],
    [
      'hi <@123> and <@!456> and <@&789> in <#42>',
      'hi <@\u200b123> and <@!\u200b456> and <@&\u200b789> in <#\u200b42>',
    ],
    ['**bold** _it_ `code`', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\`'],
    ['# Big heading', '\\# Big heading'],
    ['- a list item', '\\- a list item'],
    ['> a quote', '\\> a quote'],
    ['see [this](https://evil.example)', 'see \\[this\\](https://evil.example)'],
    ['1. first', '1\\. first'],
  ])('%j → %j', (input, output) => {
    expect(safeText(input, 2000)).toBe(output);
  });

  it('cuts with an ellipsis', () => {
    expect(safeText('abcdefghij', 5)).toBe('abcd…');
  });
});

describe('formatPaperEmbed', () => {
  it('keeps a worst-case paper inside every Discord limit', () => {
    for (const size of ['short', 'full'] as const) {
      const e = formatPaperEmbed(monster, { size });
      expect(e.title?.length).toBeLessThanOrEqual(256);
      expect(e.description?.length).toBeLessThanOrEqual(4096);
      expect(e.fields?.length).toBeLessThanOrEqual(25);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(256);
        expect(f.value.length).toBeLessThanOrEqual(1024);
      }
      expect(e.title).toMatch(/…$/);
    }
    expect(embedChars(formatPaperEmbed(monster, { size: 'short' })) * 5).toBeLessThanOrEqual(6000);
  });

  it('lists the first authors then how many more', () => {
    const authors = formatPaperEmbed(monster, { size: 'short' }).fields?.find((f) => f.name === 'Authors');
    expect(authors?.value).toContain('+38 more');
  });

  it('links the title to the Hugging Face page and shows votes when known', () => {
    const e = formatPaperEmbed(paper({ id: '2608.17271', upvotes: 38 }), { size: 'full', votes: 3 });
    expect(e.url).toBe('https://huggingface.co/papers/2608.17271');
    expect(e.fields?.find((f) => f.name === 'Upvotes')?.value).toBe('▲ 38 on Hugging Face · 3 votes here');
  });

  it('shows the same paper again with its current votes, each size with its own texts', () => {
    const shown = paper({ id: '2608.17272', title: 'Agents <@123456789012345678> plan', upvotes: 5 });
    const first = formatPaperEmbed(shown, { size: 'short', votes: 1 });
    const again = formatPaperEmbed(shown, { size: 'short', votes: 2 });
    const full = formatPaperEmbed(shown, { size: 'full' });
    expect(first.fields?.find((f) => f.name === 'Upvotes')?.value).toBe('▲ 5 on Hugging Face · 1 vote here');
    expect(again.fields?.find((f) => f.name === 'Upvotes')?.value).toBe('▲ 5 on Hugging Face · 2 votes here');
    expect(again.title).toBe(first.title);
    expect(again.title).not.toMatch(/<@\d/);
    // The long card has the whole keyword list and a longer description than the short one.
    const long = paper({
      id: '2608.17273',
      abstract: 'A sentence that goes on. '.repeat(60),
      keywords: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    });
    const shortCard = formatPaperEmbed(long, { size: 'short' });
    const fullCard = formatPaperEmbed(long, { size: 'full' });
    expect(fullCard.description?.length).toBeGreaterThan(shortCard.description?.length ?? 0);
    expect(fullCard.fields?.find((f) => f.name === 'Keywords')?.value).toContain('g');
    expect(shortCard.fields?.find((f) => f.name === 'Keywords')?.value).not.toContain('g');
    expect(full.fields?.find((f) => f.name === 'Upvotes')?.value).toBe('▲ 5 on Hugging Face');
  });
});

describe('summarizePaper', () => {
  it('prefers the AI summary, else the first sentences', () => {
    expect(summarizePaper({ aiSummary: 'One line.', abstract: 'Long.' })).toBe('One line.');
    expect(summarizePaper({ abstract: 'First one. Second one. Third one.' }, 20)).toBe('First one.');
  });
});

describe('page tokens', () => {
  it.each([
    { query: { kind: 'today' as const, day: '2026-08-19' }, page: 3, ownerId: '123456789012345678' },
    { query: { kind: 'topic' as const, slug: 'reinforcement-learning' }, page: 0, ownerId: '1' },
    { query: { kind: 'search' as const, text: 'gaussian: splatting' }, page: 1, ownerId: '42' },
    { query: { kind: 'trending' as const, window: 'week' as const, scope: 'server' as const }, page: 2, ownerId: '42' },
    {
      query: { kind: 'trending' as const, window: 'day' as const, scope: 'everywhere' as const },
      page: 0,
      ownerId: '42',
    },
  ])('round-trips $query.kind $query.scope', (token) => {
    const id = encodePageToken(token);
    expect(id?.length).toBeLessThanOrEqual(100);
    expect(decodePageToken(id as string)).toEqual(token);
  });

  it('has no token for a query too long for a custom_id, and rejects forgeries', () => {
    const owner = '123456789012345678';
    expect(
      encodePageToken({ query: { kind: 'search', text: 'x'.repeat(90) }, page: 0, ownerId: owner }),
    ).toBeUndefined();
    expect(decodePageToken('pg1:t:1:42:not-a-date')).toBeUndefined();
    expect(decodePageToken('something-else')).toBeUndefined();
  });
});

describe('formatPaperPage with worst-case papers', () => {
  it('keeps five long cards with long links within 6,000 characters and never cuts a link in half', () => {
    const long = (i: number) =>
      paper({
        id: `2608.1000${i}`,
        title: `T${i} ${'x'.repeat(300)}`,
        abstract: 'A very long sentence without an end '.repeat(60),
        aiSummary: 'S'.repeat(900),
        authors: Array.from({ length: 42 }, (_, k) => `Author ${k}`),
        keywords: Array.from({ length: 20 }, (_, k) => `keyword ${k}`),
        githubRepo: `https://github.com/${'org'.repeat(30)}/${'repo'.repeat(30)}`,
        projectPage: `https://${'site'.repeat(40)}.example/${'page'.repeat(40)}`,
      });
    const page = formatPaperPage({
      heading: 'Worst case',
      query: { kind: 'today', day: '2026-08-19' },
      papers: [0, 1, 2, 3, 4].map(long),
      page: 0,
      total: 5,
      ownerId: '42',
    });
    expect(page.embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(6000);
    for (const e of page.embeds) {
      const links = e.fields?.find((f) => f.name === 'Links')?.value ?? '';
      expect(links.split('[').length).toBe(links.split('](').length);
      expect(links).toContain('[arXiv](');
    }
  });
});

describe('formatPaperPage', () => {
  const papers = Array.from({ length: 5 }, (_, i) => paper({ id: `2608.0000${i}` }));
  const input = {
    heading: 'Papers for 2026-08-19',
    query: { kind: 'today' as const, day: '2026-08-19' },
    papers,
    total: 12,
    ownerId: '42',
  };

  it('shows the position and pages with buttons that are off at the ends', () => {
    const first = formatPaperPage({ ...input, page: 0 });
    expect(first.content).toBe('**Papers for 2026-08-19** — 1–5 of 12');
    const [prev, next] = first.components[0]?.components ?? [];
    expect(prev?.disabled).toBe(true);
    expect(next?.disabled).toBe(false);
    expect(first.allowedMentions).toEqual({ parse: [] });
    const last = formatPaperPage({ ...input, papers: papers.slice(0, 2), page: 2 });
    expect(last.content).toContain('11–12 of 12');
    expect(last.components[0]?.components[1]?.disabled).toBe(true);
  });

  it('has no buttons when everything fits on one page', () => {
    expect(formatPaperPage({ ...input, total: 5, page: 0 }).components).toEqual([]);
  });
});

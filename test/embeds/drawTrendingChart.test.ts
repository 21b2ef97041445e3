import { describe, expect, it } from 'vitest';
import { CHART_BARS, drawTrendingChart } from '../../src/embeds/drawTrendingChart.ts';

const bar = (title: string, votes: number, upvotes = 0) => ({ title, votes, upvotes });

describe('the trending chart', () => {
  it('draws one row per paper in rank order, numbered, with its vote count', () => {
    const svg = drawTrendingChart('Trending', [bar('Alpha', 9), bar('Beta', 4), bar('Gamma', 1)]);
    const labels = [...svg.matchAll(/>(\d)\. ([A-Za-z]+)</g)].map((m) => `${m[1]} ${m[2]}`);
    expect(labels).toEqual(['1 Alpha', '2 Beta', '3 Gamma']);
    const widths = [...svg.matchAll(/<rect x="250" y="\d+" width="(\d+)" height="14"/g)].map((m) => Number(m[1]));
    // The longest bar is the most voted; the others in proportion.
    expect(widths[0]).toBeGreaterThan(widths[1] as number);
    expect(widths[1]).toBeGreaterThan(widths[2] as number);
  });

  it('keeps at most eight papers, and a paper without votes gets no vote bar', () => {
    const many = Array.from({ length: 12 }, (_, i) => bar(`Paper ${i}`, i === 0 ? 0 : 12 - i, 3));
    const svg = drawTrendingChart('Trending', many);
    expect([...svg.matchAll(/height="14"/g)]).toHaveLength(CHART_BARS);
    expect(svg).toContain('<rect x="250" y="48" width="0" height="14"');
  });

  it('writes paper titles as text: markup, entities and direction overrides cannot break out', () => {
    const svg = drawTrendingChart('Trending <b>', [bar('<script>alert(1)</script> & "x"\u202e', 1)]);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('\u202e');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&amp;');
  });
});

import { truncate } from './safeText.ts';

/** One bar of the chart: a paper, its members' votes and its Hugging Face upvotes. */
export interface ChartBar {
  title: string;
  votes: number;
  upvotes: number;
}

/** At most this many papers are drawn: the chart is a glance, the list below is the detail. */
export const CHART_BARS = 8;

const WIDTH = 640;
const ROW = 34;
const TOP = 44;
const LEFT = 250;
const RIGHT = 56;
const FONT = 'DejaVu Sans, Verdana, sans-serif';

/** XML text: paper titles are arbitrary text and must never break (or script) the picture. */
function xml(text: string): string {
  // XML 1.0 forbids most control characters; direction overrides would reorder the label.
  const allowed = [...text].filter((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (
      (code >= 0x20 || code === 0x09) && !(code >= 0x202a && code <= 0x202e) && !(code >= 0x2066 && code <= 0x2069)
    );
  });
  return allowed.join('').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The trending chart as SVG: one row per paper, best first, a solid bar for members' votes and a
 * thin one under it for Hugging Face upvotes, each on its own scale, with the numbers written at
 * the bars' ends. A pure function of the ranked list, rasterised to PNG by the shell.
 */
export function drawTrendingChart(title: string, bars: readonly ChartBar[]): string {
  const rows = bars.slice(0, CHART_BARS);
  const height = TOP + rows.length * ROW + 30;
  const span = WIDTH - LEFT - RIGHT;
  const maxVotes = Math.max(1, ...rows.map((b) => b.votes));
  const maxUpvotes = Math.max(1, ...rows.map((b) => b.upvotes));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="100%" height="100%" rx="8" fill="#2b2d31"/>`,
    `<text x="16" y="28" font-family="${FONT}" font-size="16" font-weight="bold" fill="#f2f3f5">${xml(truncate(title, 70))}</text>`,
  ];
  rows.forEach((bar, i) => {
    const y = TOP + i * ROW;
    const votesWidth = Math.max(bar.votes > 0 ? 3 : 0, Math.round((bar.votes / maxVotes) * span));
    const upvotesWidth = Math.max(bar.upvotes > 0 ? 2 : 0, Math.round((bar.upvotes / maxUpvotes) * span));
    parts.push(
      `<text x="16" y="${y + 16}" font-family="${FONT}" font-size="12" fill="#dbdee1">${xml(`${i + 1}. ${truncate(bar.title, 34)}`)}</text>`,
      `<rect x="${LEFT}" y="${y + 4}" width="${votesWidth}" height="14" rx="3" fill="#5865f2"/>`,
      `<text x="${LEFT + votesWidth + 6}" y="${y + 16}" font-family="${FONT}" font-size="12" fill="#f2f3f5">${bar.votes}</text>`,
      `<rect x="${LEFT}" y="${y + 21}" width="${upvotesWidth}" height="5" rx="2" fill="#f0b232"/>`,
    );
  });
  const legend = TOP + rows.length * ROW + 16;
  parts.push(
    `<rect x="${LEFT}" y="${legend - 9}" width="12" height="10" rx="2" fill="#5865f2"/>`,
    `<text x="${LEFT + 18}" y="${legend}" font-family="${FONT}" font-size="11" fill="#b5bac1">members’ votes</text>`,
    `<rect x="${LEFT + 130}" y="${legend - 6}" width="12" height="5" rx="2" fill="#f0b232"/>`,
    `<text x="${LEFT + 148}" y="${legend}" font-family="${FONT}" font-size="11" fill="#b5bac1">Hugging Face upvotes</text>`,
    '</svg>',
  );
  return parts.join('');
}

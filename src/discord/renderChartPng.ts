import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

/**
 * The font the chart is drawn with: a 96 KB subset of DejaVu Sans shipped in the repository
 * (Latin, Greek, punctuation, arrows, math): parsing it takes a fraction of what the full font
 * costs, which is most of a render.
 */
const CHART_FONT = fileURLToPath(new URL('../../assets/fonts/DejaVuSans-chart.ttf', import.meta.url));
/** For titles in other scripts: the system's full fonts (Debian's fonts-dejavu-core, and the rest). */
const FULL_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];
/** What the subset covers. */
const COVERED = /^[\u0020-\u007e\u00a0-\u024f\u0370-\u03ff\u2010-\u205e\u2190-\u22ff\s]*$/;

let fontFiles: string[] | undefined;

/**
 * An SVG drawn by the functional core, as PNG bytes: resvg (Rust, prebuilt for each platform in
 * its npm package) renders it in a few milliseconds without a browser. Titles the shipped subset
 * cannot write (CJK, say) are drawn with the system's fonts instead: slower, but never blank.
 */
export function renderChartPng(svg: string): Buffer {
  const text = svg.replace(/<[^>]*>/g, '');
  fontFiles ??= FULL_FONTS.filter((file) => existsSync(file));
  const fonts = COVERED.test(text) ? [CHART_FONT] : fontFiles;
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: !COVERED.test(text), fontFiles: fonts, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

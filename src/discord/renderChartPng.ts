import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

/** Fonts tried first (Debian's fonts-dejavu-core; the Dockerfile installs it), else the system's. */
const FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];

let fontFiles: string[] | undefined;

/**
 * An SVG drawn by the functional core, as PNG bytes: resvg (Rust, prebuilt for each platform in
 * its npm package) renders it in a few milliseconds without a browser. Loading one known font
 * file instead of scanning the system's keeps each render fast; without it, text falls back to
 * whatever fonts the system has.
 */
export function renderChartPng(svg: string): Buffer {
  fontFiles ??= FONT_FILES.filter((file) => existsSync(file));
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: fontFiles.length === 0,
      fontFiles,
      defaultFontFamily: 'DejaVu Sans',
    },
  });
  return resvg.render().asPng();
}

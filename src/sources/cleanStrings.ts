import { collapseWhitespace } from '../papers/collapseWhitespace.ts';

/** Whitespace-collapsed, non-empty, first-seen-order unique strings; non-strings are dropped. */
export function cleanStrings(values: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const text = collapseWhitespace(value);
    if (text !== '') seen.add(text);
  }
  return [...seen];
}

/** Collapses hard wraps, tabs and runs of spaces into single spaces, and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

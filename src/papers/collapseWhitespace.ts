const NEEDS_WORK = /\s\s|[^\S ]|^\s|\s$/;

/** Collapses hard wraps, tabs and runs of spaces into single spaces, and trims. */
export function collapseWhitespace(text: string): string {
  // Most text is already clean: testing is much cheaper than rebuilding the string.
  return NEEDS_WORK.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

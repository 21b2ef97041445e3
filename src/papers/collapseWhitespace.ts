const NEEDS_WORK = /\s\s|[^\S ]/;

/** Collapses hard wraps, tabs and runs of spaces into single spaces, and trims. */
export function collapseWhitespace(text: string): string {
  // Most text is already clean: testing is much cheaper than rebuilding the string.
  const clean =
    text.length === 0 ||
    (text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32 && !NEEDS_WORK.test(text));
  return clean ? text : text.replace(/\s+/g, ' ').trim();
}

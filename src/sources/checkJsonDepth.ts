import { SourceFormatError } from './SourceError.ts';

/**
 * Rejects JSON nested deeper than `maxDepth` before anything parses or walks it, so a file of
 * ten thousand `[` cannot exhaust the stack of whatever recurses over the result. Brackets inside
 * strings do not count. Cheap: string contents are skipped with native `indexOf`, so a file of
 * long abstracts costs little more than its structure.
 */
export function checkJsonDepth(text: string, maxDepth = 64): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = endOfString(text, i + 1);
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > maxDepth) throw new SourceFormatError(`JSON nested more than ${maxDepth} levels deep`);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

/** Index of the quote that closes the string starting at `from` (or the end of the text). */
function endOfString(text: string, from: number): number {
  let at = from;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; k >= from && text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

import { safeText } from './safeText.ts';

/**
 * What a member typed, fit to repeat in an answer ("… is not a date"): control, invisible
 * formatting (bidi overrides, zero-width characters) and lone surrogate code points dropped, so
 * the echo cannot reorder or hide the sentence around it; whitespace flattened; then mentions
 * broken and markdown escaped by `safeText`, so it renders as typed and cannot ping; cut to `max`.
 */
export function quoteInput(text: string, max: number): string {
  return safeText(stripInvisible(text).replace(/\s+/g, ' ').trim(), max);
}

/**
 * Drops format (Cf: bidi controls, zero-width characters, the BOM), unpaired surrogate (Cs) and
 * control (Cc) code points, except whitespace controls: a tab or newline still parts two words.
 */
export function stripInvisible(text: string): string {
  return text.replace(/[\p{Cf}\p{Cs}]|[^\P{Cc}\s]/gu, '');
}

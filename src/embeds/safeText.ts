const ELLIPSIS = '…';

/** Cuts text to `max` characters, ending with an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  // Never split an emoji's surrogate pair.
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/**
 * Text from a paper, made safe to show in Discord: markdown escaped (titles contain `*`, `_`,
 * `$…$`), anything shaped like a mention broken with a zero-width space so it renders as text,
 * then cut to `max`. Messages are also sent with no allowed mentions; this is the second guard.
 */
export function safeText(text: string, max: number): string {
  // Escaping only ever lengthens text: cut first, so long abstracts never reach the regexes.
  const defused = text
    .slice(0, max + 1)
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>')
    .replace(/<\/([^:>]+):(\d+)>/g, '</\u200b$1:$2>');
  // One pass, not discord.js's escapeMarkdown (a regex per rule, the largest cost of a results
  // page): inline markers and masked-link brackets anywhere, headings, quotes, lists and subtext
  // at a line start. A backslash before punctuation always renders as the character itself.
  const escaped = defused
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^(\s*)([#>-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
  return truncate(escaped, max);
}

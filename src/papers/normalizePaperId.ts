const NEW_STYLE = /(\d{4}\.\d{4,5})(v\d+)?$/;
const OLD_STYLE = /([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/;

/**
 * Turns anything that names an arXiv paper — a bare id, a versioned id, an arXiv abs/pdf URL,
 * a Hugging Face papers URL — into its base id (`2608.17271`, `cond-mat/0102536`).
 * Returns undefined when the text names no paper.
 */
export function normalizePaperId(text: string): string | undefined {
  let s = text.trim();
  if (s.length === 0 || s.length > 300) return undefined;
  s = s
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.pdf$/i, '');
  s = s.replace(/^arxiv:/i, '');
  if (/^https?:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return undefined;
    }
    const host = url.hostname.toLowerCase();
    const known = ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org', 'huggingface.co', 'hf.co'];
    if (!known.includes(host)) return undefined;
    const m = url.pathname.match(/^\/(?:abs|pdf|papers|html)\/(.+)$/);
    if (!m?.[1]) return undefined;
    try {
      s = decodeURIComponent(m[1]);
    } catch {
      return undefined; // a malformed %-escape: not a paper link
    }
  }
  const match = s.match(NEW_STYLE) ?? s.match(OLD_STYLE);
  if (!match?.[1] || match[0] !== s) return undefined;
  return match[1];
}

// Discord's markdown, as much of it as Paperboy sends, rendered to DOM nodes (never to HTML
// strings, so text from papers can never become markup).

/**
 * @typedef {{ userName: (id: string) => string, channelName: (id: string) => string }} MentionNames
 */

const INLINE = [
  { name: 'escape', re: /\\([^\sA-Za-z0-9])/y },
  { name: 'code', re: /`([^`]+)`/y },
  { name: 'bold', re: /\*\*(?=\S)([\s\S]+?)\*\*/y },
  { name: 'underline', re: /__(?=\S)([\s\S]+?)__/y },
  { name: 'italic', re: /\*(?=\S)([\s\S]*?\S)\*(?!\*)/y },
  { name: 'italic', re: /_(?=\S)([\s\S]*?\S)_(?![A-Za-z0-9_])/y },
  { name: 'strike', re: /~~(?=\S)([\s\S]+?)~~/y },
  { name: 'spoiler', re: /\|\|([\s\S]+?)\|\|/y },
  { name: 'link', re: /\[((?:\\.|[^\]\\])+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/y },
  { name: 'autolink', re: /<(https?:\/\/[^\s>]+)>/y },
  { name: 'url', re: /https?:\/\/[^\s<]+[^\s<.,:;"')\]]/y },
  { name: 'user', re: /<@!?(\d+)>/y },
  { name: 'role', re: /<@&(\d+)>/y },
  { name: 'channel', re: /<#(\d+)>/y },
  { name: 'time', re: /<t:(-?\d+)(?::([tTdDfFR]))?>/y },
];

/** Characters at which an inline token may start: everything else is plain text. */
const SPECIAL = /[\\`*_~|[<h]/g;

/**
 * Renders Discord markdown into a fragment.
 * @param {string} text
 * @param {MentionNames} names
 * @returns {DocumentFragment}
 */
export function renderMarkdown(text, names) {
  const fragment = document.createDocumentFragment();
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.startsWith('```')) {
      const body = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').startsWith('```')) body.push(lines[i++]);
      i++;
      const pre = el('pre');
      pre.append(el('code', body.join('\n')));
      fragment.append(pre);
      continue;
    }
    if (/^>>> /.test(line)) {
      const quote = el('blockquote');
      quote.append(renderMarkdown(lines.slice(i).join('\n').slice(4), names));
      fragment.append(quote);
      break;
    }
    if (/^> /.test(line)) {
      const quoted = [];
      while (i < lines.length && /^> /.test(lines[i] ?? '')) quoted.push((lines[i++] ?? '').slice(2));
      const quote = el('blockquote');
      quote.append(renderMarkdown(quoted.join('\n'), names));
      fragment.append(quote);
      continue;
    }
    if (/^[-*] /.test(line)) {
      const list = el('ul');
      while (i < lines.length && /^[-*] /.test(lines[i] ?? '')) {
        const item = el('li');
        item.append(renderInline((lines[i++] ?? '').slice(2), names));
        list.append(item);
      }
      fragment.append(list);
      continue;
    }
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    const subtext = /^-# (.*)$/.exec(line);
    if (heading) {
      const h = el(`h${heading[1].length + 2}`);
      h.className = 'md-heading';
      h.append(renderInline(heading[2], names));
      fragment.append(h);
    } else if (subtext) {
      const small = el('small');
      small.className = 'md-subtext';
      small.append(renderInline(subtext[1], names));
      fragment.append(small);
    } else {
      fragment.append(renderInline(line, names));
      if (i < lines.length - 1) fragment.append(el('br'));
    }
    i++;
  }
  return fragment;
}

/**
 * Inline markdown of one line (or a title).
 * @param {string} text
 * @param {MentionNames} names
 * @returns {DocumentFragment}
 */
export function renderInline(text, names) {
  const out = document.createDocumentFragment();
  let plain = '';
  let at = 0;
  const flush = () => {
    if (plain) out.append(document.createTextNode(plain));
    plain = '';
  };
  while (at < text.length) {
    SPECIAL.lastIndex = at;
    const next = SPECIAL.exec(text);
    if (!next) {
      plain += text.slice(at);
      break;
    }
    plain += text.slice(at, next.index);
    at = next.index;
    const token = matchAt(text, at);
    if (!token) {
      plain += text[at];
      at++;
      continue;
    }
    flush();
    out.append(renderToken(token.name, token.match, names));
    at += token.match[0].length;
  }
  flush();
  return out;
}

function matchAt(text, at) {
  for (const { name, re } of INLINE) {
    re.lastIndex = at;
    const match = re.exec(text);
    if (match) return { name, match };
  }
  return undefined;
}

function renderToken(name, m, names) {
  switch (name) {
    case 'escape':
      return document.createTextNode(m[1]);
    case 'code':
      return el('code', m[1]);
    case 'bold':
      return wrap('strong', m[1], names);
    case 'underline':
      return wrap('u', m[1], names);
    case 'italic':
      return wrap('em', m[1], names);
    case 'strike':
      return wrap('s', m[1], names);
    case 'spoiler': {
      const span = wrap('span', m[1], names);
      span.className = 'md-spoiler';
      return span;
    }
    case 'link': {
      const a = link(m[2]);
      a.append(renderInline(m[1], names));
      return a;
    }
    case 'autolink':
    case 'url': {
      const url = name === 'url' ? m[0] : m[1];
      const a = link(url);
      a.textContent = url;
      return a;
    }
    case 'user':
      return mention(`@${names.userName(m[1])}`);
    case 'role':
      return mention('@role');
    case 'channel':
      return mention(`#${names.channelName(m[1])}`);
    case 'time':
      return timestamp(Number(m[1]), m[2] ?? 'f');
    default:
      return document.createTextNode(m[0]);
  }
}

function wrap(tag, inner, names) {
  const node = el(tag);
  node.append(renderInline(inner, names));
  return node;
}

/** A link that leaves the sandbox: it opens in a new tab, without a referrer. */
export function link(url) {
  const a = el('a');
  a.href = url;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

function mention(text) {
  const span = el('span', text);
  span.className = 'md-mention';
  return span;
}

/** `<t:…:R>` and friends, in the page's locale, as Discord shows them. */
function timestamp(seconds, style) {
  const date = new Date(seconds * 1000);
  const node = el('time', formatTimestamp(date, style));
  node.dateTime = date.toISOString();
  node.title = date.toUTCString();
  return node;
}

function formatTimestamp(date, style) {
  const utc = { timeZone: 'UTC' };
  switch (style) {
    case 't':
      return `${date.toLocaleTimeString('en-GB', { ...utc, hour: '2-digit', minute: '2-digit' })} UTC`;
    case 'T':
      return `${date.toLocaleTimeString('en-GB', utc)} UTC`;
    case 'd':
      return date.toLocaleDateString('en-GB', utc);
    case 'D':
      return date.toLocaleDateString('en-GB', { ...utc, dateStyle: 'long' });
    case 'F':
      return `${date.toLocaleString('en-GB', { ...utc, dateStyle: 'full', timeStyle: 'short' })} UTC`;
    case 'R':
      return relative(date);
    default:
      return `${date.toLocaleString('en-GB', { ...utc, dateStyle: 'long', timeStyle: 'short' })} UTC`;
  }
}

/** Relative to the sandbox's clock, not the browser's: the page sets `window.sandboxNow`. */
function relative(date) {
  const now = typeof window.sandboxNow === 'function' ? window.sandboxNow() : new Date();
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const units = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
    ['second', 1],
  ];
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.round(seconds / size), unit);
  }
  return '';
}

/**
 * `document.createElement` with optional text.
 * @param {string} tag
 * @param {string} [text]
 */
export function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

import { stemmer } from 'stemmer';

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having ' +
    'he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on ' +
    'once only or other our ours out over own same she should so some such than that the their theirs them then ' +
    'there these they this those through to too under until up very was we were what when where which while who ' +
    'whom why will with would you your yours via using use used based new show shows propose proposed paper ' +
    'approach method methods results work however across within without while well two one three however thus ' +
    'furthermore moreover existing'
  ).split(' '),
);

const stemCache = new Map<string, string>();

/** Porter stem with a cache: vocabularies are Zipfian, so almost every call is a cache hit. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = word.length > 3 ? stemmer(word) : word;
    if (stemCache.size < 500_000) stemCache.set(word, s);
  }
  return s;
}

const CAMEL = /([a-z])([A-Z][a-z])/g;

/** 0-9, A-Z, a-z. Other characters separate words (the index is ASCII-folded by design). */
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Calls `visit` with each surface word of the text, as written: a run of ASCII letters and
 * digits, joined across inner `-` and `'`. Hand-rolled rather than a regex because indexing
 * calls it for every word of every abstract, and a match object per word keeps the GC busy.
 */
export function forEachWord(text: string, visit: (word: string) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isAlnum(c)) i++;
      else if ((c === 45 || c === 39) && i + 1 < n && isAlnum(text.charCodeAt(i + 1))) i += 2;
      else break;
    }
    visit(text.slice(start, i));
  }
}

/** A surface word in the form `termsOfWord` takes: CamelCase hyphenated, lower case. */
export function normalizeWord(word: string): string {
  return word.replace(CAMEL, '$1-$2').toLowerCase();
}

/**
 * The index terms of one surface word: CamelCase names (StartupBench, DeepSeek) split like
 * compounds, lower case, stop words dropped, Porter-stemmed. A hyphenated compound
 * yields its parts and the joined form, so `multi-modal` also matches `multimodal` and
 * `chain-of-thought` matches both `chain of thought` and `chain-of-thought`.
 */
export function termsOfWord(surface: string, out: string[] = []): string[] {
  const word = normalizeWord(surface);
  if (word.includes('-') || word.includes("'")) {
    const parts = word.split(/[-']/);
    for (const part of parts) pushTerm(part, out);
    if (parts.length <= 3) pushTerm(parts.join(''), out);
  } else {
    pushTerm(word, out);
  }
  return out;
}

/** Splits text into stemmed index terms (see `forEachWord` and `termsOfWord`). */
export function tokenize(text: string, out: string[] = []): string[] {
  forEachWord(text, (word) => termsOfWord(word, out));
  return out;
}

function pushTerm(word: string, out: string[]): void {
  if (word.length < 2 || word.length > 40 || STOPWORDS.has(word)) return;
  out.push(stem(word));
}

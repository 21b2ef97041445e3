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
const WORD = /[a-z0-9]+(?:[-'][a-z0-9]+)*/g;

/**
 * Splits text into stemmed index terms: lower case, stop words dropped, Porter-stemmed.
 * A hyphenated compound yields its parts and the joined form, so `multi-modal` also matches
 * `multimodal` and `chain-of-thought` matches both `chain of thought` and `chain-of-thought`.
 */
export function tokenize(text: string, out: string[] = []): string[] {
  // CamelCase names (StartupBench, DeepSeek) split like hyphenated ones: parts plus the whole.
  const lower = text.replace(CAMEL, '$1-$2').toLowerCase();
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m !== null; m = WORD.exec(lower)) {
    const word = m[0];
    if (word.includes('-') || word.includes("'")) {
      const parts = word.split(/[-']/);
      for (const part of parts) pushTerm(part, out);
      if (parts.length <= 3) pushTerm(parts.join(''), out);
    } else {
      pushTerm(word, out);
    }
  }
  return out;
}

function pushTerm(word: string, out: string[]): void {
  if (word.length < 2 || word.length > 40 || STOPWORDS.has(word)) return;
  out.push(stem(word));
}

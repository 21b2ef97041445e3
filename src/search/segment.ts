import { forEachWord, termsOfWord } from './tokenize.ts';

/** The indexed fields of a paper, in posting order. */
export const FIELDS = ['title', 'keywords', 'abstract', 'authors'] as const;
export type Field = (typeof FIELDS)[number];
const F = FIELDS.length;

/** What a segment keeps per document besides its postings: enough to list a result. */
export interface DocMeta {
  id: string;
  title: string;
  /** The day the paper is filed under (Daily Papers day, else publication day), or ''. */
  day: string;
  upvotes: number;
}

/** The text of one paper, as the index sees it. */
export interface IndexableDoc extends DocMeta {
  abstract: string;
  keywords: readonly string[];
  authors: readonly string[];
}

/**
 * An immutable inverted index over a batch of papers. Postings are stored term by term in
 * typed arrays (doc number, then one term frequency per field), so a 100k-paper segment is a
 * few compact buffers that load without re-tokenising any text.
 */
export interface Segment {
  docs: DocMeta[];
  /** Field lengths in terms, `F` per document. */
  fieldLens: Uint16Array;
  terms: string[];
  termIds: Map<string, number>;
  /** Postings of term t are [offsets[t], offsets[t+1]). */
  offsets: Uint32Array;
  postDocs: Uint32Array;
  /** `F` frequencies per posting, capped at 255. */
  postTf: Uint8Array;
}

/** Builds a segment from documents. Term ids are local to the segment. */
export function buildSegment(input: readonly IndexableDoc[]): Segment {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Stemming is the hot cost of indexing, and most words repeat: cache surface word → term ids.
  const wordTerms = new Map<string, number[]>();
  const idsOf = (word: string): number[] => {
    let ids = wordTerms.get(word);
    if (ids === undefined) {
      ids = termsOfWord(word).map((t) => {
        let id = termIds.get(t);
        if (id === undefined) {
          id = terms.length;
          termIds.set(t, id);
          terms.push(t);
        }
        return id;
      });
      wordTerms.set(word, ids);
    }
    return ids;
  };
  const fieldLens = new Uint16Array(input.length * F);
  const postings = new PostingBuffer();
  let counts: Uint8Array = new Uint8Array(1 << 14);
  const touched: number[] = [];
  let f = 0;
  let length = 0;
  const count = (word: string) => {
    for (const id of idsOf(word)) {
      if (id * F >= counts.length) counts = grow8(counts, Math.max(counts.length * 2, (id + 1) * F));
      const slot = id * F;
      if (counts[slot] === 0 && counts[slot + 1] === 0 && counts[slot + 2] === 0 && counts[slot + 3] === 0) {
        touched.push(id);
      }
      if ((counts[slot + f] as number) < 255) counts[slot + f] = (counts[slot + f] as number) + 1;
      length++;
    }
  };
  for (let d = 0; d < input.length; d++) {
    const doc = input[d] as IndexableDoc;
    touched.length = 0;
    for (f = 0; f < F; f++) {
      length = 0;
      const field = FIELDS[f];
      if (field === 'title') forEachWord(doc.title, count);
      else if (field === 'abstract') forEachWord(doc.abstract, count);
      else if (field === 'keywords') for (const k of doc.keywords) forEachWord(k, count);
      else for (const a of doc.authors) forEachWord(a, count);
      fieldLens[d * F + f] = Math.min(length, 65535);
    }
    for (const id of touched) {
      postings.push(id, d, counts, id * F);
      counts.fill(0, id * F, id * F + F);
    }
  }
  return {
    docs: input.map(({ id, title, day, upvotes }) => ({ id, title, day, upvotes })),
    fieldLens,
    terms,
    termIds,
    ...postings.sortByTerm(terms.length),
  };
}

/** Postings in arrival order (term, doc, F frequencies), sorted by term at the end. */
class PostingBuffer {
  private term: Uint32Array = new Uint32Array(1 << 16);
  private doc: Uint32Array = new Uint32Array(1 << 16);
  private tf: Uint8Array = new Uint8Array((1 << 16) * F);
  private n = 0;

  push(term: number, doc: number, counts: Uint8Array, at: number): void {
    if (this.n === this.term.length) {
      const size = this.term.length * 2;
      this.term = grow32(this.term, size);
      this.doc = grow32(this.doc, size);
      this.tf = grow8(this.tf, size * F);
    }
    this.term[this.n] = term;
    this.doc[this.n] = doc;
    // Element copies, not subarray(): millions of view objects would keep the GC busy.
    for (let f = 0; f < F; f++) this.tf[this.n * F + f] = counts[at + f] as number;
    this.n++;
  }

  /** Counting sort by term: postings of a term stay in document order. */
  sortByTerm(termCount: number): Pick<Segment, 'offsets' | 'postDocs' | 'postTf'> {
    const { n, term, doc, tf } = this;
    const offsets = new Uint32Array(termCount + 1);
    for (let i = 0; i < n; i++) offsets[(term[i] as number) + 1] = (offsets[(term[i] as number) + 1] as number) + 1;
    for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
    const cursor = offsets.slice(0, termCount);
    const postDocs = new Uint32Array(n);
    const postTf = new Uint8Array(n * F);
    for (let i = 0; i < n; i++) {
      const t = term[i] as number;
      const at = cursor[t] as number;
      cursor[t] = at + 1;
      postDocs[at] = doc[i] as number;
      for (let f = 0; f < F; f++) postTf[at * F + f] = tf[i * F + f] as number;
    }
    return { offsets, postDocs, postTf };
  }
}

function grow8(a: Uint8Array, size: number): Uint8Array {
  const b = new Uint8Array(size);
  b.set(a);
  return b;
}

function grow32(a: Uint32Array, size: number): Uint32Array {
  const b = new Uint32Array(size);
  b.set(a);
  return b;
}

/**
 * Merges segments into one, keeping only the documents `keep(segmentIndex, localDoc)` accepts
 * (the live version of each paper). No text is re-tokenised.
 */
export function mergeSegments(segments: readonly Segment[], keep: (s: number, d: number) => boolean): Segment {
  const docs: DocMeta[] = [];
  const remaps: Int32Array[] = [];
  const lens: number[] = [];
  segments.forEach((seg, s) => {
    const remap = new Int32Array(seg.docs.length).fill(-1);
    seg.docs.forEach((doc, d) => {
      if (!keep(s, d)) return;
      remap[d] = docs.length;
      docs.push(doc);
      for (let f = 0; f < F; f++) lens.push(seg.fieldLens[d * F + f] as number);
    });
    remaps.push(remap);
  });
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  for (const seg of segments) {
    for (const t of seg.terms) {
      if (!termIds.has(t)) {
        termIds.set(t, terms.length);
        terms.push(t);
      }
    }
  }
  let total = 0;
  for (const seg of segments) total += seg.postDocs.length;
  const postDocs = new Uint32Array(total);
  const postTf = new Uint8Array(total * F);
  const offsets = new Uint32Array(terms.length + 1);
  let n = 0;
  terms.forEach((term, t) => {
    segments.forEach((seg, s) => {
      const local = seg.termIds.get(term);
      if (local === undefined) return;
      const remap = remaps[s] as Int32Array;
      for (let i = seg.offsets[local] as number; i < (seg.offsets[local + 1] as number); i++) {
        const to = remap[seg.postDocs[i] as number] as number;
        if (to < 0) continue;
        postDocs[n] = to;
        for (let f = 0; f < F; f++) postTf[n * F + f] = seg.postTf[i * F + f] as number;
        n++;
      }
    });
    offsets[t + 1] = n;
  });
  return {
    docs,
    fieldLens: Uint16Array.from(lens),
    terms,
    termIds,
    offsets,
    postDocs: postDocs.slice(0, n),
    postTf: postTf.slice(0, n * F),
  };
}

/** The stored form of a segment: a small JSON header and one base64 body, split into parts. */
export interface SerializedSegment {
  header: { docs: [string[], string[], string[], number[]]; terms: string; sizes: number[] };
  parts: string[];
}

const PART_CHARS = 8 * 1024 * 1024;

export function serializeSegment(seg: Segment): SerializedSegment {
  const buffers = [seg.fieldLens, seg.offsets, seg.postDocs, seg.postTf].map((a) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
  );
  const body = Buffer.concat(buffers).toString('base64');
  const parts: string[] = [];
  for (let i = 0; i < body.length; i += PART_CHARS) parts.push(body.slice(i, i + PART_CHARS));
  return {
    header: {
      docs: [
        seg.docs.map((d) => d.id),
        seg.docs.map((d) => d.title),
        seg.docs.map((d) => d.day),
        seg.docs.map((d) => d.upvotes),
      ],
      terms: seg.terms.join('\n'),
      sizes: buffers.map((b) => b.byteLength),
    },
    parts,
  };
}

export function deserializeSegment({ header, parts }: SerializedSegment): Segment {
  const body = Buffer.from(parts.join(''), 'base64');
  const [ids, titles, days, upvotes] = header.docs;
  const docs = ids.map((id, i) => ({ id, title: titles[i] ?? '', day: days[i] ?? '', upvotes: upvotes[i] ?? 0 }));
  const terms = header.terms.length === 0 ? [] : header.terms.split('\n');
  const termIds = new Map<string, number>();
  for (let i = 0; i < terms.length; i++) termIds.set(terms[i] as string, i);
  let at = 0;
  const slice = (i: number): Buffer => {
    const size = header.sizes[i] ?? 0;
    // Copy into an aligned buffer: typed arrays need their element alignment.
    const out = Buffer.alloc(size);
    body.copy(out, 0, at, at + size);
    at += size;
    return out;
  };
  const lens = slice(0);
  const offs = slice(1);
  const pd = slice(2);
  const tf = slice(3);
  return {
    docs,
    fieldLens: new Uint16Array(lens.buffer, lens.byteOffset, lens.byteLength / 2),
    terms,
    termIds,
    offsets: new Uint32Array(offs.buffer, offs.byteOffset, offs.byteLength / 4),
    postDocs: new Uint32Array(pd.buffer, pd.byteOffset, pd.byteLength / 4),
    postTf: new Uint8Array(tf.buffer, tf.byteOffset, tf.byteLength),
  };
}

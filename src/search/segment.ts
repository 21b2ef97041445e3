import { WordInterner } from './internWords.ts';
import { termsOfWord } from './tokenize.ts';

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

/**
 * Builds a segment from documents. Term ids are local to the segment. The four per-field counts
 * of a term are four bytes of one 32-bit word, so "seen in this document?", "copy to postings"
 * and "reset" are one operation each.
 */
export function buildSegment(input: readonly IndexableDoc[]): Segment {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Each distinct surface word is split and stemmed once, then found again by hash.
  const words = new WordInterner((word) =>
    termsOfWord(word).map((t) => {
      let id = termIds.get(t);
      if (id === undefined) {
        id = terms.length;
        termIds.set(t, id);
        terms.push(t);
      }
      return id;
    }),
  );
  const fieldLens = new Uint16Array(input.length * F);
  const postings = new PostingBuffer();
  let counts32 = new Uint32Array(1 << 12);
  let counts8 = new Uint8Array(counts32.buffer);
  const touched: number[] = [];
  let f = 0;
  let length = 0;
  const count = (ids: number[]) => {
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      if (id >= counts32.length) {
        const bigger = new Uint32Array(Math.max(counts32.length * 2, id + 1));
        bigger.set(counts32);
        counts32 = bigger;
        counts8 = new Uint8Array(counts32.buffer);
      }
      if (counts32[id] === 0) touched.push(id);
      const slot = id * F + f;
      if ((counts8[slot] as number) < 255) counts8[slot] = (counts8[slot] as number) + 1;
    }
    length += ids.length;
  };
  for (let d = 0; d < input.length; d++) {
    const doc = input[d] as IndexableDoc;
    touched.length = 0;
    for (f = 0; f < F; f++) {
      length = 0;
      const field = FIELDS[f];
      if (field === 'title') words.scan(doc.title, count);
      else if (field === 'abstract') words.scan(doc.abstract, count);
      else if (field === 'keywords') for (const k of doc.keywords) words.scan(k, count);
      else for (const a of doc.authors) words.scan(a, count);
      fieldLens[d * F + f] = Math.min(length, 65535);
    }
    for (const id of touched) {
      postings.push(id, d, counts32[id] as number);
      counts32[id] = 0;
    }
  }
  const docs = input.map(({ id, title, day, upvotes }) => ({ id, title, day, upvotes }));
  return { docs, fieldLens, terms, termIds, ...postings.sortByTerm(terms.length) };
}

/** Postings in arrival order (term, doc, packed frequencies), sorted by term at the end. */
class PostingBuffer {
  private term: Uint32Array = new Uint32Array(1 << 16);
  private doc: Uint32Array = new Uint32Array(1 << 16);
  private tf: Uint32Array = new Uint32Array(1 << 16);
  private n = 0;

  push(term: number, doc: number, packedTf: number): void {
    if (this.n === this.term.length) {
      const size = this.term.length * 2;
      this.term = grow32(this.term, size);
      this.doc = grow32(this.doc, size);
      this.tf = grow32(this.tf, size);
    }
    this.term[this.n] = term;
    this.doc[this.n] = doc;
    this.tf[this.n] = packedTf;
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
    const postTf32 = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const t = term[i] as number;
      const at = cursor[t] as number;
      cursor[t] = at + 1;
      postDocs[at] = doc[i] as number;
      postTf32[at] = tf[i] as number;
    }
    return { offsets, postDocs, postTf: new Uint8Array(postTf32.buffer) };
  }
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

/** What a segment stores besides its binary body: the documents and the dictionary. */
export interface SegmentHeader {
  docs: [ids: string[], titles: string[], days: string[], upvotes: number[]];
  terms: string;
  postings: number;
  bodyBytes: number;
}

/**
 * Encodes a segment for storage: a JSON-able header and one compact byte body of varints —
 * per document its field lengths, per term its posting count, then per posting the gap to the
 * previous document and the field frequencies (abstract in the low byte, so the common
 * abstract-only posting is a single byte). About 3 bytes a posting instead of 8.
 */
export function encodeSegment(seg: Segment): { header: SegmentHeader; body: Uint8Array } {
  const out = new VarintWriter(seg.postDocs.length * 3 + seg.fieldLens.length * 2 + seg.terms.length * 2 + 16);
  for (let i = 0; i < seg.fieldLens.length; i++) out.write(seg.fieldLens[i] as number);
  const tf = seg.postTf;
  for (let t = 0; t < seg.terms.length; t++) {
    const from = seg.offsets[t] as number;
    const to = seg.offsets[t + 1] as number;
    out.write(to - from);
    let previous = 0;
    for (let i = from; i < to; i++) {
      const d = seg.postDocs[i] as number;
      out.write(d - previous);
      previous = d;
      const b = i * F;
      out.write(
        ((tf[b + 2] as number) |
          ((tf[b] as number) << 8) |
          ((tf[b + 1] as number) << 16) |
          ((tf[b + 3] as number) << 24)) >>>
          0,
      );
    }
  }
  const body = out.bytes();
  return {
    header: {
      docs: [
        seg.docs.map((d) => d.id),
        seg.docs.map((d) => d.title),
        seg.docs.map((d) => d.day),
        seg.docs.map((d) => d.upvotes),
      ],
      terms: seg.terms.join('\n'),
      postings: seg.postDocs.length,
      bodyBytes: body.length,
    },
    body,
  };
}

/** The inverse of `encodeSegment`. Throws on a body that does not match its header. */
export function decodeSegment(header: SegmentHeader, body: Uint8Array): Segment {
  const decoder = new SegmentDecoder(header);
  decoder.push(body);
  return decoder.finish();
}

enum Phase {
  FieldLength,
  TermCount,
  DocGap,
  Frequencies,
  Done,
}

/**
 * Decodes a segment body pushed in pieces (the stored parts, one at a time), straight into the
 * final arrays: loading never holds the whole encoded body as well as the decoded postings.
 */
export class SegmentDecoder {
  private readonly docs: DocMeta[];
  private readonly terms: string[];
  private readonly fieldLens: Uint16Array;
  private readonly offsets: Uint32Array;
  private readonly postDocs: Uint32Array;
  private readonly postTf: Uint8Array;
  private phase: Phase;
  private i = 0;
  private t = 0;
  private remaining = 0;
  private n = 0;
  private d = 0;
  /** A varint split across two pieces. */
  private value = 0;
  private shift = 0;

  constructor(private readonly header: SegmentHeader) {
    const [ids, titles, days, upvotes] = header.docs;
    this.docs = ids.map((id, i) => ({ id, title: titles[i] ?? '', day: days[i] ?? '', upvotes: upvotes[i] ?? 0 }));
    this.terms = header.terms.length === 0 ? [] : header.terms.split('\n');
    this.fieldLens = new Uint16Array(this.docs.length * F);
    this.offsets = new Uint32Array(this.terms.length + 1);
    this.postDocs = new Uint32Array(header.postings);
    this.postTf = new Uint8Array(header.postings * F);
    this.phase = this.fieldLens.length > 0 ? Phase.FieldLength : this.terms.length > 0 ? Phase.TermCount : Phase.Done;
  }

  push(bytes: Uint8Array): void {
    for (let k = 0; k < bytes.length; k++) {
      const byte = bytes[k] as number;
      this.value += (byte & 0x7f) * 2 ** this.shift;
      if (byte >= 0x80) {
        this.shift += 7;
        continue;
      }
      const v = this.value;
      this.value = 0;
      this.shift = 0;
      this.take(v);
    }
  }

  private take(v: number): void {
    switch (this.phase) {
      case Phase.FieldLength:
        this.fieldLens[this.i++] = v;
        if (this.i === this.fieldLens.length) this.phase = this.terms.length > 0 ? Phase.TermCount : Phase.Done;
        return;
      case Phase.TermCount:
        if (this.n + v > this.header.postings)
          throw new Error('index segment is corrupt: more postings than its header says');
        this.remaining = v;
        this.d = 0;
        if (v === 0) this.endTerm();
        else this.phase = Phase.DocGap;
        return;
      case Phase.DocGap: {
        const d = this.d + v;
        const first = this.n === this.offsets[this.t];
        if (d >= this.docs.length || (!first && v === 0))
          throw new Error('index segment is corrupt: bad document number');
        this.d = d;
        this.postDocs[this.n] = d;
        this.phase = Phase.Frequencies;
        return;
      }
      case Phase.Frequencies: {
        const b = this.n * F;
        this.postTf[b + 2] = v & 0xff;
        this.postTf[b] = (v >>> 8) & 0xff;
        this.postTf[b + 1] = (v >>> 16) & 0xff;
        this.postTf[b + 3] = (v >>> 24) & 0xff;
        this.n++;
        if (--this.remaining === 0) this.endTerm();
        else this.phase = Phase.DocGap;
        return;
      }
      case Phase.Done:
        throw new Error('index segment is corrupt: body longer than its header says');
    }
  }

  private endTerm(): void {
    this.offsets[++this.t] = this.n;
    this.phase = this.t === this.terms.length ? Phase.Done : Phase.TermCount;
  }

  finish(): Segment {
    if (this.phase !== Phase.Done || this.shift !== 0 || this.n !== this.header.postings) {
      throw new Error('index segment is corrupt: body and header disagree');
    }
    const termIds = new Map<string, number>();
    for (let i = 0; i < this.terms.length; i++) termIds.set(this.terms[i] as string, i);
    const { docs, fieldLens, terms, offsets, postDocs, postTf } = this;
    return { docs, fieldLens, terms, termIds, offsets, postDocs, postTf };
  }
}

/** LEB128 unsigned varints into a growing byte buffer. */
class VarintWriter {
  private buf: Uint8Array;
  private n = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  write(value: number): void {
    if (this.n + 5 > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buf[this.n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.n++] = v;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

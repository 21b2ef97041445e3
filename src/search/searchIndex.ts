import { type DocMeta, FIELDS, type Field, type Segment } from './segment.ts';
import { tokenize } from './tokenize.ts';

const F = FIELDS.length;

/** One scoring unit of a query: its words must all occur in one field; `weight` scales it. */
export interface Clause {
  words: string[];
  weight: number;
}

/** How much each field counts (BM25F field weights). */
export type FieldWeights = Record<Field, number>;

export const TOPIC_WEIGHTS: FieldWeights = { title: 2.5, keywords: 3, abstract: 1, authors: 0 };
export const SEARCH_WEIGHTS: FieldWeights = { title: 2, keywords: 2, abstract: 1, authors: 1.5 };
/** How strongly each field's length is normalised. */
const B: FieldWeights = { title: 0.3, keywords: 0.3, abstract: 0.75, authors: 0.3 };
const K1 = 1.2;

export interface Hit extends DocMeta {
  /** BM25F relevance: what results are ordered by. */
  score: number;
  /**
   * How strongly the paper matches regardless of how common the words are: the sum over clauses
   * of weight × saturated field-weighted frequency. Corpus-independent, so it is what a
   * relevance cut-off compares against.
   */
  evidence: number;
}

/** The best hits of a query, and how many papers passed its cut-off in all. */
export interface QueryResult {
  hits: Hit[];
  total: number;
}

/** Turns a phrase into a clause of stemmed terms; empty when the phrase is all stop words. */
export function phraseClause(phrase: string, weight: number): Clause | undefined {
  const words = [...new Set(tokenize(phrase))];
  return words.length === 0 ? undefined : { words, weight };
}

/**
 * The in-memory search index: the store's segments, newest last. A paper that appears in
 * several segments is live only in the newest; older copies are skipped until a merge drops them.
 * Documents are numbered globally (segment base + local number) for the score accumulators.
 */
export class SearchIndex {
  private segments: Segment[] = [];
  private bases: number[] = [];
  private total = 0;
  /** id → global number of the live copy. */
  private live = new Map<string, number>();
  private alive = new Uint8Array(0);
  /** Per document and field: 1 / BM25 length normalisation, precomputed. */
  private invNorm = new Float32Array(0);
  private dayCounts = new Map<string, number>();
  private dayList: Array<{ day: string; count: number }> | undefined;
  private scores = new Float64Array(0);
  private evidence = new Float64Array(0);

  constructor(segments: readonly Segment[] = []) {
    this.replace(segments);
  }

  /** Replaces every segment (after a load or a merge). */
  replace(segments: readonly Segment[]): void {
    this.segments = [...segments];
    this.rebuild();
  }

  get segmentList(): readonly Segment[] {
    return this.segments;
  }

  /** Whether `d` of segment `s` is the live copy of its paper. */
  isLive(s: number, d: number): boolean {
    return this.alive[(this.bases[s] as number) + d] === 1;
  }

  get size(): number {
    return this.live.size;
  }

  /** The live metadata of a paper, if indexed. */
  get(id: string): DocMeta | undefined {
    const g = this.live.get(id);
    return g === undefined ? undefined : this.doc(g);
  }

  /** Days that have papers, newest first, with their counts (computed once per change). */
  days(): ReadonlyArray<{ day: string; count: number }> {
    this.dayList ??= [...this.dayCounts]
      .filter(([day]) => day !== '')
      .map(([day, count]) => ({ day, count }))
      .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
    return this.dayList;
  }

  private doc(g: number): DocMeta {
    const s = this.segmentOf(g);
    return (this.segments[s] as Segment).docs[g - (this.bases[s] as number)] as DocMeta;
  }

  private rebuild(): void {
    this.bases = [];
    this.total = 0;
    for (const seg of this.segments) {
      this.bases.push(this.total);
      this.total += seg.docs.length;
    }
    this.live.clear();
    for (let s = 0; s < this.segments.length; s++) {
      const docs = (this.segments[s] as Segment).docs;
      const base = this.bases[s] as number;
      for (let d = 0; d < docs.length; d++) this.live.set((docs[d] as DocMeta).id, base + d);
    }
    this.alive = new Uint8Array(this.total);
    this.dayCounts.clear();
    this.dayList = undefined;
    for (const g of this.live.values()) {
      this.alive[g] = 1;
      const day = this.doc(g).day;
      this.dayCounts.set(day, (this.dayCounts.get(day) ?? 0) + 1);
    }
    this.computeNorms();
    if (this.scores.length < this.total) {
      this.scores = new Float64Array(this.total);
      this.evidence = new Float64Array(this.total);
    }
  }

  private computeNorms(): void {
    const sums = new Float64Array(F);
    for (let s = 0; s < this.segments.length; s++) {
      const lens = (this.segments[s] as Segment).fieldLens;
      const base = this.bases[s] as number;
      for (let d = 0; d < lens.length / F; d++) {
        if (this.alive[base + d] !== 1) continue;
        for (let f = 0; f < F; f++) sums[f] = (sums[f] as number) + (lens[d * F + f] as number);
      }
    }
    const n = Math.max(1, this.live.size);
    const avg = Array.from(sums, (sum) => Math.max(1, sum / n));
    const b = FIELDS.map((field) => B[field]);
    this.invNorm = new Float32Array(this.total * F);
    for (let s = 0; s < this.segments.length; s++) {
      const lens = (this.segments[s] as Segment).fieldLens;
      const at = (this.bases[s] as number) * F;
      for (let i = 0; i < lens.length; i++) {
        const f = i % F;
        const bf = b[f] as number;
        this.invNorm[at + i] = 1 / (1 - bf + (bf * (lens[i] as number)) / (avg[f] as number));
      }
    }
  }

  private segmentOf(g: number): number {
    let lo = 0;
    let hi = this.bases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.bases[mid] as number) <= g) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Scores every live paper against the clauses with BM25F and returns the `limit` best whose
   * evidence is at least `minEvidence` (ties: more upvotes first), with the count of all that passed.
   */
  query(
    clauses: readonly Clause[],
    weights: FieldWeights,
    minEvidence = 0,
    limit = Number.MAX_SAFE_INTEGER,
  ): QueryResult {
    const touched: number[] = [];
    // Every stored copy, superseded ones included, as postings count them too: df never exceeds N.
    const n = Math.max(1, this.total);
    const w = Float64Array.from(FIELDS, (field) => weights[field]);
    for (const clause of clauses) {
      let df = Number.POSITIVE_INFINITY;
      for (const word of clause.words) df = Math.min(df, this.docFreq(word));
      if (df === 0 || df === Number.POSITIVE_INFINITY) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let s = 0; s < this.segments.length; s++) this.scoreClause(s, clause, idf, w, touched);
    }
    const passed: number[] = [];
    for (const g of touched) {
      if ((this.evidence[g] as number) >= minEvidence) passed.push(g);
      else this.clear(g);
    }
    const byRank = (a: number, b: number) =>
      (this.scores[b] as number) - (this.scores[a] as number) || this.doc(b).upvotes - this.doc(a).upvotes || a - b;
    const best = limit < passed.length ? selectTop(passed, limit, byRank) : passed.sort(byRank);
    const hits = best.map((g) => ({
      ...this.doc(g),
      score: this.scores[g] as number,
      evidence: this.evidence[g] as number,
    }));
    for (const g of passed) this.clear(g);
    return { hits, total: passed.length };
  }

  private clear(g: number): void {
    this.scores[g] = 0;
    this.evidence[g] = 0;
  }

  private docFreq(word: string): number {
    let df = 0;
    for (const seg of this.segments) {
      const t = seg.termIds.get(word);
      if (t !== undefined) df += (seg.offsets[t + 1] as number) - (seg.offsets[t] as number);
    }
    return df;
  }

  /**
   * Adds one clause's BM25F contribution for the documents of segment `s`. A multi-word clause
   * walks the rarest word's postings and advances a cursor through each other word's (postings
   * are in document order); its frequency in a field is the smallest of its words'.
   */
  private scoreClause(s: number, clause: Clause, idf: number, w: Float64Array, touched: number[]): void {
    const seg = this.segments[s] as Segment;
    const starts: number[] = [];
    const ends: number[] = [];
    for (const word of clause.words) {
      const t = seg.termIds.get(word);
      if (t === undefined) return;
      starts.push(seg.offsets[t] as number);
      ends.push(seg.offsets[t + 1] as number);
    }
    let driver = 0;
    for (let k = 1; k < starts.length; k++) {
      if ((ends[k] as number) - (starts[k] as number) < (ends[driver] as number) - (starts[driver] as number))
        driver = k;
    }
    const { postDocs, postTf } = seg;
    const base = this.bases[s] as number;
    const tf = new Float64Array(F);
    for (let i = starts[driver] as number; i < (ends[driver] as number); i++) {
      const d = postDocs[i] as number;
      const g = base + d;
      if (this.alive[g] !== 1) continue;
      for (let f = 0; f < F; f++) tf[f] = postTf[i * F + f] as number;
      let all = true;
      for (let k = 0; k < starts.length && all; k++) {
        if (k === driver) continue;
        let c = starts[k] as number;
        const end = ends[k] as number;
        while (c < end && (postDocs[c] as number) < d) c++;
        starts[k] = c;
        if (c >= end || postDocs[c] !== d) all = false;
        else for (let f = 0; f < F; f++) tf[f] = Math.min(tf[f] as number, postTf[c * F + f] as number);
      }
      if (!all) continue;
      let weighted = 0;
      for (let f = 0; f < F; f++)
        weighted += (w[f] as number) * (tf[f] as number) * (this.invNorm[g * F + f] as number);
      if (weighted === 0) continue;
      const saturated = weighted / (K1 + weighted);
      if (this.evidence[g] === 0) touched.push(g);
      this.scores[g] = (this.scores[g] as number) + clause.weight * idf * saturated;
      this.evidence[g] = (this.evidence[g] as number) + clause.weight * saturated;
    }
  }
}

/** The `k` first items of `items` under `compare`, in order, without sorting them all. */
function selectTop(items: number[], k: number, compare: (a: number, b: number) => number): number[] {
  const top: number[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    if (top.length === k && compare(item, top[k - 1] as number) >= 0) continue;
    let at = top.length === k ? k - 1 : top.length;
    if (top.length === k) top.pop();
    while (at > 0 && compare(item, top[at - 1] as number) < 0) at--;
    top.splice(at, 0, item);
  }
  return top;
}

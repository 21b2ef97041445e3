import { type DocMeta, FIELDS, type Field, type Segment } from './segment.ts';
import { tokenize } from './tokenize.ts';

const F = FIELDS.length;

/** One scoring unit of a query: its words must all occur in one field; `weight` scales it. */
export interface Clause {
  words: string[];
  weight: number;
}

/** How much each field counts, and how strongly its length is normalised (BM25F). */
export type FieldWeights = Record<Field, number>;

export const TOPIC_WEIGHTS: FieldWeights = { title: 2.5, keywords: 3, abstract: 1, authors: 0 };
export const SEARCH_WEIGHTS: FieldWeights = { title: 2, keywords: 2, abstract: 1, authors: 1.5 };
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

/** Turns a phrase into a clause of stemmed terms; empty when the phrase is all stop words. */
export function phraseClause(phrase: string, weight: number): Clause | undefined {
  const words = [...new Set(tokenize(phrase))];
  return words.length === 0 ? undefined : { words, weight };
}

/**
 * The in-memory search index: the store's segments, newest last. A paper that appears in
 * several segments is live only in the newest; older copies are skipped until a merge drops them.
 */
export class SearchIndex {
  private segments: Segment[] = [];
  private bases: number[] = [];
  private total = 0;
  /** id → [segment, local doc] of the live copy. */
  private live = new Map<string, [number, number]>();
  private alive = new Uint8Array(0);
  private avgLen = new Float64Array(F);
  private dayCounts = new Map<string, number>();
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

  /** Adds a segment whose documents supersede earlier copies of the same papers. */
  add(segment: Segment): void {
    this.segments.push(segment);
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
    const at = this.live.get(id);
    return at ? this.segments[at[0]]?.docs[at[1]] : undefined;
  }

  /** Days that have papers, newest first, with their counts. */
  days(): Array<{ day: string; count: number }> {
    return [...this.dayCounts]
      .filter(([day]) => day !== '')
      .map(([day, count]) => ({ day, count }))
      .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  }

  countOnDay(day: string): number {
    return this.dayCounts.get(day) ?? 0;
  }

  private rebuild(): void {
    this.bases = [];
    this.total = 0;
    for (const seg of this.segments) {
      this.bases.push(this.total);
      this.total += seg.docs.length;
    }
    this.live.clear();
    this.segments.forEach((seg, s) => {
      seg.docs.forEach((doc, d) => {
        this.live.set(doc.id, [s, d]);
      });
    });
    this.alive = new Uint8Array(this.total);
    this.dayCounts.clear();
    const sums = new Float64Array(F);
    for (const [s, d] of this.live.values()) {
      const seg = this.segments[s] as Segment;
      this.alive[(this.bases[s] as number) + d] = 1;
      for (let f = 0; f < F; f++) sums[f] = (sums[f] as number) + (seg.fieldLens[d * F + f] as number);
      const day = (seg.docs[d] as DocMeta).day;
      this.dayCounts.set(day, (this.dayCounts.get(day) ?? 0) + 1);
    }
    const n = Math.max(1, this.live.size);
    for (let f = 0; f < F; f++) this.avgLen[f] = Math.max(1, (sums[f] as number) / n);
    if (this.scores.length < this.total) {
      this.scores = new Float64Array(this.total);
      this.evidence = new Float64Array(this.total);
    }
  }

  /**
   * Scores every live paper against the clauses with BM25F and returns those whose evidence is
   * at least `minEvidence`, best first (ties: more upvotes first).
   */
  query(clauses: readonly Clause[], weights: FieldWeights, minEvidence = 0): Hit[] {
    const scores = this.scores;
    const touched: number[] = [];
    const n = Math.max(1, this.live.size);
    for (const clause of clauses) {
      const df = Math.min(...clause.words.map((w) => this.docFreq(w)));
      if (df === 0) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      this.segments.forEach((seg, s) => {
        this.scoreClause(seg, s, clause, idf, weights, touched);
      });
    }
    const hits: Hit[] = [];
    for (const g of touched) {
      const score = scores[g] as number;
      const evidence = this.evidence[g] as number;
      scores[g] = 0;
      this.evidence[g] = 0;
      if (evidence < minEvidence) continue;
      const s = this.segmentOf(g);
      const doc = (this.segments[s] as Segment).docs[g - (this.bases[s] as number)] as DocMeta;
      hits.push({ ...doc, score, evidence });
    }
    return hits.sort((a, b) => b.score - a.score || b.upvotes - a.upvotes || (a.id < b.id ? -1 : 1));
  }

  private docFreq(word: string): number {
    let df = 0;
    for (const seg of this.segments) {
      const t = seg.termIds.get(word);
      if (t !== undefined) df += (seg.offsets[t + 1] as number) - (seg.offsets[t] as number);
    }
    return df;
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

  private scoreClause(
    seg: Segment,
    s: number,
    clause: Clause,
    idf: number,
    weights: FieldWeights,
    touched: number[],
  ): void {
    const lists: Array<[number, number]> = [];
    for (const w of clause.words) {
      const t = seg.termIds.get(w);
      if (t === undefined) return;
      lists.push([seg.offsets[t] as number, seg.offsets[t + 1] as number]);
    }
    lists.sort((a, b) => a[1] - a[0] - (b[1] - b[0]));
    const [driver, ...others] = lists as [[number, number], ...Array<[number, number]>];
    const cursors = others.map((l) => l[0]);
    const base = this.bases[s] as number;
    const tf = new Float64Array(F);
    for (let i = driver[0]; i < driver[1]; i++) {
      const d = seg.postDocs[i] as number;
      if (this.alive[base + d] !== 1) continue;
      for (let f = 0; f < F; f++) tf[f] = seg.postTf[i * F + f] as number;
      let all = true;
      for (let o = 0; o < others.length && all; o++) {
        const end = (others[o] as [number, number])[1];
        let c = cursors[o] as number;
        while (c < end && (seg.postDocs[c] as number) < d) c++;
        cursors[o] = c;
        if (c >= end || seg.postDocs[c] !== d) {
          all = false;
          break;
        }
        for (let f = 0; f < F; f++) tf[f] = Math.min(tf[f] as number, seg.postTf[c * F + f] as number);
      }
      if (!all) continue;
      let weighted = 0;
      for (let f = 0; f < F; f++) {
        const field = FIELDS[f] as Field;
        const x = tf[f] as number;
        if (x === 0 || weights[field] === 0) continue;
        const len = seg.fieldLens[d * F + f] as number;
        const norm = 1 - B[field] + (B[field] * len) / (this.avgLen[f] as number);
        weighted += (weights[field] * x) / norm;
      }
      if (weighted === 0) continue;
      const g = base + d;
      if (this.scores[g] === 0) touched.push(g);
      const saturated = weighted / (K1 + weighted);
      this.scores[g] = (this.scores[g] as number) + clause.weight * idf * saturated;
      this.evidence[g] = (this.evidence[g] as number) + clause.weight * saturated;
    }
  }
}

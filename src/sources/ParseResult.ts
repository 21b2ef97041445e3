import type { PaperInput } from '../papers/paper.ts';

/** An item a source sent that could not become a paper, and why. */
export interface SkippedItem {
  id?: string;
  reason: string;
}

/** The papers a response held, and the items that were left out. */
export interface ParseResult {
  papers: PaperInput[];
  skipped: SkippedItem[];
}

/** One item's fate: a paper, or a reason it was left out. */
export type ItemResult = { ok: true; paper: PaperInput } | { ok: false; id?: string; reason: string };

import { mergePaper } from '../papers/mergePaper.ts';
import { type Paper, type PaperInput, paperDay } from '../papers/paper.ts';
import { rankDay } from '../ranking/rankDay.ts';
import { UNDATED } from '../store/paperRepository.ts';

/** What an ingest changed. */
export interface IngestSummary {
  /** Distinct papers in the input. */
  received: number;
  added: number;
  updated: number;
  unchanged: number;
}

export interface IngestPlan {
  /** Whole day buckets to write (an empty list deletes the bucket), each ranked best first. */
  writes: Map<string, Paper[]>;
  /** The new or changed papers, to index. */
  changed: Paper[];
  summary: IngestSummary;
}

/** The buckets an ingest must read: where each paper lives now, and every day it may move to. */
export function bucketsToRead(inputs: readonly PaperInput[], homeOf: (id: string) => string | undefined): string[] {
  const days = new Set<string>();
  for (const input of inputs) {
    const home = homeOf(input.id);
    if (home !== undefined) days.add(home);
    days.add(paperDay(input) ?? UNDATED);
    if (input.publishedAt) days.add(input.publishedAt.slice(0, 10));
  }
  return [...days];
}

/**
 * Folds inputs, in order, into the day buckets that hold them (as `bucketsToRead` chose them):
 * a paper reported twice is merged twice, exactly as two separate ingests would; a paper whose
 * day changes (it gained a Daily Papers day) moves bucket. Pure: the caller reads and writes.
 */
export function planIngest(
  buckets: ReadonlyMap<string, readonly Paper[]>,
  inputs: readonly PaperInput[],
  now: Date,
): IngestPlan {
  const stored = new Map<string, { day: string; paper: Paper }>();
  for (const [day, list] of buckets) for (const paper of list) stored.set(paper.id, { day, paper });
  const current = new Map<string, Paper>();
  for (const input of inputs)
    current.set(input.id, mergePaper(current.get(input.id) ?? stored.get(input.id)?.paper, input, now));

  const lists = new Map<string, Paper[]>();
  const listOf = (day: string) => {
    let list = lists.get(day);
    if (!list) {
      list = [...(buckets.get(day) ?? [])];
      lists.set(day, list);
    }
    return list;
  };
  const summary: IngestSummary = { received: current.size, added: 0, updated: 0, unchanged: 0 };
  const changed: Paper[] = [];
  for (const [id, paper] of current) {
    const before = stored.get(id);
    if (before?.paper === paper) {
      summary.unchanged++;
      continue;
    }
    if (before) summary.updated++;
    else summary.added++;
    changed.push(paper);
    if (before) {
      const old = listOf(before.day);
      old.splice(
        old.findIndex((p) => p.id === id),
        1,
      );
    }
    listOf(paperDay(paper) ?? UNDATED).push(paper);
  }
  const writes = new Map<string, Paper[]>();
  for (const [day, list] of lists)
    writes.set(
      day,
      rankDay(list).map((r) => r.paper),
    );
  return { writes, changed, summary };
}

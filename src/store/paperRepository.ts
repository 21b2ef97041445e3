import type { Paper } from '../papers/paper.ts';
import type { Store } from './openStore.ts';

/** The key of papers with no known date. */
export const UNDATED = 'undated';

/**
 * Buckets are validated in full when written (every paper passed the paper schema on its way in);
 * on the hot read path a structural check is enough to refuse a damaged record, at a fraction
 * of the cost of re-validating forty papers per read.
 */
function isBucket(value: unknown): value is Paper[] {
  return (
    Array.isArray(value) &&
    value.every(
      (p: Partial<Paper> | null) =>
        typeof p?.id === 'string' && typeof p.title === 'string' && typeof p.links?.hf === 'string',
    )
  );
}
const GENERATION = 'generation';
/** getMany in @keyv/sqlite scans its result once per key: keep batches small. */
const GET_BATCH = 200;

/**
 * Papers are kept in day buckets — one record per day holding every paper filed under it —
 * so a day's list is one read, and writing a day's refresh is one write, not one per paper.
 */
export interface PaperReader {
  /** The papers filed under a day (or UNDATED), in stored order. */
  getDay(day: string): Promise<Paper[]>;
  getDays(days: readonly string[]): Promise<Map<string, Paper[]>>;
  /** Counts every write; the search index records which generation it covers. */
  generation(): Promise<number>;
  /** Every bucket, for a full re-index. */
  allDays(): AsyncGenerator<[string, Paper[]]>;
}

/** Reads and writes inside one transaction. */
export interface PaperTransaction extends PaperReader {
  /** Writes whole buckets and bumps the generation; an empty bucket is deleted. Returns the new generation. */
  putDays(buckets: ReadonlyMap<string, readonly Paper[]>): Promise<number>;
}

export interface PaperRepository extends PaperReader {
  /**
   * Runs a read-modify-write as one all-or-nothing transaction. Other writers, in this process
   * or another one on the same store, wait: no update is lost between the read and the write.
   */
  update<T>(work: (tx: PaperTransaction) => Promise<T>): Promise<T>;
  /** `update` that only writes buckets. */
  putDays(buckets: ReadonlyMap<string, readonly Paper[]>): Promise<number>;
}

export function createPaperRepository(store: Store): PaperRepository {
  const kv = store.keyv('papers');
  const key = (day: string) => `day:${day}`;
  const parse = (day: string, value: unknown): Paper[] => {
    if (value === undefined) return [];
    if (!isBucket(value)) throw new Error(`stored papers for ${day} are not readable`);
    return value;
  };
  const reader: PaperReader = {
    async getDay(day) {
      return parse(day, await kv.get(key(day)));
    },
    async getDays(days) {
      const out = new Map<string, Paper[]>();
      // A plain get is cheaper than getMany's json_each for the common single day.
      if (days.length === 1) {
        const day = days[0] as string;
        out.set(day, parse(day, await kv.get(key(day))));
        return out;
      }
      for (let i = 0; i < days.length; i += GET_BATCH) {
        const batch = days.slice(i, i + GET_BATCH);
        const values = await kv.getMany(batch.map(key));
        for (let j = 0; j < batch.length; j++) out.set(batch[j] as string, parse(batch[j] as string, values[j]));
      }
      return out;
    },
    async generation() {
      return ((await kv.get(GENERATION)) as number | undefined) ?? 0;
    },
    async *allDays() {
      for await (const [k, value] of kv.iterator?.(undefined) ?? []) {
        const name = String(k);
        if (!name.startsWith('day:')) continue;
        const day = name.slice(4);
        yield [day, parse(day, value)];
      }
    },
  };
  // Runs inside a transaction only: the store serialises those per namespace.
  const putDays = async (buckets: ReadonlyMap<string, readonly Paper[]>): Promise<number> => {
    for (const [day, papers] of buckets) {
      if (papers.length === 0) await kv.delete(key(day));
      else await kv.set(key(day), papers);
    }
    const next = (await reader.generation()) + 1;
    await kv.set(GENERATION, next);
    return next;
  };
  return {
    ...reader,
    update: (work) => store.transaction('papers', () => work({ ...reader, putDays })),
    putDays: (buckets) => store.transaction('papers', () => putDays(buckets)),
  };
}

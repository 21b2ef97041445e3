import { z } from 'zod';
import { encodeSegment, type Segment, SegmentDecoder } from '../search/segment.ts';
import type { Store } from './openStore.ts';

const manifestSchema = z.object({
  version: z.literal(1),
  /** The paper generation the segments cover; a mismatch after a crash means re-index. */
  generation: z.number().int(),
  next: z.number().int(),
  segments: z.array(z.object({ name: z.string(), parts: z.number().int(), docs: z.number().int() })),
});
export type IndexManifest = z.infer<typeof manifestSchema>;

const headerSchema = z.object({
  docs: z.tuple([z.array(z.string()), z.array(z.string()), z.array(z.string()), z.array(z.number())]),
  terms: z.string(),
  postings: z.number().int().nonnegative(),
  bodyBytes: z.number().int().nonnegative(),
});

/** Base64 characters per stored part: a multiple of 4, so each part decodes on its own. */
const PART_CHARS = 8 * 1024 * 1024;

export interface IndexRepositoryOptions {
  /** Smaller parts in tests; must be a multiple of 4. */
  partChars?: number;
}

/**
 * The search index is stored as a few large binary segments plus a manifest, so a cold start
 * reads a handful of records instead of scanning every paper.
 */
export interface IndexRepository {
  /** The stored index; undefined when there is none; `IndexCorruptError` when it cannot be read. */
  load(): Promise<{ manifest: IndexManifest; segments: Segment[] } | undefined>;
  /**
   * Replaces the stored segment list: writes `added` (appended in order) after keeping the
   * segments named in `keep`, and deletes the rest, in one transaction — only if the stored list
   * is still `expected` (what this process last loaded or wrote). Otherwise another process has
   * written the index meanwhile: nothing is written and `IndexConflictError` is thrown.
   * `expected: 'any'` replaces whatever is stored (a full rebuild).
   */
  save(
    expected: readonly string[] | 'any',
    keep: readonly string[],
    added: readonly Segment[],
    generation: number,
  ): Promise<IndexManifest>;
}

/** A stored index that cannot be read back: the catalog rebuilds it from the papers. */
export class IndexCorruptError extends Error {
  override readonly name = 'IndexCorruptError';
}

/** The stored index changed under this process: reload it instead of overwriting it. */
export class IndexConflictError extends Error {
  override readonly name = 'IndexConflictError';
}

export function createIndexRepository(
  store: Store,
  { partChars = PART_CHARS }: IndexRepositoryOptions = {},
): IndexRepository {
  if (partChars % 4 !== 0) throw new RangeError('partChars must be a multiple of 4');
  const kv = store.keyv('index');
  const readManifest = async (): Promise<IndexManifest | undefined> => {
    const raw = await kv.get('manifest');
    if (raw === undefined) return undefined;
    const parsed = manifestSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  };
  return {
    async load() {
      const manifest = await readManifest();
      if (!manifest) return undefined;
      const segments: Segment[] = [];
      for (const entry of manifest.segments) {
        const header = headerSchema.safeParse(await kv.get(`${entry.name}:h`));
        if (!header.success) throw new IndexCorruptError(`index segment ${entry.name} has no readable header`);
        // Part by part, decoded as it arrives: never the whole body (or its base64) in memory.
        const decoder = new SegmentDecoder(header.data);
        try {
          for (let i = 0; i < entry.parts; i++) {
            const part = await kv.get(`${entry.name}:${i}`);
            if (typeof part !== 'string') throw new Error(`part ${i} is missing`);
            decoder.push(Buffer.from(part, 'base64'));
          }
          segments.push(decoder.finish());
        } catch (error) {
          throw new IndexCorruptError(`index segment ${entry.name}: ${(error as Error).message}`);
        }
      }
      return { manifest, segments };
    },
    async save(expected, keep, added, generation) {
      return store.transaction('index', async () => {
        const old = (await readManifest()) ?? { version: 1 as const, generation: 0, next: 0, segments: [] };
        const stored = old.segments.map((s) => s.name);
        if (expected !== 'any' && (stored.length !== expected.length || stored.some((n, i) => n !== expected[i]))) {
          throw new IndexConflictError('the stored search index was changed by another process');
        }
        let next = old.next;
        const kept = old.segments.filter((s) => keep.includes(s.name));
        const written: IndexManifest['segments'] = [];
        for (const seg of added) {
          const name = `seg${next++}`;
          const { header, body } = encodeSegment(seg);
          await kv.set(`${name}:h`, header);
          const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64');
          let parts = 0;
          for (let i = 0; i < text.length; i += partChars)
            await kv.set(`${name}:${parts++}`, text.slice(i, i + partChars));
          written.push({ name, parts, docs: seg.docs.length });
        }
        const manifest: IndexManifest = { version: 1, generation, next, segments: [...kept, ...written] };
        await kv.set('manifest', manifest);
        for (const gone of old.segments.filter((s) => !keep.includes(s.name))) {
          // One key at a time: @keyv/sqlite's deleteMany first reads every (8 MB) value it deletes.
          for (const k of [`${gone.name}:h`, ...Array.from({ length: gone.parts }, (_, i) => `${gone.name}:${i}`)]) {
            await kv.delete(k);
          }
        }
        return manifest;
      });
    },
  };
}

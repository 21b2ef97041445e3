import { z } from 'zod';
import { deserializeSegment, type Segment, serializeSegment } from '../search/segment.ts';
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
  sizes: z.array(z.number().int()),
});

/**
 * The search index is stored as a few large binary segments plus a manifest, so a cold start
 * reads a handful of records instead of scanning every paper.
 */
export interface IndexRepository {
  load(): Promise<{ manifest: IndexManifest; segments: Segment[] } | undefined>;
  /**
   * Replaces the stored segment list: writes `added` (appended in order) after keeping the
   * segments named in `keep`, and deletes the rest, in one transaction.
   */
  save(keep: readonly string[], added: readonly Segment[], generation: number): Promise<IndexManifest>;
}

export function createIndexRepository(store: Store): IndexRepository {
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
        const keys = [`${entry.name}:h`, ...Array.from({ length: entry.parts }, (_, i) => `${entry.name}:${i}`)];
        const values = await kv.getMany(keys);
        const header = headerSchema.safeParse(values[0]);
        const parts = values.slice(1);
        if (!header.success || parts.some((p) => typeof p !== 'string')) return undefined;
        segments.push(deserializeSegment({ header: header.data, parts: parts as string[] }));
      }
      return { manifest, segments };
    },
    async save(keep, added, generation) {
      return store.transaction('index', async () => {
        const old = (await readManifest()) ?? { version: 1 as const, generation: 0, next: 0, segments: [] };
        let next = old.next;
        const kept = old.segments.filter((s) => keep.includes(s.name));
        const written: IndexManifest['segments'] = [];
        for (const seg of added) {
          const name = `seg${next++}`;
          const { header, parts } = serializeSegment(seg);
          await kv.set(`${name}:h`, header);
          for (let i = 0; i < parts.length; i++) await kv.set(`${name}:${i}`, parts[i]);
          written.push({ name, parts: parts.length, docs: seg.docs.length });
        }
        const manifest: IndexManifest = { version: 1, generation, next, segments: [...kept, ...written] };
        await kv.set('manifest', manifest);
        for (const gone of old.segments.filter((s) => !keep.includes(s.name))) {
          await kv.deleteMany([`${gone.name}:h`, ...Array.from({ length: gone.parts }, (_, i) => `${gone.name}:${i}`)]);
        }
        return manifest;
      });
    },
  };
}

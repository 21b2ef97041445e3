import { describe, expect, it } from 'vitest';
import { mergePaper } from '../../src/papers/mergePaper.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { SearchIndex } from '../../src/search/searchIndex.ts';
import { buildSegment } from '../../src/search/segment.ts';
import { createIndexRepository, IndexConflictError } from '../../src/store/indexRepository.ts';
import { createPaperRepository } from '../../src/store/paperRepository.ts';
import { BACKENDS } from '../support/backends.ts';
import { paperInput } from '../support/paperInputs.ts';

const NOW = new Date('2026-08-19T12:00:00Z');
const paper = (id: string, extra: Parameters<typeof paperInput>[0] | object = {}): Paper =>
  mergePaper(undefined, paperInput({ id, ...extra }), NOW);

describe.each(BACKENDS)('repositories on $name', (backend) => {
  describe('papers', () => {
    it('reads an unknown day as empty', async () => {
      const repo = createPaperRepository(await backend.create());
      expect(await repo.getDay('2026-08-19')).toEqual([]);
      expect(await repo.generation()).toBe(0);
    });

    it('keeps buckets across a restart and counts generations', async () => {
      let store = await backend.create();
      const a = paper('2608.00001');
      const b = paper('2608.00002', { dailyDate: '2026-08-20' });
      expect(
        await createPaperRepository(store).putDays(
          new Map([
            ['2026-08-19', [a]],
            ['2026-08-20', [b]],
          ]),
        ),
      ).toBe(1);
      store = await backend.reopen(store);
      const repo = createPaperRepository(store);
      expect(await repo.getDay('2026-08-19')).toEqual([a]);
      expect(await repo.generation()).toBe(1);
      const both = await repo.getDays(['2026-08-20', '2026-08-19', '2026-01-01']);
      expect(both.get('2026-08-20')).toEqual([b]);
      expect(both.get('2026-01-01')).toEqual([]);
    });

    it('deletes a bucket written empty', async () => {
      const repo = createPaperRepository(await backend.create());
      await repo.putDays(new Map([['2026-08-19', [paper('2608.00001')]]]));
      await repo.putDays(new Map([['2026-08-19', []]]));
      expect(await repo.getDay('2026-08-19')).toEqual([]);
      expect(await repo.generation()).toBe(2);
    });

    it('reads many days in one call, beyond one batch', async () => {
      const repo = createPaperRepository(await backend.create());
      const days = Array.from({ length: 450 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
      await repo.putDays(new Map(days.map((d, i) => [d, [paper(`2401.${String(10000 + i)}`, { dailyDate: d })]])));
      const read = await repo.getDays(days);
      expect([...read.values()].map((l) => l[0]?.id)).toEqual(days.map((_, i) => `2401.${String(10000 + i)}`));
      const seen: string[] = [];
      for await (const [day] of repo.allDays()) seen.push(day);
      expect(seen.sort()).toEqual([...days].sort());
    });

    it('reads and writes in one transaction: a failure leaves the buckets and the generation as they were', async () => {
      const store = await backend.create();
      const repo = createPaperRepository(store);
      await repo.putDays(new Map([['2026-08-19', [paper('2608.00001')]]]));
      await expect(
        repo.update(async (tx) => {
          const day = await tx.getDay('2026-08-19');
          await tx.putDays(new Map([['2026-08-19', [...day, paper('2608.00002')]]]));
          throw new Error('crash after the write');
        }),
      ).rejects.toThrow('crash after the write');
      expect((await repo.getDay('2026-08-19')).map((p) => p.id)).toEqual(['2608.00001']);
      expect(await repo.generation()).toBe(1);
    });

    it('rolls back a failed write as a whole', async () => {
      const store = await backend.create();
      const repo = createPaperRepository(store);
      await repo.putDays(new Map([['2026-08-19', [paper('2608.00001')]]]));
      await expect(
        store.transaction('papers', async () => {
          await store.keyv('papers').set('day:2026-08-19', []);
          throw new Error('disk gone');
        }),
      ).rejects.toThrow('disk gone');
      expect((await repo.getDay('2026-08-19')).map((p) => p.id)).toEqual(['2608.00001']);
    });
  });

  describe('search index', () => {
    const docs = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({
        id: `2608.${String(10000 + from + i)}`,
        title: i % 2 ? 'Reinforcement learning for robots' : 'Diffusion models for video',
        day: '2026-08-19',
        upvotes: i,
        abstract: `word${i} `.repeat(50),
        keywords: ['keyword'],
        authors: ['Grace Hopper'],
      }));

    it('has no index before the first save', async () => {
      expect(await createIndexRepository(await backend.create()).load()).toBeUndefined();
    });

    it('loads saved segments that answer queries exactly as before', async () => {
      let store = await backend.create();
      const segment = buildSegment(docs(40));
      await createIndexRepository(store).save('any', [], [segment], 7);
      store = await backend.reopen(store);
      const loaded = await createIndexRepository(store).load();
      expect(loaded?.manifest.generation).toBe(7);
      const query = [{ words: ['reinforc'], weight: 1 }];
      const weights = { title: 1, keywords: 1, abstract: 1, authors: 0 };
      expect(new SearchIndex(loaded?.segments).query(query, weights)).toEqual(
        new SearchIndex([segment]).query(query, weights),
      );
    });

    it('replaces segments: kept ones stay, dropped ones are gone', async () => {
      const store = await backend.create();
      const repo = createIndexRepository(store);
      const first = await repo.save('any', [], [buildSegment(docs(5)), buildSegment(docs(5, 5))], 1);
      const [a, b] = first.segments.map((s) => s.name);
      const second = await repo.save([a as string, b as string], [a as string], [buildSegment(docs(3, 10))], 2);
      expect(second.segments.map((s) => s.name)).toEqual([a, 'seg2']);
      expect(await store.keyv('index').get(`${b}:h`)).toBeUndefined();
      const loaded = await repo.load();
      expect(loaded?.segments.map((s) => s.docs.length)).toEqual([5, 3]);
    });

    it('refuses to overwrite an index another process changed, and writes nothing', async () => {
      const store = await backend.create();
      const repo = createIndexRepository(store);
      const mine = await repo.save('any', [], [buildSegment(docs(5))], 1);
      const theirs = await repo.save(
        mine.segments.map((s) => s.name),
        [],
        [buildSegment(docs(7, 5))],
        2,
      );
      await expect(
        repo.save(
          mine.segments.map((s) => s.name),
          [],
          [buildSegment(docs(2, 20))],
          3,
        ),
      ).rejects.toThrow(IndexConflictError);
      expect((await repo.load())?.manifest).toEqual(theirs);
    });

    it('splits a large segment into parts and reassembles it', async () => {
      const store = await backend.create();
      const big = buildSegment(
        Array.from({ length: 1000 }, (_, i) => ({
          id: `2608.${String(10000 + i)}`,
          title: `t${i}`,
          day: '2026-08-19',
          upvotes: 0,
          abstract: Array.from({ length: 100 }, (_, j) => `w${(i * 7 + j) % 20000}`).join(' '),
          keywords: [],
          authors: [],
        })),
      );
      const manifest = await createIndexRepository(store, { partChars: 4096 }).save('any', [], [big], 1);
      expect(manifest.segments[0]?.parts).toBeGreaterThan(10);
      const loaded = await createIndexRepository(store, { partChars: 4096 }).load();
      const again = loaded?.segments[0];
      expect(again && Buffer.from(again.postDocs.buffer).equals(Buffer.from(big.postDocs.buffer))).toBe(true);
      expect(again && Buffer.from(again.postTf.buffer).equals(Buffer.from(big.postTf.buffer))).toBe(true);
      expect(again?.terms.join('\n')).toBe(big.terms.join('\n'));
    });
  });
});

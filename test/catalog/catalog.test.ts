import { describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../src/catalog/openCatalog.ts';
import { createSilentLogger } from '../../src/logging/createLogger.ts';
import { createIndexRepository } from '../../src/store/indexRepository.ts';
import { openStore, type Store } from '../../src/store/openStore.ts';
import { createPaperRepository } from '../../src/store/paperRepository.ts';
import { BACKENDS, storeUrlOf } from '../support/backends.ts';
import { paperInput } from '../support/paperInputs.ts';

let now = new Date('2026-08-19T10:00:00Z');
const open = (store: Store): Promise<Catalog> =>
  openCatalog({
    papers: createPaperRepository(store),
    index: createIndexRepository(store),
    clock: () => now,
    logger: createSilentLogger(),
  });

describe.each(BACKENDS)('catalog on $name', (backend) => {
  it('keeps one record per paper, on the first day it appeared, with the newest upvotes', async () => {
    const catalog = await open(await backend.create());
    await catalog.ingest([paperInput({ id: '2608.12313', dailyDate: '2026-08-13', upvotes: 3 })]);
    now = new Date('2026-08-19T10:00:00Z');
    const summary = await catalog.ingest([
      paperInput({ id: '2608.12313', dailyDate: '2026-08-19', upvotes: 9, keywords: ['video'] }),
    ]);
    expect(summary).toMatchObject({ added: 0, updated: 1 });
    const paper = await catalog.show('2608.12313');
    expect(paper).toMatchObject({ dailyDate: '2026-08-13', upvotes: 9, keywords: ['video'] });
    expect((await catalog.day('2026-08-19')).papers).toEqual([]);
    expect((await catalog.day('2026-08-13')).papers.map((r) => r.paper.upvotes)).toEqual([9]);
  });

  it('does not let an arXiv record reset Hugging Face upvotes', async () => {
    const catalog = await open(await backend.create());
    await catalog.ingest([paperInput({ id: '2608.00001', upvotes: 12 })]);
    await catalog.ingest([
      paperInput({
        id: '2608.00001',
        upvotes: undefined,
        source: 'arxiv',
        dailyDate: undefined,
        categories: ['cs.LG'],
      }),
    ]);
    expect(await catalog.show('2608.00001')).toMatchObject({
      upvotes: 12,
      categories: ['cs.LG'],
      sources: ['hf', 'arxiv'],
    });
  });

  it('reports an identical re-ingest as unchanged and writes nothing', async () => {
    const store = await backend.create();
    const catalog = await open(store);
    const batch = [paperInput({ id: '2608.00001' }), paperInput({ id: '2608.00002' })];
    await catalog.ingest(batch);
    const generation = await createPaperRepository(store).generation();
    expect(await catalog.ingest(batch)).toEqual({ received: 2, added: 0, updated: 0, unchanged: 2 });
    expect(await createPaperRepository(store).generation()).toBe(generation);
  });

  it('answers the same after a restart, from the stored index', async () => {
    let store = await backend.create();
    const catalog = await open(store);
    await catalog.ingest([
      paperInput({ id: '2608.00001', title: 'Group relative policy optimization at scale' }),
      paperInput({ id: '2608.00002', title: 'Diffusion transformers for video' }),
    ]);
    const before = catalog.topic('reinforcement-learning', 10);
    expect(before.hits.map((h) => h.id)).toEqual(['2608.00001']);
    store = await backend.reopen(store);
    const again = await open(store);
    expect(again.topic('reinforcement-learning', 10)).toEqual(before);
    expect(again.stats().papers).toBe(2);
  });

  it('rebuilds the index when it is behind the papers (a crash between the two writes)', async () => {
    let store = await backend.create();
    const catalog = await open(store);
    await catalog.ingest([paperInput({ id: '2608.00001', title: 'Mixture of experts routing' })]);
    // Simulate the crash: papers written, index not.
    const repo = createPaperRepository(store);
    const bucket = await repo.getDay('2026-08-19');
    const extra = { ...(bucket[0] as (typeof bucket)[number]), id: '2608.00002', title: 'Sparse MoE layers' };
    await repo.putDays(new Map([['2026-08-19', [...bucket, extra]]]));
    store = await backend.reopen(store);
    const recovered = await open(store);
    expect(
      recovered
        .topic('mixture-of-experts', 10)
        .hits.map((h) => h.id)
        .sort(),
    ).toEqual(['2608.00001', '2608.00002']);
  });

  it('rebuilds an index it cannot read back, and answers as before', async () => {
    let store = await backend.create();
    const catalog = await open(store);
    await catalog.ingest([paperInput({ id: '2608.00001', title: 'Sparse mixture of experts' })]);
    const manifest = (await store.keyv('index').get('manifest')) as { segments: Array<{ name: string }> };
    await store.keyv('index').set(`${manifest.segments[0]?.name}:0`, 'AAAA');
    store = await backend.reopen(store);
    const again = await open(store);
    expect(again.topic('mixture-of-experts', 10).hits.map((h) => h.id)).toEqual(['2608.00001']);
  });

  it('keeps the number of index segments small over many small ingests', async () => {
    const catalog = await open(await backend.create());
    for (let i = 0; i < 40; i++) {
      await catalog.ingest([paperInput({ id: `2608.${String(10000 + i)}`, title: `Robot grasping ${i}`, upvotes: i })]);
      // An update re-indexes the paper; the stale copy must not be found twice.
      await catalog.ingest([paperInput({ id: '2608.10000', title: 'Robot grasping 0', upvotes: 100 + i })]);
    }
    const { hits } = catalog.topic('robotics', 100);
    expect(hits).toHaveLength(40);
    expect(hits.filter((h) => h.id === '2608.10000')).toHaveLength(1);
    expect(catalog.stats().segments).toBeLessThanOrEqual(8);
    expect((await catalog.show('2608.10000'))?.upvotes).toBe(139);
  });

  it('answers curated topics from the lists kept ready, exactly as a fresh query would', async () => {
    const catalog = await open(await backend.create());
    await catalog.ingest(
      Array.from({ length: 30 }, (_, i) =>
        paperInput({ id: `2608.${10000 + i}`, title: `Robot arm ${i}`, upvotes: i }),
      ),
    );
    expect(catalog.topic('robotics', 12)).toEqual(catalog.topic('robotics', 12, { fresh: true }));
    await catalog.ingest([paperInput({ id: '2608.20000', title: 'Humanoid robot locomotion', upvotes: 99 })]);
    expect(catalog.topic('robotics', 5)).toEqual(catalog.topic('robotics', 5, { fresh: true }));
    expect(catalog.topic('robotics', 5).total).toBe(31);
  });

  it('offers the latest day with papers for an empty day', async () => {
    const catalog = await open(await backend.create());
    await catalog.ingest([paperInput({ id: '2608.00001', dailyDate: '2026-08-14' })]);
    expect(await catalog.day('2026-08-16')).toEqual({
      day: '2026-08-16',
      papers: [],
      latest: { day: '2026-08-14', count: 1 },
    });
  });
});

describe('catalog edge cases', () => {
  it('keeps known upvotes when an import does not give any', async () => {
    const catalog = await open((await BACKENDS[0]?.create()) as Store);
    await catalog.ingest([paperInput({ id: '2608.00001', upvotes: 38 })]);
    await catalog.ingest([paperInput({ id: '2608.00001', upvotes: undefined, source: 'import', title: 'Renamed' })]);
    expect(await catalog.show('2608.00001')).toMatchObject({ upvotes: 38, title: 'Renamed' });
  });

  it('folds a paper reported twice in one batch like two ingests: first day and keywords kept', async () => {
    const catalog = await open((await BACKENDS[0]?.create()) as Store);
    await catalog.ingest([
      paperInput({ id: '2608.00001', dailyDate: '2026-08-18', keywords: ['rl'] }),
      paperInput({ id: '2608.00001', dailyDate: '2026-08-19', keywords: [] }),
    ]);
    expect(await catalog.show('2608.00001')).toMatchObject({ dailyDate: '2026-08-18', keywords: ['rl'] });
    expect((await catalog.day('2026-08-19')).papers).toEqual([]);
  });

  it('still finds papers after many updates of the same papers', async () => {
    const catalog = await open((await BACKENDS[0]?.create()) as Store);
    const batch = (upvotes: number) =>
      Array.from({ length: 5 }, (_, i) => paperInput({ id: `2608.0000${i}`, title: `Model number ${i}`, upvotes }));
    await catalog.ingest([...batch(1), paperInput({ id: '2608.00099', title: 'Unrelated robots' })]);
    for (let u = 2; u < 12; u++) await catalog.ingest(batch(u));
    const { hits } = catalog.search('model', 10);
    expect(hits.map((h) => h.id).sort()).toEqual([
      '2608.00000',
      '2608.00001',
      '2608.00002',
      '2608.00003',
      '2608.00004',
    ]);
    expect(hits.every((h) => h.score > 0)).toBe(true);
  });
});

describe('two processes on one SQLite store', () => {
  it('lose no paper and list none twice when both write', async () => {
    const sqlite = BACKENDS[1] as (typeof BACKENDS)[number];
    const storeA = await sqlite.create();
    const a = await open(storeA);
    await a.ingest([paperInput({ id: '2608.00001', title: 'Robot grasping' })]);
    // A second process (e.g. the operator CLI) opens the same file and writes.
    const storeB = await openStore(storeUrlOf(storeA));
    const b = await open(storeB);
    await b.ingest([paperInput({ id: '2608.00002', title: 'Robot locomotion' })]);
    // The first process writes again, after the other's change, and moves a paper to an earlier day.
    await a.ingest([
      paperInput({ id: '2608.00003', title: 'Humanoid robot' }),
      paperInput({ id: '2608.00002', title: 'Robot locomotion', dailyDate: '2026-08-17' }),
    ]);
    await storeB.close();
    const fresh = await open(await sqlite.reopen(storeA));
    expect(
      fresh
        .topic('robotics', 10)
        .hits.map((h) => h.id)
        .sort(),
    ).toEqual(['2608.00001', '2608.00002', '2608.00003']);
    expect((await fresh.day('2026-08-19')).papers.map((r) => r.paper.id).sort()).toEqual(['2608.00001', '2608.00003']);
    expect((await fresh.day('2026-08-17')).papers.map((r) => r.paper.id)).toEqual(['2608.00002']);
  });
});

import { describe, expect, it } from 'vitest';
import { bucketsToRead, planIngest } from '../../src/catalog/planIngest.ts';
import { mergePaper } from '../../src/papers/mergePaper.ts';
import { paperInput } from '../support/paperInputs.ts';

const NOW = new Date('2026-08-20T00:00:00Z');
const stored = mergePaper(undefined, paperInput({ id: '2608.00001', dailyDate: '2026-08-19', upvotes: 5 }), NOW);

describe('planIngest', () => {
  it.each([
    {
      name: 'an identical report changes nothing',
      inputs: [paperInput({ id: '2608.00001', dailyDate: '2026-08-19', upvotes: 5 })],
      summary: { received: 1, added: 0, updated: 0, unchanged: 1 },
      days: {},
    },
    {
      name: 'new upvotes update the paper in place',
      inputs: [paperInput({ id: '2608.00001', dailyDate: '2026-08-19', upvotes: 9 })],
      summary: { received: 1, added: 0, updated: 1, unchanged: 0 },
      days: { '2026-08-19': ['2608.00001'] },
    },
    {
      name: 'an earlier Daily Papers day moves the paper',
      inputs: [paperInput({ id: '2608.00001', dailyDate: '2026-08-13' })],
      summary: { received: 1, added: 0, updated: 1, unchanged: 0 },
      days: { '2026-08-19': [], '2026-08-13': ['2608.00001'] },
    },
    {
      name: 'a new paper joins its day, ranked by upvotes',
      inputs: [paperInput({ id: '2608.00002', dailyDate: '2026-08-19', upvotes: 50 })],
      summary: { received: 1, added: 1, updated: 0, unchanged: 0 },
      days: { '2026-08-19': ['2608.00002', '2608.00001'] },
    },
  ])('$name', ({ inputs, summary, days }) => {
    const buckets = new Map([['2026-08-19', [stored]]]);
    const plan = planIngest(buckets, inputs, NOW);
    expect(plan.summary).toEqual(summary);
    expect(Object.fromEntries([...plan.writes].map(([day, list]) => [day, list.map((p) => p.id)]))).toEqual(days);
  });

  it('reads where a paper lives and every day it may move to', () => {
    const inputs = [paperInput({ id: '2608.00001', dailyDate: '2026-08-13', publishedAt: '2026-08-12T10:00:00Z' })];
    expect(bucketsToRead(inputs, () => '2026-08-19').sort()).toEqual(['2026-08-12', '2026-08-13', '2026-08-19']);
  });
});

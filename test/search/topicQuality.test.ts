import { describe, expect, it } from 'vitest';
import { meanOf, measureTopicQuality } from '../../bench/topicQuality.ts';

describe('topic search quality on the judged fixture papers', () => {
  it('beats plain BM25 and substring matching clearly on mean nDCG@10', async () => {
    const rows = await measureTopicQuality();
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const ours = meanOf(rows, 'paperboy');
    expect(ours).toBeGreaterThan(meanOf(rows, 'bm25') + 0.1);
    expect(ours).toBeGreaterThan(meanOf(rows, 'substring') + 0.2);
    expect(ours).toBeGreaterThanOrEqual(0.8);
  });
});

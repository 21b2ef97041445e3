import { describe, expect, it } from 'vitest';
import { topicClauses } from '../../src/search/buildQuery.ts';
import { ndcgAtK } from '../../src/search/ndcg.ts';
import { type Clause, SearchIndex, TOPIC_WEIGHTS } from '../../src/search/searchIndex.ts';
import { buildSegment, type IndexableDoc, mergeSegments } from '../../src/search/segment.ts';
import { tokenize } from '../../src/search/tokenize.ts';
import { resolveTopic } from '../../src/search/topics.ts';

describe('tokenize', () => {
  it.each([
    ['Reinforcement Learning', ['reinforc', 'learn']],
    ['chain-of-thought', ['chain', 'thought', 'chainofthought']],
    ['multi-modal models', ['multi', 'modal', 'multimod', 'model']],
    ['StartupBench', ['startup', 'bench', 'startupbench']],
    ['the of and', []],
    ['GRPO, PPO; RLHF!', ['grpo', 'ppo', 'rlhf']],
  ])('%s → %j', (text, terms) => {
    expect(tokenize(text)).toEqual(terms);
  });
});

describe('ndcgAtK', () => {
  it.each([
    [['a', 'b'], { a: 2, b: 1 }, 1],
    [['b', 'a'], { a: 2, b: 1 }, (1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3))],
    [['x', 'y'], { a: 1 }, 0],
  ])('%j against %j', (ranked, judged, expected) => {
    expect(ndcgAtK(ranked, judged)).toBeCloseTo(expected, 6);
  });

  it('is undefined for a topic nothing is relevant to', () => {
    expect(ndcgAtK(['a'], {})).toBeUndefined();
  });
});

const doc = (id: string, title: string, abstract = '', keywords: string[] = []): IndexableDoc => ({
  id,
  title,
  abstract,
  keywords,
  authors: [],
  day: '2026-08-19',
  upvotes: 0,
});

const corpus = [
  doc('2608.00001', 'Scaling GRPO for math reasoning', 'We train with group relative policy optimization.'),
  doc('2608.00002', 'A study of image tokenizers', 'We compare tokenizers for images.'),
  doc('2608.00003', 'Reward shaping', 'A reward is mentioned once here.'),
  doc('2608.00004', 'Policy learning for humanoid robots', 'We use reinforcement learning for locomotion.', [
    'reinforcement learning',
  ]),
  doc('2608.00005', 'Vision-language models see better', 'A VLM for charts.'),
];
const topic = (slug: string, docs = corpus) =>
  new SearchIndex([buildSegment(docs)])
    .query(topicClauses(resolveTopic(slug)), TOPIC_WEIGHTS, 0.5)
    .hits.map((h) => h.id);

describe('topic search', () => {
  it('finds papers by method names and acronyms, not only the topic words', () => {
    expect(topic('reinforcement-learning').sort()).toEqual(['2608.00001', '2608.00004']);
  });

  it('leaves out papers that only brush against the topic', () => {
    expect(topic('reinforcement-learning')).not.toContain('2608.00003');
  });

  it('treats VLM and vision-language as multimodal', () => {
    expect(topic('multimodal')).toEqual(['2608.00005']);
  });

  it('searches an uncurated slug by its own words', () => {
    expect(topic('image-tokenizers')).toEqual(['2608.00002']);
  });

  it('counts a phrase only where all its words occur', () => {
    const docs = [doc('2608.00010', 'A theory of scaling'), doc('2608.00011', 'Theory of mind in LLMs')];
    expect(topic('theory-of-mind', docs)).toEqual(['2608.00011']);
  });
});

describe('segments', () => {
  it('merging keeps only live copies and answers as the parts did', () => {
    const older = buildSegment([doc('2608.00001', 'Old title about diffusion'), doc('2608.00002', 'Robots')]);
    const newer = buildSegment([doc('2608.00001', 'New title about transformers')]);
    const index = new SearchIndex([older, newer]);
    const merged = mergeSegments([older, newer], (s, d) => index.isLive(s, d));
    expect(merged.docs.map((d) => d.title)).toEqual(['Robots', 'New title about transformers']);
    const q: Clause[] = [{ words: ['diffus'], weight: 1 }];
    expect(new SearchIndex([merged]).query(q, TOPIC_WEIGHTS).hits).toEqual([]);
    expect(index.query(q, TOPIC_WEIGHTS).hits).toEqual([]);
    const t: Clause[] = [{ words: ['transform'], weight: 1 }];
    expect(new SearchIndex([merged]).query(t, TOPIC_WEIGHTS).hits.map((h) => h.id)).toEqual(['2608.00001']);
  });
});

describe('top-k selection', () => {
  it('returns exactly the first k of the full ranking, and the full count', () => {
    const docs = Array.from({ length: 300 }, (_, i) =>
      doc(
        `2608.${String(10000 + i)}`,
        `robot ${'grasping '.repeat(i % 7)}`,
        `robot arm ${i % 3 ? 'manipulation' : ''}`,
      ),
    );
    const index = new SearchIndex([buildSegment(docs)]);
    const clauses = topicClauses(resolveTopic('robotics'));
    const all = index.query(clauses, TOPIC_WEIGHTS, 0.5);
    const top = index.query(clauses, TOPIC_WEIGHTS, 0.5, 7);
    expect(top.hits).toEqual(all.hits.slice(0, 7));
    expect(top.total).toBe(all.hits.length);
  });
});

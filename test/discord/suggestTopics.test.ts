import { describe, expect, it } from 'vitest';
import { suggestTopics } from '../../src/discord/suggestTopics.ts';
import { TOPICS } from '../../src/search/topics.ts';

const topics = TOPICS.map((t, i) => ({ slug: t.slug, label: t.label, count: i }));
const first = (typed: string) => suggestTopics(typed, topics)[0]?.value;

describe('suggestTopics', () => {
  it.each([
    ['rein', 'reinforcement-learning'],
    ['Reinforcement lea', 'reinforcement-learning'],
    ['grpo', 'reinforcement-learning'],
    ['vlm', 'multimodal'],
    ['chain', 'chain-of-thought'],
    ['3d', '3d-vision'],
  ])('%s → %s', (typed, slug) => {
    expect(first(typed)).toBe(slug);
  });

  it('offers every topic an acronym belongs to, ahead of mere substrings', () => {
    expect(
      suggestTopics('cot', topics)
        .slice(0, 2)
        .map((c) => c.value)
        .sort(),
    ).toEqual(['chain-of-thought', 'reasoning']);
  });

  it('offers at most 25, and nothing for text that matches no topic', () => {
    expect(suggestTopics('', topics)).toHaveLength(25);
    expect(suggestTopics('zzzz', topics)).toEqual([]);
  });
});

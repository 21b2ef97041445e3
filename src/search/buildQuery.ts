import { type Clause, phraseClause } from './searchIndex.ts';
import type { TopicDefinition } from './topics.ts';

/** The clauses of a topic: one per phrase, weighted as the topic table says. */
export function topicClauses(topic: TopicDefinition): Clause[] {
  return topic.phrases.flatMap(([phrase, weight]) => phraseClause(phrase, weight) ?? []);
}

/**
 * The clauses of free text: each word on its own, plus the whole text as a phrase, so papers
 * that mention all the words rank above papers that mention one of them often.
 */
export function textClauses(text: string): Clause[] {
  const whole = phraseClause(text, 1);
  if (!whole) return [];
  const words = whole.words.map((w) => ({ words: [w], weight: 1 }));
  return whole.words.length > 1 ? [...words, whole] : words;
}

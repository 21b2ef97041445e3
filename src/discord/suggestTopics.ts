import type { TopicCount } from '../catalog/openCatalog.ts';
import { findTopic } from '../search/topics.ts';

/** Discord shows at most 25 autocomplete choices. */
const MAX_CHOICES = 25;

/**
 * Topic suggestions for what the user has typed: topics whose name starts with it first, then
 * those known by an acronym or method name starting with it ("RL", "GRPO", "VLM"), then those
 * containing it; within each group, topics with more papers first. Pure and in memory, because
 * autocomplete must answer within 3 s and cannot be deferred.
 */
export function suggestTopics(typed: string, topics: readonly TopicCount[]): Array<{ name: string; value: string }> {
  const words = typed.trim().toLowerCase();
  const slug = words.replace(/\s+/g, '-');
  const rank = (t: TopicCount): number => {
    if (words === '' || t.slug.startsWith(slug) || t.label.toLowerCase().startsWith(words)) return 0;
    if (findTopic(t.slug)?.phrases.some(([phrase]) => phrase.startsWith(words))) return 1;
    if (t.slug.includes(slug) || t.label.toLowerCase().includes(words)) return 2;
    return 3;
  };
  return topics
    .map((t) => ({ t, r: rank(t) }))
    .filter(({ r }) => r < 3)
    .sort((a, b) => a.r - b.r || b.t.count - a.t.count || a.t.slug.localeCompare(b.t.slug))
    .slice(0, MAX_CHOICES)
    .map(({ t }) => ({ name: `${t.label} (${t.count})`.slice(0, 100), value: t.slug }));
}

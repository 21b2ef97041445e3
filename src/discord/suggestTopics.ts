import type { TopicCount } from '../catalog/openCatalog.ts';

/** Discord shows at most 25 autocomplete choices. */
const MAX_CHOICES = 25;

/**
 * Topic suggestions for what the user has typed: topics starting with it first, then topics
 * containing it, each group by how many papers they have. Pure and in memory, because
 * autocomplete must answer within 3 s and cannot be deferred.
 */
export function suggestTopics(typed: string, topics: readonly TopicCount[]): Array<{ name: string; value: string }> {
  const q = typed.trim().toLowerCase().replace(/\s+/g, '-');
  const rank = (t: TopicCount) =>
    t.slug.startsWith(q) || t.label.toLowerCase().startsWith(typed.trim().toLowerCase()) ? 0 : 1;
  return topics
    .filter((t) => q === '' || t.slug.includes(q) || t.label.toLowerCase().includes(typed.trim().toLowerCase()))
    .sort((a, b) => rank(a) - rank(b) || b.count - a.count || a.slug.localeCompare(b.slug))
    .slice(0, MAX_CHOICES)
    .map((t) => ({ name: `${t.label} (${t.count})`.slice(0, 100), value: t.slug }));
}

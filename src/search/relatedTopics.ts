import type { TopicCount } from '../catalog/openCatalog.ts';

/** Known topics that share a word with the slug and have papers: where to look instead. */
export function relatedTopics(slug: string, topics: readonly TopicCount[], max = 5): string[] {
  const words = slug.split('-').filter((w) => w.length > 1);
  return topics
    .filter((t) => t.slug !== slug && t.count > 0 && words.some((w) => t.slug.includes(w)))
    .slice(0, max)
    .map((t) => t.slug);
}

import type { TopicCount } from '../../catalog/openCatalog.ts';
import { SLUG } from '../../search/topics.ts';
import { formatRows, hitRows } from '../formatOutput.ts';
import { UsageError } from '../parseCliArgs.ts';
import { type CliCommand, json } from './CliCommand.ts';

/** `topic <slug>`: papers on a topic, most relevant first. */
export const findTopic: CliCommand = async (args, ctx) => {
  const slug = (args.args[0] ?? '').trim().toLowerCase();
  if (!SLUG.test(slug) || slug.length > 60) {
    throw new UsageError(`topic: "${args.args[0]}" is not a topic slug such as reinforcement-learning (see: topics)`);
  }
  const rows = hitRows(ctx.catalog.topic(slug, args.limit ?? 10).hits);
  if (args.json) ctx.out(json(rows));
  else if (rows.length > 0) ctx.out(formatRows(rows, (r) => r.score.toFixed(2)));
  else ctx.out(`No papers on "${slug}". ${nearbyTopics(slug, ctx.catalog.topics())}`);
  return 0;
};

/** Known topics that share a word with the slug and have papers: where to look instead. */
function nearbyTopics(slug: string, topics: readonly TopicCount[]): string {
  const words = slug.split('-');
  const near = topics.filter((t) => t.count > 0 && words.some((w) => t.slug.includes(w))).map((t) => t.slug);
  return near.length > 0 ? `Related topics: ${near.slice(0, 5).join(', ')}` : 'See: topics';
}

import type { TopicCount } from '../../catalog/openCatalog.ts';
import { relatedTopics } from '../../search/relatedTopics.ts';
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

function nearbyTopics(slug: string, topics: readonly TopicCount[]): string {
  const near = relatedTopics(slug, topics);
  return near.length > 0 ? `Related topics: ${near.join(', ')}` : 'See: topics';
}

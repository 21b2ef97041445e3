import { formatTopics } from '../formatOutput.ts';
import { type CliCommand, json } from './CliCommand.ts';

/** `topics`: the known topics with how many papers each has, most first. */
export const listTopics: CliCommand = async (args, ctx) => {
  const topics = [...ctx.catalog.topics()].sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));
  const shown = topics.slice(0, args.limit ?? topics.length);
  ctx.out(args.json ? json(shown.map((t) => ({ id: t.slug, title: t.label, score: t.count }))) : formatTopics(shown));
  return 0;
};

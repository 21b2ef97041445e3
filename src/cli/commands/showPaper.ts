import { normalizePaperId } from '../../papers/normalizePaperId.ts';
import { formatPaper } from '../formatOutput.ts';
import { UsageError } from '../parseCliArgs.ts';
import { type CliCommand, json } from './CliCommand.ts';

/** `show <id|url>`: one paper in full. */
export const showPaper: CliCommand = async (args, ctx) => {
  const raw = args.args[0] ?? '';
  const id = normalizePaperId(raw);
  if (!id) throw new UsageError(`show: "${raw.slice(0, 80)}" is not an arXiv id or an arXiv / Hugging Face paper URL`);
  const paper = await ctx.catalog.show(id);
  if (!paper) throw new UsageError(`show: paper ${id} is not in the store (import or ingest it first)`);
  ctx.out(args.json ? json([{ ...paper, score: paper.upvotes }]) : formatPaper(paper));
  return 0;
};

import { formatRows, hitRows } from '../formatOutput.ts';
import { UsageError } from '../parseCliArgs.ts';
import { type CliCommand, json } from './CliCommand.ts';

/** `search <text>`: free text over titles, keywords, abstracts and authors. */
export const searchText: CliCommand = async (args, ctx) => {
  const text = args.args.join(' ').trim();
  if (text.length < 2 || text.length > 200)
    throw new UsageError(`search: the query must be 2 to 200 characters (got ${text.length})`);
  const rows = hitRows(ctx.catalog.search(text, args.limit ?? 10).hits);
  if (args.json) ctx.out(json(rows));
  else ctx.out(rows.length > 0 ? formatRows(rows, (r) => r.score.toFixed(2)) : `No papers match "${text}".`);
  return 0;
};

import { dayRows, formatDay } from '../formatOutput.ts';
import { type CliCommand, json } from './CliCommand.ts';

/** `today [--date D]`: the day's papers, best first; on an empty day, the latest day that has some. */
export const listDay: CliCommand = async (args, ctx) => {
  const day = args.date ?? ctx.clock().toISOString().slice(0, 10);
  const result = await ctx.catalog.day(day);
  const rows = dayRows(result).slice(0, args.limit ?? Number.MAX_SAFE_INTEGER);
  ctx.out(args.json ? json(rows) : formatDay(result, rows));
  return 0;
};

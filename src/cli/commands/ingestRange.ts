import { dayRange, ingestDays, refreshWindow } from '../../jobs/ingestDays.ts';
import { formatIngest } from '../formatOutput.ts';
import { UsageError } from '../parseCliArgs.ts';
import { type CliCommand, json } from './CliCommand.ts';

const MAX_DAYS = 3660;

/** `ingest [--from D --to D]`: a refresh of the last three days, or a backfill over a range. */
export const ingestRange: CliCommand = async (args, ctx) => {
  const today = ctx.clock().toISOString().slice(0, 10);
  const days = args.from || args.to ? dayRange(args.from ?? args.to ?? today, args.to ?? today) : refreshWindow(today);
  for (const flag of ['from', 'to'] as const) {
    const value = args[flag];
    if (value !== undefined && value > today)
      throw new UsageError(`--${flag} ${value}: a future day has no papers yet`);
  }
  if (days.length > MAX_DAYS) throw new UsageError(`--from/--to span ${days.length} days; at most ${MAX_DAYS} at once`);
  const bar = ctx.progress(days.length, 'days');
  let report: Awaited<ReturnType<typeof ingestDays>>;
  try {
    report = await ingestDays(days, {
      catalog: ctx.catalog,
      fetchDay: (day) => ctx.sources().fetchDay(day),
      logger: ctx.logger,
      onDay: (day) => bar.tick(day),
    });
  } finally {
    bar.stop();
  }
  ctx.out(args.json ? json(report) : formatIngest(report));
  return report.failed.length > 0 ? 1 : 0;
};

import type { Catalog } from '../catalog/openCatalog.ts';
import type { Config } from '../config/loadConfig.ts';
import type { DigestService } from '../delivery/createDigestService.ts';
import type { Logger } from '../logging/createLogger.ts';
import type { VoteService } from '../voting/createVoteService.ts';

/** What every command handler gets from the composition root. */
export interface BotContext {
  config: Config;
  catalog: Catalog;
  logger: Logger;
  clock: () => Date;
  /** Today's date in the bot's default timezone (YYYY-MM-DD). */
  today: () => string;
  digests: DigestService;
  votes: VoteService;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a timezone (formatters are cached: building one is slow). */
export function dateIn(timeZone: string, at: Date): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(at);
}

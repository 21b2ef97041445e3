import type { Catalog } from '../catalog/openCatalog.ts';
import type { Config } from '../config/loadConfig.ts';
import type { Logger } from '../logging/createLogger.ts';

/** What every command handler gets from the composition root. */
export interface BotContext {
  config: Config;
  catalog: Catalog;
  logger: Logger;
  clock: () => Date;
  /** Today's date in the bot's default timezone (YYYY-MM-DD). */
  today: () => string;
}

/** The calendar date of an instant in a timezone. */
export function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

import type { Sources } from '../../app/createSources.ts';
import type { Catalog } from '../../catalog/openCatalog.ts';
import type { Logger } from '../../logging/createLogger.ts';
import type { CliArgs } from '../parseCliArgs.ts';

/** What a CLI command gets: the parsed line and the app's parts. It writes results with `out`. */
export interface CliContext {
  catalog: Catalog;
  sources: () => Sources;
  clock: () => Date;
  logger: Logger;
  out: (text: string) => void;
  /** A progress bar on a terminal, nothing otherwise. */
  progress: (total: number, label: string) => { tick(detail: string): void; stop(): void };
  readFile: (path: string) => Promise<string>;
}

/** Resolves to the exit code: 0, or 1 when part of the work failed (e.g. some days could not be fetched). */
export type CliCommand = (args: CliArgs, ctx: CliContext) => Promise<number>;

export const json = (value: unknown) => JSON.stringify(value, null, 2);

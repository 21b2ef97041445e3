import type { CommandName } from '../parseCliArgs.ts';
import type { CliCommand } from './CliCommand.ts';
import { findTopic } from './findTopic.ts';
import { importFiles } from './importFiles.ts';
import { ingestRange } from './ingestRange.ts';
import { listDay } from './listDay.ts';
import { listTopics } from './listTopics.ts';
import { searchText } from './searchText.ts';
import { showPaper } from './showPaper.ts';

/**
 * Every CLI command that works on an opened store, by name. `doctor` is not here: it checks the
 * configuration and the store themselves, so it runs before either is opened (see `runCli`);
 * nor is `migrate`, which opens the two stores it names.
 */
export const CLI_COMMANDS: Record<Exclude<CommandName, 'doctor' | 'migrate'>, CliCommand> = {
  import: importFiles,
  ingest: ingestRange,
  today: listDay,
  topic: findTopic,
  search: searchText,
  show: showPaper,
  topics: listTopics,
};

import type { CommandName } from '../parseCliArgs.ts';
import type { CliCommand } from './CliCommand.ts';
import { findTopic } from './findTopic.ts';
import { importFiles } from './importFiles.ts';
import { ingestRange } from './ingestRange.ts';
import { listDay } from './listDay.ts';
import { listTopics } from './listTopics.ts';
import { searchText } from './searchText.ts';
import { showPaper } from './showPaper.ts';

/** Every CLI command, by name. */
export const CLI_COMMANDS: Record<CommandName, CliCommand> = {
  import: importFiles,
  ingest: ingestRange,
  today: listDay,
  topic: findTopic,
  search: searchText,
  show: showPaper,
  topics: listTopics,
};

import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../src/discord/BotContext.ts';
import type { Responder } from '../src/discord/createResponder.ts';
import { digest } from './digest.ts';
import { papers } from './papers.ts';

/**
 * A slash command: its registration data and its handlers. One file per command in this folder,
 * each checked with `satisfies Command`, and listed in `COMMANDS` below — the explicit registry
 * that the registration script and the interaction router both read.
 */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void>;
  /** Answers autocomplete from memory: it cannot be deferred. */
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** Every slash command of the bot. */
export const COMMANDS: readonly Command[] = [papers, digest];

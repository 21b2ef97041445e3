import type { ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

/**
 * A slash command: its registration data and its handler. One file per command in this folder,
 * each checked with `satisfies Command`, and listed in `COMMANDS` below — the explicit registry
 * that the registration script and the interaction handler both read.
 */
export interface Command<Context = unknown> {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: Context): Promise<void>;
}

/** Every slash command of the bot. The /papers commands arrive with the Discord runtime. */
export const COMMANDS: readonly Command[] = [];

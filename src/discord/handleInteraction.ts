import { type ButtonInteraction, type Interaction, MessageFlags } from 'discord.js';
import { COMMANDS } from '../../commands/index.ts';
import { decodePageToken, isPageToken } from '../paging/pageToken.ts';
import type { BotContext } from './BotContext.ts';
import { createResponder } from './createResponder.ts';
import { pageContextFor, renderPage, sendPage } from './renderPage.ts';
import { UserError } from './UserError.ts';

const BY_NAME = new Map(COMMANDS.map((c) => [c.data.name, c]));

/** How a slash command ended: answered, refused with a UserError's explanation, or failed on our side. */
export type CommandOutcome = 'ok' | 'user_error' | 'error';

/**
 * Routes every interaction: slash commands to their handler, autocomplete to the command's
 * suggester, page buttons to the pager. Whatever happens, the user gets an answer. A slash
 * command's outcome is returned (for the metrics); other interactions return nothing.
 */
export async function handleInteraction(
  interaction: Interaction,
  ctx: BotContext,
): Promise<CommandOutcome | undefined> {
  if (interaction.isAutocomplete()) {
    const command = BY_NAME.get(interaction.commandName);
    await (command?.autocomplete?.(interaction, ctx) ?? interaction.respond([])).catch((error: unknown) =>
      ctx.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed'),
    );
    return;
  }
  if (interaction.isChatInputCommand()) {
    const respond = createResponder(interaction, ctx.logger);
    const command = BY_NAME.get(interaction.commandName);
    try {
      if (!command) throw new UserError('That command is not known to this version of Paperboy.');
      await command.execute(interaction, ctx, respond);
      return 'ok';
    } catch (error) {
      await respond.fail(error);
      return error instanceof UserError ? 'user_error' : 'error';
    }
  }
  if (interaction.isButton()) {
    if (isPageToken(interaction.customId)) {
      await turnPage(interaction, ctx);
      return;
    }
    await interaction
      .reply({ content: 'This button has expired.', flags: MessageFlags.Ephemeral })
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not answer an unknown button'));
    return;
  }
  // Anything else (a context menu from a stale registration, a future component) still gets an answer.
  if (interaction.isRepliable()) {
    await interaction
      .reply({ content: 'Paperboy does not support this yet.', flags: MessageFlags.Ephemeral })
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not answer an interaction'));
  }
}

/** A Previous/Next click: only the person who asked may page; the page is recomputed from the token. */
async function turnPage(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const respond = createResponder(interaction, ctx.logger);
  try {
    const token = decodePageToken(interaction.customId);
    if (!token) throw new UserError('This button has expired: run the command again.');
    if (token.ownerId !== interaction.user.id) {
      throw new UserError('Only the person who ran this command can turn its pages. Run it yourself to browse.');
    }
    const page = await renderPage(token.query, token.page, token.ownerId, pageContextFor(ctx, interaction.guildId));
    await sendPage(page, 'update', respond, (files) => interaction.editReply(files), ctx.logger);
  } catch (error) {
    await respond.fail(error);
  }
}

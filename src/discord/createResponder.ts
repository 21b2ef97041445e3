import { randomBytes } from 'node:crypto';
import { type ButtonInteraction, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { PaperMessage } from '../embeds/formatPaperPage.ts';
import type { Logger } from '../logging/createLogger.ts';
import { StoreUnavailableError } from '../store/StoreUnavailableError.ts';
import { UserError } from './UserError.ts';

type Answerable = ChatInputCommandInteraction | ButtonInteraction;

/**
 * When to acknowledge with a deferral, counted from the interaction's creation (its id's time),
 * not from when the handler started: a late gateway delivery or a busy event loop eats the 3 s too.
 */
const DEFER_AFTER_MS = 1500;

export interface Responder {
  /** Sends the answer: a reply, or an edit of the deferred one. `update` edits the clicked message. */
  send(message: PaperMessage, how: 'public' | 'ephemeral' | 'update'): Promise<void>;
  /** The one error path: a UserError's text, or "something went wrong (ref …)" with the ref logged. */
  fail(error: unknown): Promise<void>;
}

/**
 * Answers one interaction exactly once, whatever happens: if the work is slow it defers in time,
 * and every later answer picks reply, editReply or followUp from the interaction's state.
 */
export function createResponder(interaction: Answerable, logger: Logger): Responder {
  let deferring: Promise<unknown> | undefined;
  const timer = setTimeout(
    () => {
      deferring = (interaction.isButton() ? interaction.deferUpdate() : interaction.deferReply()).catch(
        (error: unknown) => logger.warn({ err: error }, 'could not defer the interaction'),
      );
    },
    Math.min(DEFER_AFTER_MS, Math.max(0, DEFER_AFTER_MS - (Date.now() - interaction.createdTimestamp))),
  );
  const settle = async () => {
    clearTimeout(timer);
    if (deferring) await deferring;
  };
  /**
   * Deletes a public "thinking…" so the next follow-up can be private (the first follow-up
   * would otherwise fill it, publicly). If that fails, the deferral gets a neutral public line
   * instead, and no private detail is sent: it would come out public.
   */
  const removeDeferral = async (): Promise<boolean> => {
    try {
      await interaction.deleteReply();
      return true;
    } catch (error) {
      logger.warn({ err: error }, 'could not remove a deferred reply');
      await interaction
        .editReply({ content: 'Sorry, that did not work. Please try again.', embeds: [], components: [] })
        .catch(() => undefined);
      return false;
    }
  };
  const ephemeral = (text: string) => ({
    content: text,
    flags: MessageFlags.Ephemeral as const,
    allowedMentions: { parse: [] },
  });

  return {
    async send(message, how) {
      await settle();
      if (interaction.deferred || interaction.replied) {
        if (how !== 'ephemeral') {
          await interaction.editReply(message);
        } else {
          // The first follow-up after a deferral fills the "thinking…" message and keeps the
          // deferral's visibility: remove a public deferral first so the answer stays private.
          if (interaction.deferred && !interaction.replied && !interaction.isButton() && !(await removeDeferral())) {
            return;
          }
          await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
        }
      } else if (how === 'update' && interaction.isButton()) {
        await interaction.update(message);
      } else {
        await interaction.reply(how === 'ephemeral' ? { ...message, flags: MessageFlags.Ephemeral } : message);
      }
    },
    async fail(error) {
      let text: string;
      if (error instanceof UserError) {
        text = error.message;
      } else {
        const ref = randomBytes(3).toString('hex');
        logger.error({ err: error, ref, interaction: interaction.id }, 'interaction failed');
        // A store fault is no bug and passes: say so, and that nothing was half done (writes are transactions).
        text =
          error instanceof StoreUnavailableError
            ? `Paperboy's storage is unavailable right now, so nothing was changed (ref ${ref}). Please try again in a few minutes.`
            : `Something went wrong on our side (ref ${ref}). Please try again in a moment.`;
      }
      try {
        await settle();
        if (interaction.deferred && !interaction.replied && !interaction.isButton()) {
          // A deferred public reply cannot turn ephemeral: remove it and answer privately.
          if (await removeDeferral()) await interaction.followUp(ephemeral(text));
        } else if (interaction.deferred || interaction.replied) {
          await interaction.followUp(ephemeral(text));
        } else {
          await interaction.reply(ephemeral(text));
        }
      } catch (sendError) {
        logger.error({ err: sendError, interaction: interaction.id }, 'could not tell the user about an error');
      }
    },
  };
}

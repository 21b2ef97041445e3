import { type Client, Events, type MessageReaction, type PartialMessageReaction } from 'discord.js';
import { VOTE_EMOJI } from '../digests/subscription.ts';
import type { VoteRecorder } from '../voting/createVoteRecorder.ts';

const isVote = (reaction: MessageReaction | PartialMessageReaction) =>
  reaction.emoji.id === null && reaction.emoji.name === VOTE_EMOJI;

/**
 * Turns Discord's reaction events into vote events: the vote emoji only (others are ignored, not
 * removed), people only (the bot's own reaction and other bots' never count), on any message —
 * the recorder keeps those that show a paper. Messages from before a restart arrive as partials
 * and count the same.
 */
export function listenForVotes(client: Client, recorder: VoteRecorder): void {
  const counts = (userId: string, bot: boolean | null) => userId !== client.user?.id && bot !== true;
  client.on(Events.MessageReactionAdd, (reaction, user) => {
    const guildId = reaction.message.guildId;
    if (!guildId || !isVote(reaction) || !counts(user.id, user.bot)) return;
    recorder.record({ kind: 'add', guildId, messageId: reaction.message.id, userId: user.id });
  });
  client.on(Events.MessageReactionRemove, (reaction, user) => {
    const guildId = reaction.message.guildId;
    if (!guildId || !isVote(reaction) || !counts(user.id, user.bot)) return;
    recorder.record({ kind: 'remove', guildId, messageId: reaction.message.id, userId: user.id });
  });
  client.on(Events.MessageReactionRemoveAll, (message) => {
    if (message.guildId) recorder.record({ kind: 'clear', guildId: message.guildId, messageId: message.id });
  });
  client.on(Events.MessageReactionRemoveEmoji, (reaction) => {
    const guildId = reaction.message.guildId;
    if (guildId && isVote(reaction)) recorder.record({ kind: 'clear', guildId, messageId: reaction.message.id });
  });
  client.on(Events.MessageDelete, (message) => {
    if (message.guildId) recorder.record({ kind: 'forget', guildId: message.guildId, messageId: message.id });
  });
  client.on(Events.MessageBulkDelete, (messages) => {
    for (const message of messages.values()) {
      if (message.guildId) recorder.record({ kind: 'forget', guildId: message.guildId, messageId: message.id });
    }
  });
}

import { type Client, Events } from 'discord.js';
import { emojiOf } from '../votes/voteEmoji.ts';
import type { VoteRecorder } from '../voting/createVoteRecorder.ts';

/**
 * Turns Discord's reaction events into vote events: people only (the bot's own reaction and
 * other bots' never count), on any message, with the reaction's emoji — the recorder keeps those
 * under a paper message with that message's vote emoji; others are ignored, never removed.
 * Messages from before a restart arrive as partials and count the same.
 */
export function listenForVotes(client: Client, recorder: VoteRecorder): void {
  const counts = (userId: string, bot: boolean | null) => userId !== client.user?.id && bot !== true;
  client.on(Events.MessageReactionAdd, (reaction, user) => {
    const guildId = reaction.message.guildId;
    if (!guildId || !counts(user.id, user.bot)) return;
    const emoji = emojiOf(reaction.emoji);
    recorder.record({ kind: 'add', guildId, messageId: reaction.message.id, userId: user.id, emoji });
  });
  client.on(Events.MessageReactionRemove, (reaction, user) => {
    const guildId = reaction.message.guildId;
    if (!guildId || !counts(user.id, user.bot)) return;
    const emoji = emojiOf(reaction.emoji);
    recorder.record({ kind: 'remove', guildId, messageId: reaction.message.id, userId: user.id, emoji });
  });
  client.on(Events.MessageReactionRemoveAll, (message) => {
    if (message.guildId) recorder.record({ kind: 'clear', guildId: message.guildId, messageId: message.id });
  });
  client.on(Events.MessageReactionRemoveEmoji, (reaction) => {
    const guildId = reaction.message.guildId;
    if (guildId) {
      recorder.record({ kind: 'clear', guildId, messageId: reaction.message.id, emoji: emojiOf(reaction.emoji) });
    }
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

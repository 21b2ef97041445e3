import { once } from 'node:events';
import { Events, type MessageReaction, type PartialMessageReaction, type TextChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { Permission } from '../../src/emulator/permissions.ts';
import type { Emulator } from '../../src/emulator/types.ts';
import { connect, emulator, rest } from './support.ts';

/** A message posted straight through REST, so the client has never cached it. */
async function postUncached(emu: Emulator, channelId: string, content: string): Promise<string> {
  const posted = await rest(emu, 'POST', `/channels/${channelId}/messages`, { content });
  return (posted.json as { id: string }).id;
}

async function setup(botPermissions?: bigint) {
  const emu = await emulator();
  const guild = emu.createGuild({ name: 'A', botPermissions });
  const channelId = guild.channels[0]?.id ?? '';
  const client = await connect(emu);
  return { emu, client, guild, channelId };
}

describe('emulator reactions', () => {
  it('delivers a fake user reaction on an uncached message as a partial messageReactionAdd', async () => {
    const { emu, client, guild, channelId } = await setup();
    const messageId = await postUncached(emu, channelId, 'vote here');
    const alice = emu.addUser({ username: 'alice' });
    const added = once(client, Events.MessageReactionAdd);
    emu.react(alice.id, channelId, messageId, '👍');
    const [reaction, user] = (await added) as [MessageReaction | PartialMessageReaction, { id: string }];
    expect(reaction.message.id).toBe(messageId);
    expect(reaction.message.partial).toBe(true);
    expect(reaction.emoji.name).toBe('👍');
    expect(user.id).toBe(alice.id);
    expect(client.guilds.cache.get(guild.id)?.members.cache.has(alice.id)).toBe(true);
    expect(emu.messages(channelId)[0]?.reactions.get('👍')?.has(alice.id)).toBe(true);

    const removed = once(client, Events.MessageReactionRemove);
    emu.unreact(alice.id, channelId, messageId, '👍');
    expect(((await removed)[1] as { id: string }).id).toBe(alice.id);
    expect(emu.messages(channelId)[0]?.reactions.size).toBe(0);
  });

  it('pages reactors by ascending id with limit and after', async () => {
    const { emu, client, channelId } = await setup();
    const messageId = await postUncached(emu, channelId, 'count me');
    const ids = Array.from({ length: 30 }, (_, i) => emu.addUser({ username: `u${i}` }).id);
    for (const id of [...ids].reverse()) emu.react(id, channelId, messageId, '🔥');
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const message = await channel.messages.fetch(messageId);
    const reaction = message.reactions.cache.get('🔥');
    expect(reaction?.count).toBe(30);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await reaction?.users.fetch({ limit: 12, ...(after ? { after } : {}) });
      if (!page || page.size === 0) break;
      seen.push(...page.keys());
      after = page.lastKey();
    }
    const sorted = [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(seen).toEqual(sorted);
    const bad = await rest(emu, 'GET', `/channels/${channelId}/messages/${messageId}/reactions/%F0%9F%94%A5?limit=101`);
    expect(bad.json).toMatchObject({ code: 50035 });
  });

  it('adds and removes the bot reaction, custom emoji included, and clears all', async () => {
    const { emu, client, guild, channelId } = await setup();
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const message = await channel.send('react to me');
    await message.react('👍');
    await message.react('<:paper:123456789012345678>');
    const stored = emu.messages(channelId)[0];
    expect([...(stored?.reactions.keys() ?? [])]).toEqual(['👍', 'paper:123456789012345678']);
    await message.reactions.cache.get('👍')?.users.remove(emu.botUserId);
    expect(stored?.reactions.has('👍')).toBe(false);
    await expect(message.reactions.removeAll()).rejects.toMatchObject({ code: 50013 });
    emu.setChannelPermissions(channelId, [
      { id: guild.botRoleId, type: 0, allow: Permission.ManageMessages, deny: 0n },
    ]);
    const cleared = once(client, Events.MessageReactionRemoveAll);
    await message.reactions.removeAll();
    await cleared;
    expect(stored?.reactions.size).toBe(0);
  });

  it('needs ADD_REACTIONS for a new emoji but only READ_MESSAGE_HISTORY to join one', async () => {
    const { emu, client, channelId } = await setup(
      Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory,
    );
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const message = await channel.send('no new reactions');
    await expect(message.react('🎉')).rejects.toMatchObject({ code: 50013 });
    emu.react(emu.addUser({ username: 'bob' }).id, channelId, message.id, '🎉');
    await message.react('🎉');
    expect(emu.messages(channelId)[0]?.reactions.get('🎉')?.has(emu.botUserId)).toBe(true);
  });
});

import { DiscordAPIError, EmbedBuilder, type TextChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { Permission } from '../../src/emulator/permissions.ts';
import type { Emulator } from '../../src/emulator/types.ts';
import { connect, emulator, rest } from './support.ts';

async function textChannel(emu: Emulator, botPermissions?: bigint) {
  const guild = emu.createGuild({ name: 'A', channels: [{ name: 'papers' }], botPermissions });
  const channelId = guild.channels[0]?.id ?? '';
  const client = await connect(emu);
  const channel = (await client.channels.fetch(channelId)) as TextChannel;
  return { guild, channelId, channel, client };
}

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  return error;
}

describe('emulator messages', () => {
  it('records a message the client sends, with embeds and allowed mentions', async () => {
    const emu = await emulator();
    const { channelId, channel } = await textChannel(emu);
    const sent = await channel.send({
      content: 'hello',
      embeds: [new EmbedBuilder().setTitle('Paper').setDescription('About things')],
      allowedMentions: { parse: [] },
    });
    const [stored] = emu.messages(channelId);
    expect(stored).toMatchObject({ id: sent.id, content: 'hello', author: { id: emu.botUserId } });
    expect(stored?.embeds[0]?.title).toBe('Paper');
    expect(stored?.allowed_mentions).toEqual({ parse: [] });
    expect(emu.requests.find((r) => r.method === 'POST')).toMatchObject({
      path: `/channels/${channelId}/messages`,
      status: 200,
    });
  });

  it('fetches, edits and deletes a message', async () => {
    const emu = await emulator();
    const { channelId, channel } = await textChannel(emu);
    const sent = await channel.send('first');
    channel.messages.cache.clear();
    const fetched = await channel.messages.fetch(sent.id);
    expect(fetched.content).toBe('first');
    await fetched.edit('second');
    expect(emu.messages(channelId)[0]?.content).toBe('second');
    expect(emu.messages(channelId)[0]?.edited_timestamp).not.toBeNull();
    await fetched.delete();
    expect(emu.messages(channelId)).toHaveLength(0);
    expect((await apiError(channel.messages.fetch({ message: sent.id, force: true }))).code).toBe(10008);
  });

  it('rejects an embed over the limits with 50035 and names the field', async () => {
    const emu = await emulator();
    const { channelId, channel } = await textChannel(emu);
    const error = await apiError(channel.send({ embeds: [{ title: 'x'.repeat(257) }] }));
    expect(error.code).toBe(50035);
    expect(error.status).toBe(400);
    expect(error.message).toContain('embeds[0].title[BASE_TYPE_MAX_LENGTH]');
    expect(emu.messages(channelId)).toHaveLength(0);
  });

  it('answers 50013 where the bot may not send, 50001 where it cannot see, 10003 for no channel', async () => {
    const emu = await emulator();
    const { guild, channelId, channel } = await textChannel(emu);
    emu.setChannelPermissions(channelId, [{ id: guild.id, type: 0, allow: 0n, deny: Permission.SendMessages }]);
    expect((await apiError(channel.send('hi'))).code).toBe(50013);
    emu.setChannelPermissions(channelId, [{ id: guild.botRoleId, type: 0, allow: 0n, deny: Permission.ViewChannel }]);
    expect((await apiError(channel.send('hi'))).code).toBe(50001);
    // A member overwrite for the bot beats the role's deny.
    emu.setChannelPermissions(channelId, [
      { id: guild.botRoleId, type: 0, allow: 0n, deny: Permission.ViewChannel },
      { id: emu.botUserId, type: 1, allow: Permission.ViewChannel | Permission.SendMessages, deny: 0n },
    ]);
    await channel.send('visible again');
    expect((await rest(emu, 'POST', '/channels/1/messages', { content: 'x' })).json).toMatchObject({ code: 10003 });
    expect(emu.invalidRequests).toBe(2);
  });

  it('honours botPermissions: without SEND_MESSAGES the bot cannot post anywhere', async () => {
    const emu = await emulator();
    const { channel } = await textChannel(emu, Permission.ViewChannel | Permission.ReadMessageHistory);
    expect((await apiError(channel.send('hi'))).code).toBe(50013);
  });

  it('posts once after two injected 500s: discord.js retries', async () => {
    const emu = await emulator();
    const { channelId, channel } = await textChannel(emu);
    emu.failNext(/^\/channels\/\d+\/messages$/, 2, 500);
    await channel.send('persistent');
    expect(emu.messages(channelId).map((m) => m.content)).toEqual(['persistent']);
    const posts = emu.requests.filter((r) => r.method === 'POST').map((r) => r.status);
    expect(posts).toEqual([500, 500, 200]);
  });

  it('waits out an injected 429 with Retry-After 0.2 and succeeds', async () => {
    const emu = await emulator();
    const { channelId, channel } = await textChannel(emu);
    emu.failNext(/\/messages$/, 1, 429, 0.2);
    await channel.send('patient');
    const posts = emu.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(200);
    expect(emu.messages(channelId)).toHaveLength(1);
    expect(emu.invalidRequests).toBe(1);
  });

  it('delays a route on demand', async () => {
    const emu = await emulator();
    const { channel } = await textChannel(emu);
    emu.delayNext(/\/messages$/, 1, 150);
    const start = performance.now();
    await channel.send('slow');
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
  });
});

describe('emulator: what digests rely on', () => {
  it('returns the first message for a repeated nonce with enforce_nonce, and posts again without it', async () => {
    const emu = await emulator();
    const { channelId, channel } = await textChannel(emu);
    const first = await channel.send({ content: 'one', nonce: 'abc123', enforceNonce: true });
    const again = await channel.send({ content: 'one', nonce: 'abc123', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(emu.messages(channelId)).toHaveLength(1);
    await channel.send({ content: 'one', nonce: 'abc123' });
    expect(emu.messages(channelId)).toHaveLength(2);
  });

  it('forgets nonces after its nonce memory', async () => {
    const emu = await emulator({ nonceMemoryMs: 0 });
    const { channelId, channel } = await textChannel(emu);
    await channel.send({ content: 'one', nonce: 'abc123', enforceNonce: true });
    await channel.send({ content: 'one', nonce: 'abc123', enforceNonce: true });
    expect(emu.messages(channelId)).toHaveLength(2);
  });

  it('names the system channel and handles a late answer after storing the message', async () => {
    const emu = await emulator();
    const guild = emu.createGuild({
      name: 'A',
      channels: [{ name: 'papers' }, { name: 'general' }],
      systemChannel: 'general',
    });
    const client = await connect(emu);
    expect(client.guilds.cache.get(guild.id)?.systemChannelId).toBe(guild.channels[1]?.id);
    const papers = guild.channels[0]?.id ?? '';
    emu.delayResponseNext(new RegExp(`/channels/${papers}/messages$`), 1, 300, 1);
    const channel = (await client.channels.fetch(papers)) as TextChannel;
    await channel.send('first');
    const late = channel.send('second');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Stored already, not yet answered.
    expect(emu.messages(papers).map((m) => m.content)).toEqual(['first', 'second']);
    await late;
  });

  it('sends channel options resolved, and members granted Manage Server have it in interactions', async () => {
    const emu = await emulator();
    const guild = emu.createGuild({ name: 'A', channels: [{ name: 'papers' }] });
    const admin = emu.addUser({ username: 'admin' }).id;
    emu.grantPermissions(guild.id, admin, Permission.ManageGuild);
    const client = await connect(emu);
    const seen = new Promise<{ channel: string | undefined; admin: boolean }>((resolve) =>
      client.once('interactionCreate', (i) => {
        if (i.isChatInputCommand())
          resolve({
            channel: i.options.getChannel('where')?.name ?? undefined,
            admin: i.memberPermissions?.has('ManageGuild') ?? false,
          });
      }),
    );
    const channelId = guild.channels[0]?.id ?? '';
    emu.runCommand({
      guildId: guild.id,
      channelId,
      userId: admin,
      name: 'x',
      options: [{ type: 7, name: 'where', value: channelId }],
    });
    expect(await seen).toEqual({ channel: 'papers', admin: true });
  });
});

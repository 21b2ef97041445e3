import { once } from 'node:events';
import { ChannelType, Events } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { connect, emulator, rest } from './support.ts';

describe('emulator gateway', () => {
  it('brings the client to ready with its guilds, channels and roles in cache', async () => {
    const emu = await emulator();
    const a = emu.createGuild({ name: 'A', channels: [{ name: 'papers' }, { name: 'voice', type: 2 }] });
    const b = emu.createGuild({ name: 'B' });
    const client = await connect(emu);
    expect(client.user?.id).toBe(emu.botUserId);
    expect(client.application?.id).toBe(emu.applicationId);
    expect([...client.guilds.cache.keys()].sort()).toEqual([a.id, b.id].sort());
    const guild = client.guilds.cache.get(a.id);
    expect(guild?.name).toBe('A');
    expect(guild?.channels.cache.get(a.channels[1]?.id ?? '')?.type).toBe(ChannelType.GuildVoice);
    expect(guild?.roles.everyone.id).toBe(a.id);
    expect(guild?.members.me?.id).toBe(emu.botUserId);
    expect(emu.gatewayState()).toEqual([{ shard: 0, connected: true, identifies: 1, resumes: 0, heartbeats: 0 }]);
  });

  it('refuses a wrong token on REST with 401 and counts it as invalid', async () => {
    const emu = await emulator();
    const response = await rest(emu, 'GET', '/users/@me', undefined, false);
    expect(response.status).toBe(401);
    expect(emu.invalidRequests).toBe(1);
  });

  it('acknowledges heartbeats, so a fast-beating client stays connected', async () => {
    const emu = await emulator({ heartbeatIntervalMs: 40 });
    emu.createGuild({ name: 'A' });
    await connect(emu);
    await expect.poll(() => emu.gatewayState()[0]?.heartbeats ?? 0, { timeout: 2000 }).toBeGreaterThanOrEqual(4);
    expect(emu.gatewayState()[0]).toMatchObject({ connected: true, identifies: 1, resumes: 0 });
  });

  it('resumes after close 4000 and a dropped socket, replaying what was missed', async () => {
    const emu = await emulator();
    const guild = emu.createGuild({ name: 'A' });
    const channelId = guild.channels[0]?.id ?? '';
    const user = emu.addUser({ username: 'alice' });
    const client = await connect(emu);
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply('still here');
    });

    emu.closeGateway(0, 4000);
    // Sent while the socket is down: it must arrive on resume.
    const missed = emu.runCommand({ guildId: guild.id, channelId, userId: user.id, name: 'ping' });
    await expect.poll(() => emu.gatewayState()[0]?.resumes, { timeout: 5000 }).toBe(1);
    expect((await missed.firstResponse()).type).toBe(4);

    emu.closeGateway(0, 1006);
    await expect.poll(() => emu.gatewayState()[0]?.resumes, { timeout: 5000 }).toBe(2);
    const after = emu.runCommand({ guildId: guild.id, channelId, userId: user.id, name: 'ping' });
    expect((await after.firstResponse()).data?.content).toBe('still here');
    expect(emu.gatewayState()[0]).toMatchObject({ identifies: 1, connected: true });
  });

  it('resumes on op 7 and identifies again after a non-resumable op 9', async () => {
    const emu = await emulator();
    const guild = emu.createGuild({ name: 'A' });
    const client = await connect(emu);
    // Wait for the client's own word that it resumed before the next fault: a fault sent while it
    // is still resuming tests a different (racy) path.
    const resumed = once(client, Events.ShardResume);
    emu.sendReconnect(0);
    await resumed;
    expect(emu.gatewayState()[0]?.resumes).toBe(1);

    const ready = once(client, Events.ShardReady);
    emu.sendInvalidSession(0, false);
    await ready;
    expect(emu.gatewayState()[0]?.identifies).toBe(2);
    await expect.poll(() => emu.gatewayState()[0]?.connected, { timeout: 5000 }).toBe(true);
    expect(client.guilds.cache.has(guild.id)).toBe(true);
  });

  it('resumes in place after a resumable op 9', async () => {
    const emu = await emulator();
    emu.createGuild({ name: 'A' });
    await connect(emu);
    emu.sendInvalidSession(0, true);
    await expect.poll(() => emu.gatewayState()[0]?.resumes, { timeout: 5000 }).toBe(1);
    expect(emu.gatewayState()[0]?.identifies).toBe(1);
  });

  it('gives each of two shards the guilds that live on it', async () => {
    const emu = await emulator({ shards: 2 });
    const guilds = [1, 2, 3, 4].map((n) => emu.createGuild({ name: `G${n}` }));
    const client = await connect(emu, { shards: [0, 1], shardCount: 2 });
    const shardOf = (id: string) => Number((BigInt(id) >> 22n) % 2n);
    expect(new Set(guilds.map((g) => shardOf(g.id)))).toEqual(new Set([0, 1]));
    for (const created of guilds) {
      expect(client.guilds.cache.get(created.id)?.shardId).toBe(shardOf(created.id));
    }
    expect(emu.gatewayState().map((s) => [s.shard, s.connected, s.identifies])).toEqual([
      [0, true, 1],
      [1, true, 1],
    ]);
    const gateway = await rest(emu, 'GET', '/gateway/bot');
    expect(gateway.json).toMatchObject({ shards: 2, session_start_limit: { max_concurrency: 1 } });
  });

  it('announces guilds joined and left while connected', async () => {
    const emu = await emulator();
    const client = await connect(emu);
    const joined = once(client, Events.GuildCreate);
    const guild = emu.createGuild({ name: 'Late' });
    expect((await joined)[0].id).toBe(guild.id);
    const left = once(client, Events.GuildDelete);
    emu.removeGuild(guild.id);
    expect((await left)[0].id).toBe(guild.id);
    expect(client.guilds.cache.has(guild.id)).toBe(false);
  });
});

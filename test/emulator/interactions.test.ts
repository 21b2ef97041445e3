import { once } from 'node:events';
import {
  ActionRowBuilder,
  type AutocompleteInteraction,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  Events,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/types.ts';
import { connect, emulator, rest } from './support.ts';

interface Setup {
  emu: Emulator;
  client: Client;
  guildId: string;
  channelId: string;
  userId: string;
}

async function setup(deadlineMs?: number): Promise<Setup> {
  const emu = await emulator(deadlineMs === undefined ? {} : { interactionDeadlineMs: deadlineMs });
  const guild = emu.createGuild({ name: 'A' });
  const userId = emu.addUser({ username: 'alice' }).id;
  const client = await connect(emu);
  return { emu, client, guildId: guild.id, channelId: guild.channels[0]?.id ?? '', userId };
}

/** The next interaction the client sees. */
async function nextInteraction(client: Client): Promise<Interaction> {
  const [interaction] = (await once(client, Events.InteractionCreate)) as [Interaction];
  return interaction;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('emulator interactions', () => {
  it('delivers a slash command with its subcommand and options, and records the reply', async () => {
    const { emu, client, guildId, channelId, userId } = await setup();
    const arrived = nextInteraction(client);
    const handle = emu.runCommand({
      guildId,
      channelId,
      userId,
      name: 'papers',
      options: [{ type: 1, name: 'topic', options: [{ type: 3, name: 'topic', value: 'rl' }] }],
    });
    const interaction = (await arrived) as ChatInputCommandInteraction;
    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.commandName).toBe('papers');
    expect(interaction.options.getSubcommand()).toBe('topic');
    expect(interaction.options.getString('topic')).toBe('rl');
    expect(interaction.user.id).toBe(userId);
    expect(interaction.channelId).toBe(channelId);
    expect(interaction.guildId).toBe(guildId);
    await interaction.reply({ content: 'pong', flags: MessageFlags.Ephemeral });
    const first = await handle.firstResponse();
    expect(first).toMatchObject({ type: 4, data: { content: 'pong', flags: MessageFlags.Ephemeral } });
    expect(handle.original()?.content).toBe('pong');
    // Ephemeral answers are not channel messages.
    expect(emu.messages(channelId)).toHaveLength(0);
  });

  it('shows a deferred reply as loading until editReply fills it', async () => {
    const { emu, client, guildId, channelId, userId } = await setup();
    const arrived = nextInteraction(client);
    const handle = emu.runCommand({ guildId, channelId, userId, name: 'slow' });
    const interaction = (await arrived) as ChatInputCommandInteraction;
    await interaction.deferReply();
    expect((await handle.firstResponse()).type).toBe(5);
    expect(handle.original()?.flags).toBe(MessageFlags.Loading);
    await interaction.editReply({ content: 'done' });
    await handle.waitFor((h) => h.original()?.content === 'done');
    expect(handle.original()?.flags).toBe(0);
    expect(emu.messages(channelId).map((m) => m.content)).toEqual(['done']);
    const followUp = await interaction.followUp({ content: 'more', flags: MessageFlags.Ephemeral });
    expect(handle.followUps().map((m) => [m.id, m.flags])).toEqual([[followUp.id, MessageFlags.Ephemeral]]);
    await interaction.deleteReply();
    expect(handle.original()).toBeUndefined();
  });

  it('lets the first follow-up after a deferral fill the loading message, as Discord does', async () => {
    const { emu, client, guildId, channelId, userId } = await setup();
    const arrived = nextInteraction(client);
    const handle = emu.runCommand({ guildId, channelId, userId, name: 'slow' });
    const interaction = (await arrived) as ChatInputCommandInteraction;
    await interaction.deferReply();
    await interaction.followUp({ content: 'meant to be private', flags: MessageFlags.Ephemeral });
    expect(handle.original()).toMatchObject({ content: 'meant to be private', flags: 0 });
    expect(handle.followUps()).toHaveLength(0);
  });

  it('refuses a reply after the deadline with 10062 and rejects firstResponse', async () => {
    const { emu, client, guildId, channelId, userId } = await setup(300);
    const arrived = nextInteraction(client);
    const handle = emu.runCommand({ guildId, channelId, userId, name: 'late' });
    const pending = rejection(handle.firstResponse());
    const interaction = (await arrived) as ChatInputCommandInteraction;
    await new Promise((resolve) => setTimeout(resolve, 350));
    const error = await rejection(interaction.reply('too late'));
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(10062);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('refuses a second callback with 40060', async () => {
    const { emu, guildId, channelId, userId } = await setup();
    const handle = emu.runCommand({ guildId, channelId, userId, name: 'twice' });
    const path = `/interactions/${handle.id}/${handle.token}/callback`;
    const first = await rest(emu, 'POST', `${path}?with_response=true`, { type: 4, data: { content: 'one' } }, false);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ resource: { type: 4, message: { content: 'one' } } });
    const second = await rest(emu, 'POST', path, { type: 4, data: { content: 'two' } }, false);
    expect(second).toMatchObject({ status: 400, json: { code: 40060 } });
  });

  it('rejects 26 autocomplete choices with 50035 and accepts 25', async () => {
    const { emu, client, guildId, channelId, userId } = await setup();
    const options = [{ type: 3, name: 'topic', value: 'r', focused: true }];
    const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `topic ${i}`, value: `t${i}` }));

    let arrived = nextInteraction(client);
    emu.autocomplete({ guildId, channelId, userId, name: 'papers', options });
    let interaction = (await arrived) as AutocompleteInteraction;
    expect(interaction.isAutocomplete()).toBe(true);
    expect(interaction.options.getFocused()).toBe('r');
    const error = await rejection(interaction.respond(choices(26)));
    expect((error as DiscordAPIError).code).toBe(50035);
    expect((error as DiscordAPIError).message).toContain('data.choices[BASE_TYPE_MAX_LENGTH]');

    arrived = nextInteraction(client);
    const handle = emu.autocomplete({ guildId, channelId, userId, name: 'papers', options });
    interaction = (await arrived) as AutocompleteInteraction;
    await interaction.respond(choices(25));
    expect((await handle.firstResponse()).data?.choices).toHaveLength(25);
  });

  it('delivers a button click as a ButtonInteraction and applies the update to the clicked message', async () => {
    const { emu, client, guildId, channelId, userId } = await setup();
    let arrived = nextInteraction(client);
    const command = emu.runCommand({ guildId, channelId, userId, name: 'menu' });
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('page:2').setLabel('Next').setStyle(ButtonStyle.Primary),
    );
    await ((await arrived) as ChatInputCommandInteraction).reply({ content: 'page 1', components: [row] });
    const messageId = command.original()?.id ?? '';

    arrived = nextInteraction(client);
    const click = emu.clickButton({ guildId, channelId, userId, messageId, customId: 'page:2' });
    const button = (await arrived) as ButtonInteraction;
    expect(button.isButton()).toBe(true);
    expect(button.customId).toBe('page:2');
    expect(button.message.id).toBe(messageId);
    await button.update({ content: 'page 2' });
    expect((await click.firstResponse()).type).toBe(7);
    expect(click.original()?.id).toBe(messageId);
    expect(emu.messages(channelId).map((m) => m.content)).toEqual(['page 2']);
  });

  it('registers commands in bulk, keeps their ids, and sends them with interactions', async () => {
    const { emu, client, guildId, channelId, userId } = await setup();
    const data = [{ name: 'papers', description: 'Papers' }];
    const [global] = (await client.application?.commands.set(data))?.values() ?? [];
    const [inGuild] = (await client.application?.commands.set(data, guildId))?.values() ?? [];
    const again = await client.application?.commands.set(data);
    expect(again?.first()?.id).toBe(global?.id);
    expect(emu.commands().map((c) => c.name)).toEqual(['papers']);
    expect(emu.commands(guildId)[0]).toMatchObject({ id: inGuild?.id, guild_id: guildId });
    const arrived = nextInteraction(client);
    emu.runCommand({ guildId, channelId, userId, name: 'papers' });
    expect(((await arrived) as ChatInputCommandInteraction).commandId).toBe(inGuild?.id);
  });
});

import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { afterEach } from 'vitest';
import { startEmulator } from '../../src/emulator/startEmulator.ts';
import type { Emulator, EmulatorOptions } from '../../src/emulator/types.ts';

/** Sharding options for the client; omit for one shard. */
export interface ClientShards {
  shards: number[];
  shardCount: number;
}

/** The client Paperboy runs, pointed at the emulator, with IDENTIFY spacing switched off. */
export function createClient(emu: Emulator, sharding?: ClientShards): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    rest: { api: emu.apiUrl },
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    ...sharding,
  });
}

/** Logs a client in and waits for ClientReady. */
export async function connect(emu: Emulator, sharding?: ClientShards): Promise<Client> {
  const client = createClient(emu, sharding);
  track.clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(emu.token);
  await ready;
  return client;
}

const track: { emulators: Emulator[]; clients: Client[] } = { emulators: [], clients: [] };

/** Starts an emulator that is closed after the test, after every client is destroyed. */
export async function emulator(options?: EmulatorOptions): Promise<Emulator> {
  const emu = await startEmulator(options);
  track.emulators.push(emu);
  return emu;
}

afterEach(async () => {
  const clients = track.clients.splice(0);
  await Promise.all(clients.map((client) => client.destroy()));
  const emulators = track.emulators.splice(0);
  await Promise.all(emulators.map((emu) => emu.close()));
});

/** A raw REST call as the bot, for what discord.js would refuse to send or would retry on its own. */
export async function rest(
  emu: Emulator,
  method: string,
  path: string,
  body?: unknown,
  auth = true,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(`${emu.apiUrl}/v10${path}`, {
    method,
    headers: {
      ...(auth ? { Authorization: `Bot ${emu.token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}

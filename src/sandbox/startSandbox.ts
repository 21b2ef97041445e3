import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Permission } from '../emulator/permissions.ts';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/startEmulator.ts';
import { createSandboxClock, digestTimes } from './createSandboxClock.ts';
import { createSandboxServer, type SandboxWorld } from './createSandboxServer.ts';
import { seedSampleStore } from './sampleData.ts';
import { serveDailyPapers } from './serveDailyPapers.ts';
import { type BotLogLine, type BotProcess, registerCommands, spawnBot } from './spawnBot.ts';

export type { BotLogLine };

/** Where the sandbox's time starts: the morning after the newest captured day, before its digest. */
export const SANDBOX_START = new Date('2026-08-20T08:55:00Z');
/** The #papers digest the sandbox sets up (UTC, the bot's default timezone). */
const DIGEST_TIME = '09:00';

/** Options of `startSandbox`; `npm run sandbox` takes the defaults. */
export interface SandboxOptions {
  /** Port of the page (default 0: any free one). */
  port?: number;
  /** The emulator's rate limits (default: Discord's own). */
  rateLimits?: EmulatorOptions['rateLimits'];
  /** Where the bot's log lines go (default: dropped). */
  onLog?: (line: BotLogLine | string) => void;
}

/** A running sandbox: the page's address, the emulator behind it, the bot's process. */
export interface Sandbox {
  url: string;
  emu: Emulator;
  world: SandboxWorld;
  bot: BotProcess;
  stop(): Promise<void>;
}

/**
 * Starts everything on 127.0.0.1: the emulator, a local Daily Papers server with the captured
 * responses, a store seeded from them, the real bot (`src/main.ts`, its commands registered by
 * `src/register.ts`), a `/digest` for #papers, and the page's server.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-sandbox-'));
  const stops: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const clock = createSandboxClock(SANDBOX_START);
    const storeUrl = `sqlite://${join(dir, 'sandbox.sqlite')}`;
    await seedSampleStore(storeUrl, clock.now());
    const dailyPapers = await serveDailyPapers();
    stops.push(() => dailyPapers.close());
    const emu = await startEmulator({ rateLimits: options.rateLimits ?? 'discord', clock: clock.now });
    stops.push(() => emu.close());

    const guild = emu.createGuild({
      name: 'Paperboy Sandbox',
      channels: [{ name: 'papers' }, { name: 'general' }],
      systemChannel: 'general',
    });
    const [papers, general] = guild.channels;
    if (!papers || !general) throw new Error('sandbox: the server has no channels');
    const people = [
      { name: 'ada', note: 'admin (Manage Server)', admin: true },
      { name: 'grace', note: 'member', admin: false },
      { name: 'alan', note: 'member', admin: false },
    ].map((p) => ({ ...p, id: emu.addUser({ username: p.name }).id }));
    const admin = people[0];
    if (!admin) throw new Error('sandbox: no members');
    emu.grantPermissions(guild.id, admin.id, Permission.ManageGuild);

    const env = {
      DISCORD_TOKEN: emu.token,
      DISCORD_API_URL: emu.apiUrl,
      STORE_URL: storeUrl,
      HF_API_URL: dailyPapers.baseUrl,
      // No arXiv feeds are configured; should one be, it would meet a closed port, not arXiv.
      ARXIV_API_URL: 'http://127.0.0.1:9',
      HTTP_RETRIES: '1',
      DEFAULT_TIMEZONE: 'UTC',
      LOG_LEVEL: 'info',
    };
    const bot = spawnBot({ env, start: clock.now(), ...(options.onLog ? { onLog: options.onLog } : {}) });
    stops.push(() => bot.stop());
    await Promise.all([bot.ready, registerCommands(env, guild.id)]);
    await setUpDigest(emu, { guildId: guild.id, channelId: papers.id, generalId: general.id, adminId: admin.id });

    const world: SandboxWorld = {
      emu,
      guild: { id: guild.id, name: guild.name },
      channels: [
        { id: papers.id, name: 'papers', topic: `The daily digest, every day at ${DIGEST_TIME} UTC` },
        { id: general.id, name: 'general', topic: 'Try the commands here: type /' },
      ],
      members: people,
      now: clock.now,
      digestTime: `${DIGEST_TIME} UTC`,
      async moveClock(action) {
        const { today, tomorrow } = digestTimes(clock.now(), DIGEST_TIME);
        const now = clock.advanceTo(action === 'today' ? today : tomorrow);
        await bot.setClock(now);
        await bot.runJob('digests');
        return now;
      },
    };
    const server = createSandboxServer(world, new URL('./public/', import.meta.url));
    const url = await listen(server, options.port ?? 0);
    stops.push(() => close(server));
    return { url, emu, world, bot, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `/digest set` for #papers, run by the admin in #general as anyone would: the sandbox's digest is
 * a real one, and its answer stays in #general for the admin to see.
 */
async function setUpDigest(
  emu: Emulator,
  at: { guildId: string; channelId: string; generalId: string; adminId: string },
): Promise<void> {
  const handle = emu.runCommand({
    guildId: at.guildId,
    channelId: at.generalId,
    userId: at.adminId,
    name: 'digest',
    options: [
      {
        type: 1,
        name: 'set',
        options: [
          { type: 7, name: 'channel', value: at.channelId },
          { type: 3, name: 'time', value: DIGEST_TIME },
          { type: 5, name: 'empty-notice', value: true },
        ],
      },
    ],
  });
  await handle.firstResponse();
  // A deferred answer is filled in by an edit: wait for it, so the digest exists before the page opens.
  await handle.waitFor((h) => ((h.original()?.flags ?? 0) & 128) === 0, 10_000);
}

function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

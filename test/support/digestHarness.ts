import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { type RunningBot, startBot } from '../../src/app/startBot.ts';
import { loadConfig } from '../../src/config/loadConfig.ts';
import type { Subscription } from '../../src/digests/subscription.ts';
import { Permission } from '../../src/emulator/permissions.ts';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/startEmulator.ts';
import type { MessageRecord } from '../../src/emulator/types.ts';
import type { FetchLike } from '../../src/sources/requestWithRetry.ts';
import { tempDir } from './backends.ts';
import { seedStore } from './seedStore.ts';

/** Daily Papers as a test wants it: every day answers an empty list (the store keeps the fixtures). */
export const emptyDailyPapers: FetchLike = async () =>
  new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
/** Daily Papers down: every request fails. */
export const dailyPapersDown: FetchLike = async () => {
  throw new TypeError('fetch failed');
};

/** A server with a digest channel, a system channel, a voice channel and an admin. */
export interface TestServer {
  guildId: string;
  papersChannel: string;
  generalChannel: string;
  voiceChannel: string;
  botRoleId: string;
  admin: string;
  member: string;
}

/** A bot, an emulator and a store, with a clock the test moves. */
export class DigestHarness {
  readonly bots: RunningBot[] = [];
  readonly log: string[] = [];
  now = new Date('2026-08-20T06:00:00Z');

  private constructor(
    readonly emu: Emulator,
    readonly storeUrl: string,
  ) {}

  static async start(options: EmulatorOptions = {}): Promise<DigestHarness> {
    const storeUrl = `sqlite://${join(tempDir(), 'digest.sqlite')}`;
    await seedStore(storeUrl);
    return new DigestHarness(await startEmulator(options), storeUrl);
  }

  server(name = 'ML Reading Group'): TestServer {
    const guild = this.emu.createGuild({
      name,
      channels: [{ name: 'papers' }, { name: 'general' }, { name: 'voice', type: 2 }],
      systemChannel: 'general',
    });
    const admin = this.emu.addUser({ username: `admin-${name}` }).id;
    this.emu.grantPermissions(guild.id, admin, Permission.ManageGuild);
    return {
      guildId: guild.id,
      papersChannel: guild.channels[0]?.id as string,
      generalChannel: guild.channels[1]?.id as string,
      voiceChannel: guild.channels[2]?.id as string,
      botRoleId: guild.botRoleId,
      admin,
      member: this.emu.addUser({ username: `member-${name}` }).id,
    };
  }

  async launch(
    options: {
      fetch?: FetchLike;
      catchUpOnStart?: boolean;
      env?: Record<string, string>;
      /** Discord's invalid-request window, shortened so a test sees the brake let go. */
      invalidRequestWindowMs?: number;
    } = {},
  ) {
    const config = loadConfig({
      STORE_URL: this.storeUrl,
      DISCORD_TOKEN: this.emu.token,
      DISCORD_API_URL: this.emu.apiUrl,
      HTTP_RETRIES: '0',
      ...options.env,
    });
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        this.log.push(String(chunk));
        done();
      },
    });
    const bot = await startBot({
      config: { ...config, DISCORD_TOKEN: this.emu.token },
      logger: pino({ level: 'info' }, sink),
      clock: () => this.now,
      fetch: options.fetch ?? emptyDailyPapers,
      fastIdentify: true,
      refreshOnStart: false,
      catchUpOnStart: options.catchUpOnStart ?? false,
      ...(options.invalidRequestWindowMs ? { invalidRequestWindowMs: options.invalidRequestWindowMs } : {}),
    });
    this.bots.push(bot);
    return bot;
  }

  async close(): Promise<void> {
    for (const bot of this.bots.splice(0)) await bot.stop();
    await this.emu.close();
  }

  /** Runs /digest <sub> as `userId` and returns the bot's answer (after a deferral, the final one). */
  async digest(
    server: TestServer,
    sub: string,
    options: Record<string, string | number | boolean> = {},
    userId = server.admin,
  ) {
    const handle = this.emu.runCommand({
      guildId: server.guildId,
      channelId: server.generalChannel,
      userId,
      name: 'digest',
      options: [{ type: 1, name: sub, options: Object.entries(options).map(([name, value]) => toOption(name, value)) }],
    });
    const first = await handle.firstResponse();
    const data = (first.data ?? {}) as { content?: string; flags?: number; embeds?: Array<{ description?: string }> };
    const text = [data.content ?? '', ...(data.embeds ?? []).map((e) => e.description ?? '')].join('\n');
    return { type: first.type, ephemeral: ((data.flags ?? 0) & 64) !== 0, text, data };
  }

  /** The subscriptions stored for a server, read through the running bot's repository. */
  subscriptions(server: TestServer): Promise<Subscription[]> {
    const bot = this.bots[0];
    if (!bot) throw new Error('no bot running');
    return bot.digests.subscriptions.list(server.guildId);
  }
}

function toOption(name: string, value: string | number | boolean) {
  if (name === 'channel') return { type: 7, name, value };
  if (typeof value === 'number') return { type: 4, name, value };
  if (typeof value === 'boolean') return { type: 5, name, value };
  return { type: 3, name, value };
}

/** A digest as it landed in a channel: its headers and the papers posted, by their links. */
export function digestPosts(emu: Emulator, channelId: string) {
  const messages: readonly MessageRecord[] = emu.messages(channelId).filter((m) => m.author.id === emu.botUserId);
  const papers = messages.filter((m) => m.embeds.length > 0);
  return {
    messages,
    headers: messages.filter((m) => m.content.startsWith('📰') || m.content.startsWith('🧪')),
    papers,
    links: papers.map((m) => String(m.embeds[0]?.url)),
    titles: papers.map((m) => String(m.embeds[0]?.title)),
    /** Paper messages the bot has put its vote reaction under. */
    withVote: papers.filter((m) => m.reactions.get('👍')?.has(emu.botUserId)).length,
  };
}

import { Client, GatewayIntentBits, Options, Partials, type RESTOptions } from 'discord.js';

export interface DiscordClientOptions {
  /** REST base of Discord or a Discord-compatible server (the emulator), e.g. http://127.0.0.1:PORT/api. */
  apiUrl?: string;
  /** Skip the 5 s spacing between IDENTIFYs: only against a local server. */
  fastIdentify?: boolean;
  /** Discord's global request limit for this bot (50 unless Discord raised it). */
  globalRequestsPerSecond?: number;
  /** Replaces discord.js's HTTP request function (the invalid-request brake wraps it). */
  makeRequest?: RESTOptions['makeRequest'];
}

/**
 * The discord.js client Paperboy runs: Guilds and GuildMessageReactions only (no privileged
 * intents), and partials so reactions on messages from before a restart still arrive.
 */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  return new Client({
    // GuildMessages (not privileged) for MESSAGE_DELETE: a deleted paper message withdraws its votes.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    // No message cache: Paperboy posts, reads and reacts through REST and takes reactions and
    // deletions as partials, so the cache served nothing — yet GuildMessages filled it with every
    // message of every channel (200 each, embeds and all), and the soak (bench/soak.ts) saw the
    // bot's memory climb by some 70 % in eight minutes, more with every channel and server.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    allowedMentions: { parse: [] },
    // Every embed and component Paperboy sends is already in Discord's shape (APIEmbed, API
    // components): discord.js's default transformer rebuilt each one key by key in snake case
    // (lodash), a tenth of the bot's CPU per answered command in the benchmark's profile.
    jsonTransformer: (data: unknown) => data,
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      globalRequestsPerSecond: options.globalRequestsPerSecond ?? 50,
      // Every interaction's token gets a request handler of its own (the webhook route's major
      // parameter), kept until an hourly sweep by default: at 20 interactions a second that is
      // tens of thousands alive at once. Tokens die after 15 minutes; sweep idle handlers every 5.
      handlerSweepInterval: 5 * 60_000,
      ...(options.makeRequest ? { makeRequest: options.makeRequest } : {}),
    },
    ...(options.fastIdentify
      ? { ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) } }
      : {}),
  });
}

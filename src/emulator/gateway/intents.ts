/** Gateway intents that gate the events the emulator sends; INTERACTION_CREATE, READY and RESUMED are never gated. */
const Intent = { Guilds: 1 << 0, GuildMessages: 1 << 9, GuildMessageReactions: 1 << 10 } as const;

const REQUIRED: Record<string, number> = {
  GUILD_CREATE: Intent.Guilds,
  GUILD_UPDATE: Intent.Guilds,
  GUILD_DELETE: Intent.Guilds,
  CHANNEL_CREATE: Intent.Guilds,
  CHANNEL_UPDATE: Intent.Guilds,
  CHANNEL_DELETE: Intent.Guilds,
  MESSAGE_CREATE: Intent.GuildMessages,
  MESSAGE_UPDATE: Intent.GuildMessages,
  MESSAGE_DELETE: Intent.GuildMessages,
  MESSAGE_REACTION_ADD: Intent.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE: Intent.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE_ALL: Intent.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE_EMOJI: Intent.GuildMessageReactions,
};

/**
 * True when a session identified with `intents` receives `event`. Discord filters like this, and it
 * matters: a bot without GuildMessages never sees MESSAGE_CREATE, so messages it did not fetch stay
 * out of its cache and reactions on them arrive as partials.
 */
export function wantsEvent(intents: number, event: string): boolean {
  const required = REQUIRED[event];
  return required === undefined || (intents & required) !== 0;
}

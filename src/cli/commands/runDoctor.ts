import {
  type APIGuild,
  type APIGuildMember,
  type APIOverwrite,
  type APIUser,
  DiscordAPIError,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
  type RESTGetAPICurrentUserGuildsResult,
  Routes,
} from 'discord.js';
import { openPaperCatalog } from '../../app/openPaperCatalog.ts';
import { type Config, ConfigError, loadConfig } from '../../config/loadConfig.ts';
import { DIGEST_PERMISSIONS } from '../../delivery/createChannelPoster.ts';
import type { Subscription } from '../../digests/subscription.ts';
import { createLogger } from '../../logging/createLogger.ts';
import { redactUrl } from '../../sources/redactUrl.ts';
import type { Store } from '../../store/openStore.ts';
import { createSubscriptionRepository } from '../../store/subscriptionRepository.ts';
import type { CliIO } from '../runCli.ts';

/** Every outside call of the doctor gives up after this long: it answers in seconds, not minutes. */
const TIMEOUT_MS = 5000;
const DISCORD_DEFAULT_API = 'https://discord.com/api';

/** One line of the report: passed, failed (with what to do), or not checked (and why). */
type Verdict = { ok: true; text: string } | { ok: false; text: string; fix: string } | { skipped: string };

type Report = (label: string, verdict: Verdict) => void;

/**
 * `npm run cli -- doctor`: checks, in order, the configuration, the token (Discord's
 * `GET /users/@me`), the store, the paper sources and the bot's permissions in every subscribed
 * channel, one line each (✓, ✗ with what to fix, – when not checked). Exit code 0 when every
 * check passed, 1 otherwise. Secrets are never printed: the token is only sent to Discord.
 */
export async function runDoctor(io: Pick<CliIO, 'env' | 'stdout' | 'clock' | 'fetch' | 'logger'>): Promise<number> {
  let failed = 0;
  const report: Report = (label, verdict) => {
    if ('skipped' in verdict) io.stdout(`– ${label}: ${verdict.skipped}`);
    else if (verdict.ok) io.stdout(`✓ ${label}: ${verdict.text}`);
    else {
      failed++;
      io.stdout(`✗ ${label}: ${verdict.text} — fix: ${verdict.fix}`);
    }
  };
  const config = checkConfig(io.env, report);
  if (!config) {
    for (const label of ['token', 'store', 'sources', 'permissions'])
      report(label, { skipped: 'not checked: the configuration must parse first' });
  } else {
    const discord = await checkToken(config, report);
    const store = await checkStore(config, io, report);
    await checkSources(config, io, report);
    if (discord && store) await checkPermissions(discord, store, report);
    else report('permissions', { skipped: `not checked: needs ${discord ? 'the store' : 'a token Discord accepts'}` });
    await store?.close();
  }
  io.stdout(
    failed === 0
      ? 'All checks passed.'
      : `${failed} problem${failed === 1 ? '' : 's'} found: fix the lines marked ✗ and run doctor again.`,
  );
  return failed === 0 ? 0 : 1;
}

function checkConfig(env: NodeJS.ProcessEnv, report: Report): Config | undefined {
  try {
    const config = loadConfig(env);
    report('config', { ok: true, text: 'every variable parses' });
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    report('config', { ok: false, text: error.message, fix: 'correct that variable (.env.example lists them all)' });
    return undefined;
  }
}

/** The bot as Discord knows it, and a REST client with its token. */
interface Discord {
  rest: REST;
  me: APIUser;
}

async function checkToken(config: Config, report: Report): Promise<Discord | undefined> {
  const api = config.DISCORD_API_URL ?? DISCORD_DEFAULT_API;
  if (!config.DISCORD_TOKEN) {
    report('token', {
      ok: false,
      text: 'DISCORD_TOKEN is not set',
      fix: 'copy the token from the developer portal (your application → Bot → Reset Token) into DISCORD_TOKEN',
    });
    return undefined;
  }
  const rest = new REST({ api, timeout: TIMEOUT_MS, retries: 0 }).setToken(config.DISCORD_TOKEN);
  try {
    const me = (await rest.get(Routes.user())) as APIUser;
    report('token', { ok: true, text: `Discord accepts it: this is ${me.username} (id ${me.id})` });
    return { rest, me };
  } catch (error) {
    const status = error instanceof DiscordAPIError ? error.status : undefined;
    report(
      'token',
      status === 401
        ? {
            ok: false,
            text: 'Discord rejected DISCORD_TOKEN (401 Unauthorized)',
            fix: 'the token was reset or mistyped: reset it in the developer portal and copy it again',
          }
        : {
            ok: false,
            text: `could not ask Discord at ${redactUrl(api)}: ${describe(error)}`,
            fix: 'check the network (and DISCORD_API_URL, if set), then run doctor again',
          },
    );
    return undefined;
  }
}

async function checkStore(config: Config, io: Pick<CliIO, 'clock' | 'logger'>, report: Report) {
  try {
    const logger = io.logger ?? createLogger(config.LOG_LEVEL);
    const { store, catalog } = await openPaperCatalog(config.STORE_URL, io.clock, logger, { warm: false });
    const { papers, days } = catalog.stats();
    report('store', { ok: true, text: `${store.description} opens and reads: ${papers} papers on ${days} days` });
    return store;
  } catch (error) {
    report('store', {
      ok: false,
      // A store URL (or a driver's message quoting it) may carry a password: never print one.
      text: `${config.STORE_URL} does not open: ${describe(error)}`.replace(/\/\/[^/@\s]*@/g, '//***@'),
      fix: 'check STORE_URL, that its folder exists and this user may write there, and that the disk has room',
    });
    return undefined;
  }
}

async function checkSources(config: Config, io: Pick<CliIO, 'clock' | 'fetch'>, report: Report): Promise<void> {
  const fetchLike = io.fetch ?? fetch;
  const get = async (url: URL, accept: string): Promise<string> => {
    const response = await fetchLike(url.toString(), { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept } });
    const text = await response.text();
    if (!response.ok) throw new Error(`answered ${response.status} ${response.statusText}`.trim());
    return text;
  };
  const hf = new URL('/api/daily_papers', config.HF_API_URL);
  hf.search = new URLSearchParams({ date: io.clock().toISOString().slice(0, 10), limit: '1' }).toString();
  try {
    const text = await get(hf, 'application/json');
    if (!Array.isArray(JSON.parse(text))) throw new Error('answered something other than a list of papers');
    report('hugging face', { ok: true, text: `${redactUrl(hf.origin)} answers the Daily Papers list` });
  } catch (error) {
    report('hugging face', {
      ok: false,
      text: `${redactUrl(hf.toString())}: ${describe(error)}`,
      fix: 'if Hugging Face is down, wait (digests post from the stored papers meanwhile); otherwise check HF_API_URL and the network',
    });
  }
  const category = config.ARXIV_CATEGORIES[0];
  if (category === undefined) {
    report('arxiv', { skipped: 'not used (ARXIV_CATEGORIES is empty)' });
    return;
  }
  const arxiv = new URL('/api/query', config.ARXIV_API_URL);
  arxiv.search = new URLSearchParams({ search_query: `cat:${category}`, max_results: '1' }).toString();
  try {
    const text = await get(arxiv, 'application/atom+xml');
    if (!text.includes('<feed')) throw new Error('answered something other than an Atom feed');
    report('arxiv', { ok: true, text: `${redactUrl(arxiv.origin)} answers the ${category} feed` });
  } catch (error) {
    report('arxiv', {
      ok: false,
      text: `${redactUrl(arxiv.toString())}: ${describe(error)}`,
      fix: 'if arXiv is down, wait; otherwise check ARXIV_API_URL, ARXIV_CATEGORIES and the network',
    });
  }
}

/** What the bot needs in a channel, for each digest subscription of every server the bot is in. */
async function checkPermissions(discord: Discord, store: Store, report: Report): Promise<void> {
  let guilds: Map<string, string>;
  let subs: Subscription[];
  try {
    guilds = await listGuilds(discord.rest);
    subs = await createSubscriptionRepository(store).forGuilds([...guilds.keys()]);
  } catch (error) {
    report('permissions', {
      ok: false,
      text: `could not list the bot's servers and their digests: ${describe(error)}`,
      fix: 'run doctor again; if it persists, check the store and the network',
    });
    return;
  }
  if (subs.length === 0) {
    report('permissions', { skipped: `no digest channels in the bot's ${guilds.size} servers` });
    return;
  }
  const servers = new Map<string, Promise<{ guild: APIGuild; member: APIGuildMember }>>();
  for (const sub of subs) {
    const where = `channel ${sub.channelId} in ${guilds.get(sub.guildId) ?? sub.guildId}`;
    try {
      let server = servers.get(sub.guildId);
      if (!server) {
        server = fetchServer(discord, sub.guildId);
        servers.set(sub.guildId, server);
      }
      const { guild, member } = await server;
      const channel = (await discord.rest.get(Routes.channel(sub.channelId))) as {
        name?: string | null;
        permission_overwrites?: APIOverwrite[];
      };
      const name = `#${channel.name ?? sub.channelId}`;
      const granted = channelPermissions(discord.me.id, guild, member, channel.permission_overwrites ?? []);
      const lacking = DIGEST_PERMISSIONS.filter(([, bit]) => !granted.has(bit)).map(([permission]) => permission);
      report(`${name} in ${guild.name}`, permissionVerdict(name, lacking, sub));
    } catch (error) {
      report(where, channelErrorVerdict(error));
    }
  }
}

function permissionVerdict(channel: string, lacking: string[], sub: Subscription): Verdict {
  if (lacking.length > 0) {
    return {
      ok: false,
      text: `the bot lacks ${lacking.join(', ')}`,
      fix: `in ${channel} → Edit Channel → Permissions, allow ${lacking.join(', ')} for the bot's role, then /digest resume there if its digest is paused`,
    };
  }
  if (sub.paused) {
    return {
      ok: false,
      text: `permissions are fine, but its digest is paused (${sub.paused.reason})`,
      fix: 'an admin runs /digest resume in that server once the cause is fixed',
    };
  }
  return { ok: true, text: DIGEST_PERMISSIONS.map(([name]) => name).join(', ') };
}

function channelErrorVerdict(error: unknown): Verdict {
  const code = error instanceof DiscordAPIError ? error.code : undefined;
  if (code === 50001 || code === 50013) {
    return {
      ok: false,
      text: 'the bot cannot see this channel (Missing Access)',
      fix: "allow View Channel for the bot's role in the channel's permissions",
    };
  }
  if (code === 10003) {
    return {
      ok: false,
      text: 'the channel no longer exists',
      fix: 'an admin removes it with /digest off or sets a new one',
    };
  }
  return {
    ok: false,
    text: `could not check: ${describe(error)}`,
    fix: 'run doctor again; if it persists, check the network',
  };
}

/** The bot's servers, id → name, every page of 200. */
async function listGuilds(rest: REST): Promise<Map<string, string>> {
  const guilds = new Map<string, string>();
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: '200', ...(after ? { after } : {}) });
    const page = (await rest.get(Routes.userGuilds(), { query })) as RESTGetAPICurrentUserGuildsResult;
    for (const guild of page) guilds.set(guild.id, guild.name);
    if (page.length < 200) return guilds;
    after = page.at(-1)?.id;
  }
}

async function fetchServer(discord: Discord, guildId: string) {
  const [guild, member] = await Promise.all([
    discord.rest.get(Routes.guild(guildId)) as Promise<APIGuild>,
    discord.rest.get(Routes.guildMember(guildId, discord.me.id)) as Promise<APIGuildMember>,
  ]);
  return { guild, member };
}

/**
 * The bot's permissions in a channel, computed as Discord documents it: the @everyone role and
 * the member's roles, then the channel's overwrites for @everyone, for the roles, for the member.
 */
function channelPermissions(
  userId: string,
  guild: APIGuild,
  member: APIGuildMember,
  overwrites: readonly APIOverwrite[],
): PermissionsBitField {
  const all = new PermissionsBitField(PermissionsBitField.All);
  if (guild.owner_id === userId) return all;
  const roles = new Map(guild.roles.map((role) => [role.id, BigInt(role.permissions)]));
  let bits = roles.get(guild.id) ?? 0n;
  for (const id of member.roles) bits |= roles.get(id) ?? 0n;
  if (bits & PermissionFlagsBits.Administrator) return all;
  const apply = (list: readonly APIOverwrite[]) => {
    const deny = list.reduce((acc, o) => acc | BigInt(o.deny), 0n);
    const allow = list.reduce((acc, o) => acc | BigInt(o.allow), 0n);
    bits = (bits & ~deny) | allow;
  };
  apply(overwrites.filter((o) => o.id === guild.id));
  apply(overwrites.filter((o) => o.id !== guild.id && member.roles.includes(o.id)));
  apply(overwrites.filter((o) => o.id === userId));
  return new PermissionsBitField(bits);
}

/** An error in a few words, without a stack; a fetch's own cause (refused, timed out) when it has one. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

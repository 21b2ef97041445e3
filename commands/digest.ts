import {
  type APIEmbed,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { describeSubscription, formatDigestHeader } from '../src/digests/formatDigestMessages.ts';
import { parseDigestSettings } from '../src/digests/parseDigestSettings.ts';
import { type DigestSettings, defaultSettings, type Subscription } from '../src/digests/subscription.ts';
import { localDate } from '../src/digests/zonedTime.ts';
import type { BotContext } from '../src/discord/BotContext.ts';
import type { Responder } from '../src/discord/createResponder.ts';
import { suggestTimeZones } from '../src/discord/suggestTimeZones.ts';
import { suggestTopics } from '../src/discord/suggestTopics.ts';
import { UserError } from '../src/discord/UserError.ts';
import { formatPaperEmbed } from '../src/embeds/formatPaperEmbed.ts';
import { parseVoteEmoji, showEmoji } from '../src/votes/voteEmoji.ts';
import type { Command } from './index.ts';

const POSTABLE = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const channelOption = (required: boolean, description: string) => (o: import('discord.js').SlashCommandChannelOption) =>
  o
    .setName('channel')
    .setDescription(description)
    .setRequired(required)
    .addChannelTypes(...POSTABLE);

const data = new SlashCommandBuilder()
  .setName('digest')
  .setDescription('Daily paper digests for this server’s channels')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Post a digest in a channel every day (or change it)')
      .addChannelOption(channelOption(true, 'Where to post'))
      .addStringOption((o) =>
        o.setName('time').setDescription('Local time, HH:MM (24 h)').setRequired(true).setMaxLength(8),
      )
      .addStringOption((o) =>
        o
          .setName('timezone')
          .setDescription('e.g. Europe/Berlin (default: the bot’s)')
          .setAutocomplete(true)
          .setMaxLength(64),
      )
      .addStringOption((o) =>
        o
          .setName('topics')
          .setDescription('Comma-separated, e.g. reinforcement-learning, multimodal')
          .setAutocomplete(true)
          .setMaxLength(200),
      )
      .addIntegerOption((o) =>
        o.setName('size').setDescription('Papers per digest, 1–10 (default 5)').setMinValue(1).setMaxValue(10),
      )
      .addIntegerOption((o) =>
        o
          .setName('min-upvotes')
          .setDescription('Only papers with at least this many upvotes')
          .setMinValue(0)
          .setMaxValue(10_000),
      )
      .addStringOption((o) =>
        o
          .setName('days')
          .setDescription('Which days (default: every day)')
          .addChoices({ name: 'every day', value: 'every' }, { name: 'weekdays', value: 'weekdays' }),
      )
      .addBooleanOption((o) => o.setName('empty-notice').setDescription('Say so when a day has no new papers'))
      .addBooleanOption((o) =>
        o.setName('weekly-trending').setDescription('Also post the week’s most voted papers every Monday'),
      ),
  )
  .addSubcommand((s) => s.setName('show').setDescription('This server’s digests, their next run and last delivery'))
  .addSubcommand((s) =>
    s
      .setName('pause')
      .setDescription('Pause a channel’s digest')
      .addChannelOption(channelOption(true, 'The digest’s channel')),
  )
  .addSubcommand((s) =>
    s
      .setName('resume')
      .setDescription('Resume a paused digest')
      .addChannelOption(channelOption(true, 'The digest’s channel')),
  )
  .addSubcommand((s) =>
    s
      .setName('off')
      .setDescription('Stop a channel’s digest')
      .addChannelOption(channelOption(true, 'The digest’s channel')),
  )
  .addSubcommand((s) =>
    s
      .setName('preview')
      .setDescription('What a digest would post now (only you see it)')
      .addChannelOption(channelOption(false, 'A digest’s channel (default: the default settings)')),
  )
  .addSubcommand((s) =>
    s.setName('test').setDescription('Post a test digest now').addChannelOption(channelOption(true, 'Where to post')),
  )
  .addSubcommand((s) =>
    s
      .setName('vote-emoji')
      .setDescription('The reaction members vote with under papers (default 👍)')
      .addStringOption((o) =>
        o
          .setName('emoji')
          .setDescription('One emoji, e.g. ⭐ or a custom one of this server')
          .setRequired(true)
          .setMaxLength(64),
      ),
  )
  .toJSON();

const say = (respond: Responder, content: string, embeds: APIEmbed[] = []) =>
  respond.send({ content, embeds, components: [], allowedMentions: { parse: [] } }, 'ephemeral');

/** The guild and the admin check: every /digest subcommand changes or reveals server settings. */
function requireAdmin(interaction: ChatInputCommandInteraction): string {
  if (!interaction.inGuild())
    throw new UserError('Digests are set up in a server, not in direct messages.', 'digest.no-guild');
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError('Only members with the Manage Server permission can manage digests.', 'digest.not-admin');
  }
  return interaction.guildId;
}

/**
 * The channel option as a text or announcement channel of this server, or undefined when left
 * out. Discord's picker offers only those, but the id comes from outside: one that resolves to
 * no channel, to another server's channel or to another kind of channel is refused here, before
 * anything is read, written or posted for it (discord.js would otherwise throw, or hand back
 * another server's channel that the bot can also post in).
 */
function readChannel(interaction: ChatInputCommandInteraction): { id: string; type: ChannelType } | undefined {
  const option = interaction.options.get('channel');
  if (!option) return undefined;
  const channel = option.channel;
  if (!channel || !('guildId' in channel) || channel.guildId !== interaction.guildId) {
    throw new UserError('That is not a channel of this server: pick one from the list.', 'digest.channel-unknown');
  }
  if (!(POSTABLE as readonly ChannelType[]).includes(channel.type)) {
    throw new UserError('Digests can only be posted in a text or announcement channel.', 'digest.channel-type');
  }
  return { id: channel.id, type: channel.type };
}

/** The channel option of a subcommand that requires it (Discord always sends a required option). */
function requireChannel(interaction: ChatInputCommandInteraction): { id: string; type: ChannelType } {
  const channel = readChannel(interaction);
  if (!channel) throw new UserError('Pick a channel for this command.', 'digest.channel-missing');
  return channel;
}

function requireSubscription(subs: readonly Subscription[], channelId: string): Subscription {
  const sub = subs.find((s) => s.channelId === channelId);
  if (!sub) throw new UserError(`<#${channelId}> has no digest. Set one up with \`/digest set\`.`, 'digest.none');
  return sub;
}

/** An admin may only aim the bot at a channel they can post in themselves. */
function requireMemberCanPost(interaction: ChatInputCommandInteraction, channelId: string): void {
  const channel = interaction.guild?.channels.cache.get(channelId);
  const member = interaction.member;
  if (!channel || !member || typeof member.permissions === 'string') return;
  const theirs = channel.permissionsFor(interaction.user.id) ?? null;
  if (theirs && !theirs.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages])) {
    throw new UserError(
      `You cannot post in <#${channelId}> yourself, so you cannot set a digest there.`,
      'digest.member-access',
    );
  }
}

/** The bot must be able to do everything a digest does in the channel; names what it lacks. */
function requireBotPermissions(ctx: BotContext, channelId: string): void {
  const missing = ctx.digests.missingPermissions(channelId);
  if (!missing) throw new UserError(`Paperboy cannot see <#${channelId}>.`, 'digest.channel-unknown');
  if (missing.length > 0) {
    throw new UserError(
      `Paperboy is missing ${missing.join(', ')} in <#${channelId}>. Grant ${missing.length === 1 ? 'it' : 'them'} to Paperboy’s role there, then try again.`,
      'digest.bot-permissions',
    );
  }
}

async function set(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder, guildId: string) {
  const o = interaction.options;
  const channel = requireChannel(interaction);
  const raw = {
    channel: { id: channel.id, type: channel.type },
    time: o.getString('time', true),
    timezone: o.getString('timezone'),
    topics: o.getString('topics'),
    size: o.getInteger('size'),
    minUpvotes: o.getInteger('min-upvotes'),
    days: o.getString('days'),
    emptyNotice: o.getBoolean('empty-notice'),
    weeklyTrending: o.getBoolean('weekly-trending'),
  };
  const parsed = parseDigestSettings(raw, await ctx.digests.subscriptions.list(guildId), ctx.config.DEFAULT_TIMEZONE);
  if ('error' in parsed) throw new UserError(parsed.error.message, `digest.${parsed.error.id}`);
  requireMemberCanPost(interaction, channel.id);
  requireBotPermissions(ctx, channel.id);
  const now = ctx.clock().toISOString();
  const saved = await ctx.digests.subscriptions.update(guildId, (subs) => {
    const current = subs.find((s) => s.channelId === channel.id);
    if (!current && subs.length >= 10) throw new UserError('This server already has 10 digests.', 'digest.limit');
    const rescheduled =
      !current ||
      current.time !== parsed.settings.time ||
      current.timezone !== parsed.settings.timezone ||
      current.days !== parsed.settings.days;
    const sub: Subscription = {
      ...(current ?? { failedDays: 0 }),
      ...parsed.settings,
      guildId,
      createdBy: current?.createdBy ?? interaction.user.id,
      since: rescheduled ? now : (current?.since ?? now),
    };
    // Turned off: the saved settings leave the option out, so the old value must not linger.
    if (!parsed.settings.weeklyTrending) delete sub.weeklyTrending;
    return { next: current ? subs.map((s) => (s === current ? sub : s)) : [...subs, sub], result: sub };
  });
  await say(respond, `✅ Digest saved.\n${describeSubscription(saved, ctx.clock())}`);
}

async function show(ctx: BotContext, respond: Responder, guildId: string) {
  const subs = await ctx.digests.subscriptions.list(guildId);
  if (subs.length === 0) {
    await say(respond, 'This server has no digests yet. Set one up with `/digest set channel:#papers time:09:00`.');
    return;
  }
  const now = ctx.clock();
  // Whole entries only: a cut in the middle of a <t:…> or <#…> would show as raw text.
  const entries: string[] = [];
  for (const entry of subs.map((s) => describeSubscription(s, now))) {
    if ([...entries, entry].join('\n\n').length > 4096) break;
    entries.push(entry);
  }
  const emoji = showEmoji(await ctx.votes.emojiFor(guildId));
  await say(respond, `**Digests in this server** (${subs.length} of 10) · members vote with ${emoji}`, [
    { description: entries.join('\n\n'), color: 0xffd21e },
  ]);
}

async function toggle(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  respond: Responder,
  guildId: string,
  how: 'pause' | 'resume' | 'off',
) {
  const channelId = requireChannel(interaction).id;
  requireSubscription(await ctx.digests.subscriptions.list(guildId), channelId);
  if (how === 'resume') requireBotPermissions(ctx, channelId);
  const now = ctx.clock().toISOString();
  await ctx.digests.subscriptions.update(guildId, (subs) => {
    const sub = requireSubscription(subs, channelId);
    if (how === 'off') return { next: subs.filter((s) => s !== sub), result: undefined };
    const { paused: _paused, ...rest } = sub;
    const next: Subscription =
      how === 'pause'
        ? { ...sub, paused: { reason: `paused by <@${interaction.user.id}>`, at: now } }
        : { ...rest, failedDays: 0, since: sub.paused ? now : sub.since };
    return { next: subs.map((s) => (s === sub ? next : s)), result: undefined };
  });
  const done = { pause: 'paused', resume: 'resumed', off: 'turned off' }[how];
  await say(respond, `✅ The digest in <#${channelId}> is ${done}.`);
  // A resumed digest whose day was cut short by a lost permission finishes now, not tomorrow.
  if (how === 'resume')
    void ctx.digests.sweep().catch((error: unknown) => ctx.logger.error({ err: error }, 'sweep failed'));
}

async function settingsFor(ctx: BotContext, guildId: string, channelId: string): Promise<DigestSettings> {
  const sub = (await ctx.digests.subscriptions.list(guildId)).find((s) => s.channelId === channelId);
  return sub ?? defaultSettings(channelId, ctx.config.DEFAULT_TIMEZONE);
}

async function preview(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder, guildId: string) {
  const channelId = readChannel(interaction)?.id ?? interaction.channelId;
  const settings = await settingsFor(ctx, guildId, channelId);
  const plan = await ctx.digests.preview(settings);
  const day = localDate(settings.timezone, ctx.clock());
  if ('empty' in plan) {
    await say(respond, `Nothing would be posted in <#${channelId}> now: ${plan.empty}.`);
    return;
  }
  const budget = Math.floor(5600 / plan.papers.length);
  const emoji = await ctx.votes.emojiFor(guildId);
  const header = formatDigestHeader(settings, day, plan.papers.length, { emoji }).content;
  await say(
    respond,
    `**Preview for <#${channelId}>** (only you see this)\n${header}`,
    plan.papers.map((p) => formatPaperEmbed(p, { size: 'short', budget })),
  );
}

async function test(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder, guildId: string) {
  const channelId = requireChannel(interaction).id;
  requireMemberCanPost(interaction, channelId);
  requireBotPermissions(ctx, channelId);
  const settings = await settingsFor(ctx, guildId, channelId);
  const plan = await ctx.digests.preview(settings);
  if ('empty' in plan) throw new UserError(`Nothing to post in <#${channelId}> now: ${plan.empty}.`, 'digest.empty');
  await say(respond, `Posting a test digest of ${plan.papers.length} papers in <#${channelId}>…`);
  const result = await ctx.digests.sendTest(guildId, settings);
  if (result.status === 'busy') {
    await say(respond, `A digest is being posted in <#${channelId}> right now: try the test again in a minute.`);
  } else if (result.status !== 'delivered') {
    await say(
      respond,
      `The test digest stopped part-way: ${'reason' in result && result.reason ? result.reason : 'Discord refused a post'}.`,
    );
  }
}

async function setVoteEmoji(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  respond: Responder,
  guildId: string,
) {
  const serverEmoji = new Set(interaction.guild?.emojis.cache.keys() ?? []);
  const parsed = parseVoteEmoji(interaction.options.getString('emoji', true), serverEmoji);
  if ('error' in parsed) throw new UserError(parsed.error, 'digest.vote-emoji');
  const before = await ctx.votes.emojiFor(guildId);
  await ctx.votes.setEmoji(guildId, parsed.emoji);
  await say(
    respond,
    parsed.emoji === before
      ? `Members already vote with ${showEmoji(parsed.emoji)}.`
      : `✅ Members now vote with ${showEmoji(parsed.emoji)} under papers posted from now on. Papers posted before keep ${showEmoji(before)}, so no vote is lost.`,
  );
}

export const digest = {
  data,
  async execute(interaction, ctx, respond) {
    const guildId = requireAdmin(interaction);
    const sub = interaction.options.getSubcommand();
    if (sub === 'set') return set(interaction, ctx, respond, guildId);
    if (sub === 'show') return show(ctx, respond, guildId);
    if (sub === 'pause' || sub === 'resume' || sub === 'off') return toggle(interaction, ctx, respond, guildId, sub);
    if (sub === 'preview') return preview(interaction, ctx, respond, guildId);
    if (sub === 'test') return test(interaction, ctx, respond, guildId);
    if (sub === 'vote-emoji') return setVoteEmoji(interaction, ctx, respond, guildId);
    throw new UserError('That /digest subcommand is not known to this version of Paperboy.', 'digest.unknown');
  },
  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone') {
      await interaction.respond(suggestTimeZones(focused.value));
      return;
    }
    // Topics are a comma-separated list: suggest for the part being typed, keep the rest.
    const parts = focused.value.split(',');
    const typed = parts.pop() ?? '';
    const before = parts.map((p) => p.trim()).filter(Boolean);
    const prefix = before.length > 0 ? `${before.join(', ')}, ` : '';
    const choices = suggestTopics(typed, ctx.catalog.topics())
      .filter((c) => !before.includes(c.value))
      // A value cut at 100 characters would end in half a slug: offer only whole ones.
      .filter((c) => `${prefix}${c.value}`.length <= 100)
      .map((c) => ({ name: `${prefix}${c.name}`.slice(0, 100), value: `${prefix}${c.value}` }));
    await interaction.respond(choices);
  },
} satisfies Command;

import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../src/discord/BotContext.ts';
import type { Responder } from '../src/discord/createResponder.ts';
import { type ListOptions, parseListQuery } from '../src/discord/parseListQuery.ts';
import { pageContextFor, renderPage, sendPage } from '../src/discord/renderPage.ts';
import { suggestTopics } from '../src/discord/suggestTopics.ts';
import { UserError } from '../src/discord/UserError.ts';
import { formatPaperEmbed } from '../src/embeds/formatPaperEmbed.ts';
import type { PageQuery } from '../src/paging/pageToken.ts';
import { normalizePaperId } from '../src/papers/normalizePaperId.ts';
import type { Command } from './index.ts';

const data = new SlashCommandBuilder()
  .setName('papers')
  .setDescription('Research papers from Hugging Face Daily Papers and arXiv')
  .addSubcommand((s) =>
    s
      .setName('today')
      .setDescription("A day's papers, most upvoted first")
      .addStringOption((o) => o.setName('date').setDescription('YYYY-MM-DD (default: today)').setMaxLength(10)),
  )
  .addSubcommand((s) =>
    s
      .setName('topic')
      .setDescription('Papers on a topic, most relevant first')
      .addStringOption((o) =>
        o
          .setName('topic')
          .setDescription('e.g. reinforcement-learning')
          .setRequired(true)
          .setAutocomplete(true)
          .setMaxLength(60),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('search')
      .setDescription('Search titles, keywords, abstracts and authors')
      .addStringOption((o) =>
        o.setName('query').setDescription('2 to 200 characters').setRequired(true).setMaxLength(200),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('show')
      .setDescription('One paper in full')
      .addStringOption((o) =>
        o.setName('paper').setDescription('arXiv id or arXiv / Hugging Face URL').setRequired(true).setMaxLength(300),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('trending')
      .setDescription('The papers members vote up most, recent ones first')
      .addStringOption((o) =>
        o
          .setName('window')
          .setDescription('default: week')
          .addChoices(
            { name: 'day', value: 'day' },
            { name: 'week', value: 'week' },
            { name: 'month', value: 'month' },
          ),
      )
      .addStringOption((o) =>
        o
          .setName('scope')
          .setDescription('default: this server')
          .addChoices({ name: 'this server', value: 'server' }, { name: 'everywhere', value: 'everywhere' }),
      ),
  )
  .addSubcommand((s) => s.setName('help').setDescription('What Paperboy can do'))
  .toJSON();

const HELP = [
  '**Paperboy** — research papers from Hugging Face Daily Papers and arXiv.',
  '`/papers today [date]` — a day’s papers, most upvoted first',
  '`/papers topic <topic>` — papers on a topic (start typing for suggestions)',
  '`/papers search <query>` — search titles, keywords, abstracts and authors',
  '`/papers show <id or URL>` — one paper in full',
  '`/papers trending [window] [scope]` — what members vote up (react under a paper with the server’s vote emoji), in this server or everywhere',
].join('\n');

/** A public /papers show in a server is a paper message: members vote under it, as under a digest post. */
async function presentForVotes(interaction: ChatInputCommandInteraction, ctx: BotContext, paperId: string) {
  if (!interaction.inGuild()) return;
  try {
    const reply = await interaction.fetchReply();
    await ctx.votes.present({
      messageId: reply.id,
      channelId: reply.channelId,
      guildId: interaction.guildId,
      paperId,
      day: ctx.clock().toISOString().slice(0, 10),
    });
  } catch (error) {
    ctx.logger.warn({ err: error, paper: paperId }, 'could not open a /papers show answer for votes');
  }
}

/** Reads the subcommand's options (Discord's side) and parses them (pure, in `parseListQuery`). */
function readQuery(interaction: ChatInputCommandInteraction, ctx: BotContext): PageQuery {
  const o = interaction.options;
  const sub = o.getSubcommand() as ListOptions['sub'];
  const latest = sub === 'today' && !o.getString('date') ? ctx.catalog.days()[0]?.day : undefined;
  return parseListQuery(
    {
      sub,
      date: o.getString('date'),
      topic: o.getString('topic'),
      query: o.getString('query'),
      window: o.getString('window'),
      scope: o.getString('scope'),
    },
    { today: ctx.today(), latest },
  );
}

export const papers = {
  data,
  async execute(interaction, ctx, respond: Responder) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'help') {
      await respond.send({ content: HELP, embeds: [], components: [], allowedMentions: { parse: [] } }, 'ephemeral');
      return;
    }
    if (sub === 'show') {
      const raw = interaction.options.getString('paper', true);
      const id = normalizePaperId(raw);
      if (!id) throw new UserError('That is not an arXiv id or an arXiv / Hugging Face paper link (e.g. 2608.17271).');
      const paper = await ctx.catalog.show(id);
      if (!paper) throw new UserError(`Paper ${id} is not in Paperboy's store yet.`);
      const votes = interaction.guildId ? (await ctx.votes.tally(interaction.guildId)).get(paper.id) : undefined;
      await respond.send(
        {
          content: '',
          embeds: [formatPaperEmbed(paper, { size: 'full', ...(votes !== undefined ? { votes } : {}) })],
          components: [],
          allowedMentions: { parse: [] },
        },
        'public',
      );
      await presentForVotes(interaction, ctx, paper.id);
      return;
    }
    const page = await renderPage(
      readQuery(interaction, ctx),
      0,
      interaction.user.id,
      pageContextFor(ctx, interaction.guildId),
    );
    await sendPage(page, 'public', respond, (files) => interaction.editReply(files), ctx.logger);
  },
  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused();
    await interaction.respond(suggestTopics(typed, ctx.catalog.topics()));
  },
} satisfies Command;

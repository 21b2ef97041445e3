import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../src/discord/BotContext.ts';
import type { Responder } from '../src/discord/createResponder.ts';
import { type ListOptions, parseListQuery } from '../src/discord/parseListQuery.ts';
import { renderPage } from '../src/discord/renderPage.ts';
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
      .setDescription('The most upvoted papers of a recent window')
      .addStringOption((o) =>
        o
          .setName('window')
          .setDescription('default: week')
          .addChoices(
            { name: 'day', value: 'day' },
            { name: 'week', value: 'week' },
            { name: 'month', value: 'month' },
          ),
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
  '`/papers trending [window]` — the most upvoted papers of the last day, week or month',
].join('\n');

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
      await respond.send(
        {
          content: '',
          embeds: [formatPaperEmbed(paper, { size: 'full' })],
          components: [],
          allowedMentions: { parse: [] },
        },
        'public',
      );
      return;
    }
    const message = await renderPage(readQuery(interaction, ctx), 0, interaction.user.id, ctx);
    await respond.send(message, 'public');
  },
  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused();
    await interaction.respond(suggestTopics(typed, ctx.catalog.topics()));
  },
} satisfies Command;

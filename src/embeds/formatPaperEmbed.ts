import type { APIEmbed } from 'discord.js';
import type { Paper } from '../papers/paper.ts';
import { fitEmbed } from './fitEmbed.ts';
import { safeText, truncate } from './safeText.ts';
import { summarizePaper } from './summarizePaper.ts';

/** Hugging Face's yellow, so a card reads as a paper at a glance. */
const COLOR = 0xffd21e;
const SHOWN_AUTHORS = 4;

export interface PaperCardOptions {
  /** Votes in this server, once known. */
  votes?: number;
  /** `short` for list pages (5 to a message), `full` for /papers show. */
  size: 'short' | 'full';
  /** Characters this card may count toward its message's 6,000 (default: all of them). */
  budget?: number;
}

/**
 * The card for one paper: title linked to its Hugging Face page, a short summary, authors
 * (first few, then "+N more"), upvotes, keywords and links. Every field stays within Discord's
 * limits whatever the paper (42 authors, a 4,000-character abstract, a 300-character title).
 * `budget` caps what the card counts toward a message's 6,000 characters (see `fitEmbed`).
 */
export function formatPaperEmbed(paper: Paper, options: PaperCardOptions): APIEmbed {
  return fitEmbed(buildCard(paper, options), options.budget ?? 6000);
}

/** The parts of a card that come from the paper's text alone, escaped and cut for one size. */
interface CardText {
  title: string;
  description: string;
  authors: string;
  keywords: string;
  links: string;
}

/**
 * Card texts by paper and size. Escaping is most of a card's cost, and the same papers (a day's,
 * a topic's first pages) are shown again and again: a stored paper is never changed in place (an
 * update is a new object), so its texts are computed once and go with it when it is collected.
 */
const cardTexts = new WeakMap<Paper, { short?: CardText; full?: CardText }>();

function cardTextOf(paper: Paper, short: boolean): CardText {
  const cached = cardTexts.get(paper) ?? {};
  const hit = short ? cached.short : cached.full;
  if (hit) return hit;
  const authors =
    paper.authors.length > SHOWN_AUTHORS
      ? `${paper.authors.slice(0, SHOWN_AUTHORS).join(', ')} +${paper.authors.length - SHOWN_AUTHORS} more`
      : paper.authors.join(', ');
  const text: CardText = {
    title: safeText(paper.title, 256),
    description: safeText(summarizePaper(paper, short ? 280 : 900), short ? 350 : 1500),
    authors: authors ? safeText(authors, short ? 200 : 1024) : '',
    keywords: safeText(paper.keywords.slice(0, short ? 5 : 12).join(', '), short ? 150 : 1024),
    links: fitLinks(links(paper), short ? 400 : 1024),
  };
  cardTexts.set(paper, short ? { ...cached, short: text } : { ...cached, full: text });
  return text;
}

function buildCard(paper: Paper, options: PaperCardOptions): APIEmbed {
  const short = options.size === 'short';
  const text = cardTextOf(paper, short);
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (text.authors) fields.push({ name: 'Authors', value: text.authors });
  const score = [`▲ ${paper.upvotes} on Hugging Face`];
  if (options.votes !== undefined) score.push(`${options.votes} vote${options.votes === 1 ? '' : 's'} here`);
  fields.push({ name: 'Upvotes', value: score.join(' · '), inline: true });
  if (paper.keywords.length > 0) fields.push({ name: 'Keywords', value: text.keywords, inline: true });
  fields.push({ name: 'Links', value: text.links });
  return {
    title: text.title,
    url: paper.links.hf,
    color: COLOR,
    description: text.description,
    fields,
    footer: { text: `arXiv ${paper.id}${paper.dailyDate ? ` · Daily Papers ${paper.dailyDate}` : ''}` },
    ...(!short && paper.thumbnail ? { thumbnail: { url: paper.thumbnail } } : {}),
  };
}

/** Whole links only, as many as fit: half a markdown link would show its raw syntax. */
function fitLinks(all: string[], max: number): string {
  const kept: string[] = [];
  for (const link of all) {
    if ([...kept, link].join(' · ').length > max) break;
    kept.push(link);
  }
  return kept.length > 0 ? kept.join(' · ') : truncate(all[0] ?? '', max);
}

/** A URL inside markdown link syntax: parentheses and spaces would end the link early. */
const linkable = (url: string) => url.replace(/[()\s]/g, encodeURIComponent);

function links(paper: Paper): string[] {
  const out = [`[arXiv](${paper.links.arxiv})`, `[PDF](${paper.links.pdf})`];
  if (paper.githubRepo) {
    out.push(
      `[GitHub${paper.githubStars !== undefined ? ` ★ ${paper.githubStars}` : ''}](${linkable(paper.githubRepo)})`,
    );
  }
  if (paper.projectPage) out.push(`[Project page](${linkable(paper.projectPage)})`);
  return out;
}

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

function buildCard(paper: Paper, options: PaperCardOptions): APIEmbed {
  const short = options.size === 'short';
  const authors =
    paper.authors.length > SHOWN_AUTHORS
      ? `${paper.authors.slice(0, SHOWN_AUTHORS).join(', ')} +${paper.authors.length - SHOWN_AUTHORS} more`
      : paper.authors.join(', ');
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (authors) fields.push({ name: 'Authors', value: safeText(authors, short ? 200 : 1024) });
  const score = [`▲ ${paper.upvotes} on Hugging Face`];
  if (options.votes !== undefined) score.push(`${options.votes} vote${options.votes === 1 ? '' : 's'} here`);
  fields.push({ name: 'Upvotes', value: score.join(' · '), inline: true });
  if (paper.keywords.length > 0) {
    fields.push({
      name: 'Keywords',
      value: safeText(paper.keywords.slice(0, short ? 5 : 12).join(', '), short ? 150 : 1024),
      inline: true,
    });
  }
  fields.push({ name: 'Links', value: fitLinks(links(paper), short ? 400 : 1024) });
  return {
    title: safeText(paper.title, 256),
    url: paper.links.hf,
    color: COLOR,
    description: safeText(summarizePaper(paper, short ? 280 : 900), short ? 350 : 1500),
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

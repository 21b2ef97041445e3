import type { APIEmbed } from 'discord.js';
import type { Paper } from '../papers/paper.ts';
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
}

/**
 * The card for one paper: title linked to its Hugging Face page, a short summary, authors
 * (first few, then "+N more"), upvotes, keywords and links. Every field stays within Discord's
 * limits whatever the paper (42 authors, a 4,000-character abstract, a 300-character title);
 * a `short` card stays under 1,150 characters so five fit the 6,000 a message allows.
 */
export function formatPaperEmbed(paper: Paper, options: PaperCardOptions): APIEmbed {
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
  fields.push({ name: 'Links', value: truncate(links(paper).join(' · '), 1024) });
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

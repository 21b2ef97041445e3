import type { APIEmbed } from 'discord.js';
import { truncate } from './safeText.ts';

/** Characters Discord counts toward a message's 6,000: title, description, fields, footer, author. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

const SEPARATOR = ' · ';

/**
 * Shrinks a card until it counts at most `budget` characters: the description first, then whole
 * links (never half a markdown link), then keywords and authors, then the title. A card already
 * within budget is returned as is.
 */
export function fitEmbed(embed: APIEmbed, budget: number): APIEmbed {
  let e = embed;
  const over = () => embedLength(e) - budget;
  if (over() <= 0) return e;
  if (e.description) {
    const keep = e.description.length - over();
    e = keep > 1 ? { ...e, description: truncate(e.description, keep) } : { ...e, description: undefined };
  }
  for (const name of ['Links', 'Keywords', 'Authors']) {
    while (over() > 0) {
      const field = e.fields?.find((f) => f.name === name);
      if (!field) break;
      const items = field.value.split(SEPARATOR);
      const rest =
        name === 'Links' && items.length > 1
          ? (e.fields ?? []).map((f) => (f === field ? { ...f, value: items.slice(0, -1).join(SEPARATOR) } : f))
          : (e.fields ?? []).filter((f) => f !== field);
      e = { ...e, fields: rest };
    }
  }
  if (over() > 0 && e.title) e = { ...e, title: truncate(e.title, Math.max(1, e.title.length - over())) };
  return e;
}

import { quoteInput, stripInvisible } from '../embeds/quoteInput.ts';
import type { PageQuery } from '../paging/pageToken.ts';
import { isoDay } from '../papers/paper.ts';
import { type TrendingWindow, WINDOW_DAYS } from '../ranking/rankTrending.ts';
import { SLUG } from '../search/topics.ts';
import { UserError } from './UserError.ts';

/** The raw option values of a /papers list subcommand, as Discord delivers them. */
export interface ListOptions {
  sub: 'today' | 'topic' | 'search' | 'trending';
  date?: string | null;
  topic?: string | null;
  query?: string | null;
  window?: string | null;
  scope?: string | null;
}

/** The calendar the options are read against. */
export interface ListCalendar {
  /** Today's date in the bot's timezone. */
  today: string;
  /** The newest day that has papers, if any. */
  latest?: string | undefined;
}

/**
 * Turns a subcommand's options into the list to show. Pure: bad input is a UserError whose
 * message is the one line the user sees.
 */
export function parseListQuery(options: ListOptions, { today, latest }: ListCalendar): PageQuery {
  switch (options.sub) {
    case 'today': {
      const asked = options.date?.trim();
      // No date: today's list, or — before Hugging Face has published it — the latest one.
      const date = asked || (latest !== undefined && latest < today ? latest : today);
      if (!isoDay.safeParse(date).success) {
        throw new UserError(`"${quoteInput(date, 20)}" is not a date: use YYYY-MM-DD, e.g. ${today}.`);
      }
      if (date > today) throw new UserError(`${date} is in the future: there are no papers for it yet.`);
      return { kind: 'today', day: date };
    }
    case 'topic': {
      const slug = (options.topic ?? '').trim().toLowerCase().replace(/\s+/g, '-');
      if (!SLUG.test(slug) || slug.length > 60) {
        throw new UserError(
          `"${quoteInput(slug, 60)}" is not a topic: pick one from the suggestions, e.g. reinforcement-learning.`,
        );
      }
      return { kind: 'topic', slug };
    }
    case 'search': {
      // Invisible characters mean nothing to a search, and would go on into the public heading.
      const text = stripInvisible(options.query ?? '')
        .replace(/\s+/g, ' ')
        .trim();
      if (text.length < 2 || text.length > 200) throw new UserError('A search needs 2 to 200 characters.');
      return { kind: 'search', text };
    }
    case 'trending': {
      const window = options.window ?? 'week';
      if (!Object.hasOwn(WINDOW_DAYS, window)) throw new UserError('The window is day, week or month.');
      const scope = options.scope ?? 'server';
      if (scope !== 'server' && scope !== 'everywhere') throw new UserError('The scope is server or everywhere.');
      return { kind: 'trending', window: window as TrendingWindow, scope };
    }
  }
}

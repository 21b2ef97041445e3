import { quoteInput } from '../embeds/quoteInput.ts';
import { findTopic, TOPICS } from '../search/topics.ts';
import { type DigestSettings, MAX_SUBSCRIPTIONS, type Subscription } from './subscription.ts';
import { canonicalTimeZone } from './zonedTime.ts';

/** `/digest set` options as Discord delivered them (absent ones are null). */
export interface RawDigestOptions {
  channel: { id: string; type: number };
  time: string;
  timezone: string | null;
  topics: string | null;
  size: number | null;
  minUpvotes: number | null;
  days: string | null;
  emptyNotice: boolean | null;
  /** Absent in older callers: keeps the current setting. */
  weeklyTrending?: boolean | null;
}

/** Why the options were refused: an identifier for code and a short sentence for the admin. */
export interface SettingsError {
  id: 'channel-type' | 'time' | 'timezone' | 'topic' | 'too-many-topics' | 'size' | 'min-upvotes' | 'days' | 'limit';
  message: string;
}

/** Text (0) and announcement (5) channels can carry a digest. */
const POSTABLE_CHANNEL_TYPES = new Set([0, 5]);
const MAX_TOPICS = 5;

/**
 * Checks `/digest set` options and turns them into settings, or names the first problem. An
 * option left out keeps the channel's current value (or the default for a new digest). Pure:
 * the command saves the result only when there is no error.
 */
export function parseDigestSettings(
  raw: RawDigestOptions,
  existing: readonly Subscription[],
  defaultTimezone: string,
): { settings: DigestSettings } | { error: SettingsError } {
  const current = existing.find((s) => s.channelId === raw.channel.id);
  if (!POSTABLE_CHANNEL_TYPES.has(raw.channel.type)) {
    return { error: { id: 'channel-type', message: 'Digests can only be posted in a text or announcement channel.' } };
  }
  if (!current && existing.length >= MAX_SUBSCRIPTIONS) {
    return {
      error: {
        id: 'limit',
        message: `This server already has ${MAX_SUBSCRIPTIONS} digests, the most it can have: turn one off with \`/digest off\` first.`,
      },
    };
  }
  const time = parseTime(raw.time);
  if (!time)
    return {
      error: { id: 'time', message: `"${clip(raw.time)}" is not a time: use 24-hour HH:MM, e.g. 09:00 or 17:30.` },
    };
  const timezone = canonicalTimeZone((raw.timezone ?? current?.timezone ?? defaultTimezone).trim());
  if (!timezone) {
    return {
      error: {
        id: 'timezone',
        message: `"${clip(raw.timezone ?? '')}" is not a timezone: pick one from the list, e.g. Europe/Berlin.`,
      },
    };
  }
  const topics = raw.topics === null ? (current?.topics ?? []) : parseTopics(raw.topics);
  if ('error' in topics) return topics;
  const size = raw.size ?? current?.size ?? 5;
  if (!Number.isInteger(size) || size < 1 || size > 10) {
    return { error: { id: 'size', message: 'The size is how many papers a digest posts: 1 to 10.' } };
  }
  const minUpvotes = raw.minUpvotes ?? current?.minUpvotes ?? 0;
  if (!Number.isInteger(minUpvotes) || minUpvotes < 0 || minUpvotes > 10_000) {
    return { error: { id: 'min-upvotes', message: 'Minimum upvotes must be a whole number from 0 to 10000.' } };
  }
  const days = raw.days ?? current?.days ?? 'every';
  if (days !== 'every' && days !== 'weekdays') {
    return { error: { id: 'days', message: 'Days must be "every day" or "weekdays".' } };
  }
  return {
    settings: {
      channelId: raw.channel.id,
      time,
      timezone,
      topics,
      size,
      minUpvotes,
      days,
      emptyNotice: raw.emptyNotice ?? current?.emptyNotice ?? false,
      // Stored only when on: older records and callers without the option read as off.
      ...((raw.weeklyTrending ?? current?.weeklyTrending) ? { weeklyTrending: true } : {}),
    },
  };
}

/** `9:00`, `09:00` and `0900` are all 09:00; 24:00 and 9:60 are not times. */
function parseTime(text: string): string | undefined {
  const match = /^\s*([01]?\d|2[0-3]):?([0-5]\d)\s*$/.exec(text);
  if (!match) return undefined;
  return `${(match[1] ?? '').padStart(2, '0')}:${match[2] ?? '00'}`;
}

/** A comma-separated list of curated topic slugs; an unknown one is named with a hint. */
function parseTopics(text: string): string[] | { error: SettingsError } {
  const slugs = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim().toLowerCase().replace(/\s+/g, '-'))
        .filter(Boolean),
    ),
  ];
  if (slugs.length > MAX_TOPICS) {
    return { error: { id: 'too-many-topics', message: `A digest can follow at most ${MAX_TOPICS} topics.` } };
  }
  for (const slug of slugs) {
    if (!findTopic(slug)) {
      const hint = TOPICS.filter((t) => t.slug.includes(slug.split('-')[0] ?? '')).slice(0, 3);
      const suggestion = hint.length > 0 ? ` Did you mean ${hint.map((t) => t.slug).join(', ')}?` : '';
      return {
        error: {
          id: 'topic',
          message: `"${clip(slug)}" is not a topic Paperboy knows.${suggestion} Start typing to see the list.`,
        },
      };
    }
  }
  return slugs;
}

/**
 * Input echoed in an answer: short; quotes, backticks and mention brackets gone, so it cannot
 * break out of the quotes around it or look like a mention; no invisible, bidi or control
 * character, and markdown escaped.
 */
function clip(text: string): string {
  return quoteInput(text.replace(/[`"@<>]+/g, ' '), 40);
}

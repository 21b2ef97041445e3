import type { APIEmbed } from 'discord.js';
import { formatPaperEmbed } from '../embeds/formatPaperEmbed.ts';
import type { Paper } from '../papers/paper.ts';
import { findTopic } from '../search/topics.ts';
import { DEFAULT_VOTE_EMOJI, showEmoji } from '../votes/voteEmoji.ts';
import { nextRun } from './planDigests.ts';
import type { DigestSettings, Subscription } from './subscription.ts';

/** A message Paperboy posts in a channel: never pings anyone. */
export interface ChannelMessage {
  content: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
}

const NO_MENTIONS = { parse: [] } as { parse: [] };

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "Thursday, 20 August 2026" for a calendar date. */
export function longDate(day: string): string {
  return LONG_DATE.format(new Date(`${day}T12:00:00Z`));
}

function topicLabels(topics: readonly string[]): string {
  return topics.map((slug) => findTopic(slug)?.label ?? slug).join(', ');
}

/** How a day's digest header begins: how a restart finds a header the log missed. */
export function headerPrefix(day: string): string {
  return `📰 **Daily papers — ${longDate(day)}**`;
}

/** How a weekly trending post begins (its run day is `weekly-<Monday>`). */
export function weeklyPrefix(day: string): string {
  return `🏆 **Trending this week — ${longDate(day)}**`;
}

/** The first message of a weekly trending post: what the papers below are, and how to vote. */
export function formatWeeklyHeader(day: string, count: number, emoji: string): ChannelMessage {
  const what = `the ${count} paper${count === 1 ? '' : 's'} members voted up most in the last 7 days`;
  return {
    content: `${weeklyPrefix(day)} · ${what} · react with ${showEmoji(emoji)} to vote`,
    embeds: [],
    allowed_mentions: NO_MENTIONS,
  };
}

/** The digest's first message: its date, its topics and how many papers follow. */
export function formatDigestHeader(
  settings: Pick<DigestSettings, 'topics'>,
  day: string,
  count: number,
  options: { late?: boolean; test?: boolean; emoji?: string } = {},
): ChannelMessage {
  const title = options.test ? '🧪 **Test digest**' : headerPrefix(day);
  const parts = [title, settings.topics.length > 0 ? topicLabels(settings.topics) : 'all topics'];
  parts.push(
    `${count} paper${count === 1 ? '' : 's'} · react with ${showEmoji(options.emoji ?? DEFAULT_VOTE_EMOJI)} to vote`,
  );
  const late = options.late ? '\n-# Posted late: Paperboy was offline at the scheduled time.' : '';
  return { content: `${parts.join(' · ')}${late}`, embeds: [], allowed_mentions: NO_MENTIONS };
}

/** One paper of a digest: the same card as `/papers show`. */
export function formatDigestPaper(paper: Paper): ChannelMessage {
  return { content: '', embeds: [formatPaperEmbed(paper, { size: 'full' })], allowed_mentions: NO_MENTIONS };
}

/** The optional line for a day with nothing to post. */
export function formatEmptyNotice(day: string, reason: string): ChannelMessage {
  return { content: `📭 No new papers for ${longDate(day)}: ${reason}.`, embeds: [], allowed_mentions: NO_MENTIONS };
}

/** The notice a server gets when its digest is paused. */
export function formatPauseNotice(channelId: string, reason: string): ChannelMessage {
  return {
    content: `⚠️ Paperboy paused the daily digest in <#${channelId}>: ${reason}. Fix it, then run \`/digest resume\` for that channel.`,
    embeds: [],
    allowed_mentions: NO_MENTIONS,
  };
}

/** The notice a server gets when a digest's channel was deleted. */
export function formatRemovalNotice(channelId: string, reason: string): ChannelMessage {
  return {
    content: `⚠️ Paperboy removed the daily digest of channel ${channelId}: ${reason}. Set up a new one with \`/digest set\`.`,
    embeds: [],
    allowed_mentions: NO_MENTIONS,
  };
}

const unix = (at: Date | string) => Math.floor(new Date(at).getTime() / 1000);

/** One subscription for `/digest show`: its settings, its next run and how the last one went. */
export function describeSubscription(sub: Subscription, now: Date): string {
  const rules = [
    `${sub.time} ${sub.timezone}`,
    sub.days === 'weekdays' ? 'weekdays' : 'every day',
    sub.topics.length > 0 ? topicLabels(sub.topics) : 'all topics',
    `${sub.size} paper${sub.size === 1 ? '' : 's'}`,
  ];
  if (sub.minUpvotes > 0) rules.push(`▲ ${sub.minUpvotes}+`);
  if (sub.emptyNotice) rules.push('says when a day is empty');
  if (sub.weeklyTrending) rules.push('weekly trending on Mondays');
  const lines = [`**<#${sub.channelId}>** — ${rules.join(' · ')}`];
  const next = nextRun(sub, now);
  lines.push(
    sub.paused
      ? `⏸️ Paused: ${sub.paused.reason}`
      : next
        ? `Next: <t:${unix(next.at)}:F> (<t:${unix(next.at)}:R>)`
        : 'Next: none',
  );
  lines.push(`Last: ${describeLast(sub)}`);
  return lines.join('\n');
}

function describeLast(sub: Subscription): string {
  const last = sub.last;
  if (!last) return 'nothing yet';
  const when = `<t:${unix(last.at)}:f>`;
  switch (last.status) {
    case 'delivered':
      return `${last.day}: ${last.count} paper${last.count === 1 ? '' : 's'} posted ${when}${last.late ? ' (late)' : ''}`;
    case 'empty':
      return `${last.day}: nothing posted — ${last.reason ?? 'no papers'}`;
    case 'skipped':
      return `${last.day}: skipped — ${last.reason ?? 'Paperboy was offline'}`;
    case 'retrying':
      return `${last.day}: ${last.count} posted so far, retrying — ${last.reason ?? 'Discord did not answer'}`;
    default:
      return `${last.day}: failed after ${last.count} paper${last.count === 1 ? '' : 's'} — ${last.reason ?? 'unknown error'}`;
  }
}

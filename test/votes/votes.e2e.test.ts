import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/startBot.ts';
import { EVERYWHERE } from '../../src/store/voteRepository.ts';
import { DigestHarness, digestPosts, type TestServer } from '../support/digestHarness.ts';

let h: DigestHarness;
let s: TestServer;
let bot: RunningBot;

/** Posts today's digest (5 papers) and returns its paper messages with their paper ids. */
async function postDigest() {
  await h.digest(s, 'set', { channel: s.papersChannel, time: '09:00', timezone: 'Europe/Berlin' });
  h.now = new Date('2026-08-20T07:00:00Z');
  await bot.digests.sweep();
  return digestPosts(h.emu, s.papersChannel).papers.map((m) => ({
    messageId: m.id,
    paperId: String(m.embeds[0]?.url).split('/').pop() as string,
  }));
}

const members = (n: number, prefix = 'member') =>
  Array.from({ length: n }, (_, i) => h.emu.addUser({ username: `${prefix}-${i}` }).id);
const votesOf = async (paperId: string, guildId = s.guildId) => {
  await bot.votes.recorder.flush();
  return (await bot.votes.tally(guildId)).get(paperId) ?? 0;
};
/** Stored votes once the gateway has delivered everything: polled, since events arrive on their own. */
const expectVotes = (paperId: string, count: number) =>
  expect.poll(() => votesOf(paperId), { timeout: 5000 }).toBe(count);

beforeEach(async () => {
  h = await DigestHarness.start();
  s = h.server();
  h.now = new Date('2026-08-20T06:00:00Z');
  bot = await h.launch();
});
afterEach(async () => {
  await h.close();
});

describe('votes by reaction', () => {
  it('a 👍 under a digest post is a vote; taking it back withdraws it; the bot’s own 👍 never counts', async () => {
    const [first] = await postDigest();
    const [alice] = members(1);
    expect(await votesOf(first?.paperId as string)).toBe(0);
    h.emu.react(alice as string, s.papersChannel, first?.messageId as string, '👍');
    await expectVotes(first?.paperId as string, 1);
    h.emu.unreact(alice as string, s.papersChannel, first?.messageId as string, '👍');
    await expectVotes(first?.paperId as string, 0);
  });

  it('other emoji and other bots are ignored, and nothing is removed', async () => {
    const [first] = await postDigest();
    const [alice] = members(1);
    const otherBot = h.emu.addUser({ username: 'other-bot', bot: true }).id;
    h.emu.react(alice as string, s.papersChannel, first?.messageId as string, '🎉');
    h.emu.react(otherBot, s.papersChannel, first?.messageId as string, '👍');
    h.emu.react(alice as string, s.papersChannel, first?.messageId as string, '👍');
    await expectVotes(first?.paperId as string, 1);
    const message = h.emu.messages(s.papersChannel).find((m) => m.id === first?.messageId);
    expect(message?.reactions.get('🎉')?.size).toBe(1);
  });

  it('one vote per member per paper, however many messages show it; each message’s removal counts', async () => {
    const [first] = await postDigest();
    const [alice, bob] = members(2);
    const shown = h.emu.runCommand({
      guildId: s.guildId,
      channelId: s.generalChannel,
      userId: bob as string,
      name: 'papers',
      options: [{ type: 1, name: 'show', options: [{ type: 3, name: 'paper', value: first?.paperId }] }],
    });
    await shown.firstResponse();
    await expect.poll(() => shown.original()?.reactions.get('👍')?.has(h.emu.botUserId)).toBe(true);
    const showId = shown.original()?.id as string;
    h.emu.react(alice as string, s.papersChannel, first?.messageId as string, '👍');
    h.emu.react(alice as string, s.generalChannel, showId, '👍');
    h.emu.react(bob as string, s.generalChannel, showId, '👍');
    await expectVotes(first?.paperId as string, 2);
    h.emu.unreact(alice as string, s.papersChannel, first?.messageId as string, '👍');
    await expectVotes(first?.paperId as string, 2); // alice still votes under the other message
    // Deleting the /papers show answer withdraws the votes it held, unless cast elsewhere too.
    h.emu.react(bob as string, s.papersChannel, first?.messageId as string, '👍');
    h.emu.deleteMessage(s.generalChannel, showId);
    await expectVotes(first?.paperId as string, 1); // bob, under the digest post
    // The answer now shows the server's count.
    const again = h.emu.runCommand({
      guildId: s.guildId,
      channelId: s.generalChannel,
      userId: bob as string,
      name: 'papers',
      options: [{ type: 1, name: 'show', options: [{ type: 3, name: 'paper', value: first?.paperId }] }],
    });
    const answer = (await again.firstResponse()).data as { embeds: Array<{ fields: Array<{ value: string }> }> };
    expect(answer.embeds[0]?.fields.map((f) => f.value).join(' ')).toContain('1 vote here');
  });

  it('remove-all and remove-emoji withdraw a message’s votes', async () => {
    const [first, second] = await postDigest();
    const voters = members(3);
    for (const id of voters) {
      h.emu.react(id, s.papersChannel, first?.messageId as string, '👍');
      h.emu.react(id, s.papersChannel, second?.messageId as string, '👍');
    }
    await expectVotes(first?.paperId as string, 3);
    await expectVotes(second?.paperId as string, 3);
    h.emu.removeAllReactions(s.papersChannel, first?.messageId as string);
    h.emu.removeReactionEmoji(s.papersChannel, second?.messageId as string, '👍');
    await expectVotes(first?.paperId as string, 0);
    await expectVotes(second?.paperId as string, 0);
  });

  it('a burst of 50 members and a member flapping end exactly at Discord’s reactions', async () => {
    const [first] = await postDigest();
    const crowd = members(50);
    const [flapper] = members(1, 'flapper');
    for (const id of crowd) h.emu.react(id, s.papersChannel, first?.messageId as string, '👍');
    for (let i = 0; i < 15; i++) {
      h.emu.react(flapper as string, s.papersChannel, first?.messageId as string, '👍');
      h.emu.unreact(flapper as string, s.papersChannel, first?.messageId as string, '👍');
    }
    h.emu.react(flapper as string, s.papersChannel, first?.messageId as string, '👍');
    await expectVotes(first?.paperId as string, 51);
    const onDiscord = h.emu
      .messages(s.papersChannel)
      .find((m) => m.id === first?.messageId)
      ?.reactions.get('👍');
    expect(onDiscord?.size).toBe(52); // the 51 members and the bot
    expect(await bot.votes.tally(EVERYWHERE)).toEqual(new Map([[first?.paperId, 51]]));
  });
});

describe('votes across restarts', () => {
  it('messages from before a restart count like new ones', async () => {
    const [first] = await postDigest();
    await h.bots.splice(0)[0]?.stop();
    bot = await h.launch();
    const [alice] = members(1);
    h.emu.react(alice as string, s.papersChannel, first?.messageId as string, '👍');
    await expectVotes(first?.paperId as string, 1);
  });

  it('votes cast and withdrawn while the bot was offline are reconciled at start-up, both ways', async () => {
    const [first, second] = await postDigest();
    const [alice, bob, carol] = members(3);
    h.emu.react(alice as string, s.papersChannel, second?.messageId as string, '👍');
    await expectVotes(second?.paperId as string, 1);
    await h.bots.splice(0)[0]?.stop();
    // Offline: two votes cast, one withdrawn.
    h.emu.react(bob as string, s.papersChannel, first?.messageId as string, '👍');
    h.emu.react(carol as string, s.papersChannel, first?.messageId as string, '👍');
    h.emu.unreact(alice as string, s.papersChannel, second?.messageId as string, '👍');
    bot = await h.launch({ catchUpOnStart: true });
    await expectVotes(first?.paperId as string, 2);
    await expectVotes(second?.paperId as string, 0);
  });
});

describe('a server’s own vote emoji', () => {
  it('admins choose it; new posts carry it and count it; older posts keep 👍; bad input changes nothing', async () => {
    const [old] = await postDigest();
    const [alice, bob] = members(2);
    const refused = await h.digest(s, 'vote-emoji', { emoji: 'hello' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toMatch(/one emoji/i);
    const foreign = await h.digest(s, 'vote-emoji', { emoji: '<:party:123456789012345678>' });
    expect(foreign.text).toMatch(/not one of this server/i);
    expect(await bot.votes.emojiFor(s.guildId)).toBe('👍');
    const saved = await h.digest(s, 'vote-emoji', { emoji: '⭐' });
    expect(saved.ephemeral).toBe(true);
    expect(saved.text).toContain('⭐');
    // The next day's digest carries ⭐, in its header and as the bot's reaction.
    h.now = new Date('2026-08-21T07:00:00Z');
    await bot.digests.sweep();
    const next = digestPosts(h.emu, s.papersChannel);
    expect(next.headers.at(-1)?.content).toContain('react with ⭐');
    const fresh = next.papers.at(-1);
    const freshPaper = String(fresh?.embeds[0]?.url).split('/').pop() as string;
    expect([...(fresh?.reactions.keys() ?? [])]).toEqual(['⭐']);
    h.emu.react(alice as string, s.papersChannel, fresh?.id as string, '👍');
    h.emu.react(bob as string, s.papersChannel, fresh?.id as string, '⭐');
    await expectVotes(freshPaper, 1);
    // The earlier post still counts 👍 (a vote there is not lost), and not ⭐.
    h.emu.react(alice as string, s.papersChannel, old?.messageId as string, '👍');
    h.emu.react(bob as string, s.papersChannel, old?.messageId as string, '⭐');
    await expectVotes(old?.paperId as string, 1);
    // A restart reconciles each post against its own emoji: nothing changes.
    await h.bots.splice(0)[0]?.stop();
    bot = await h.launch();
    await bot.votes.reconcile();
    expect(await votesOf(freshPaper)).toBe(1);
    expect(await votesOf(old?.paperId as string)).toBe(1);
  });
});

describe('the weekly trending post', () => {
  const weeklyPosts = () =>
    h.emu.messages(s.papersChannel).filter((m) => m.author.id === h.emu.botUserId && m.content.startsWith('🏆'));

  it('goes out on Monday at the digest’s time with the week’s most voted papers, exactly once', async () => {
    const papers = await postDigest();
    const saved = await h.digest(s, 'set', {
      channel: s.papersChannel,
      time: '09:00',
      timezone: 'Europe/Berlin',
      'weekly-trending': true,
    });
    expect(saved.text).toContain('weekly trending on Mondays');
    for (const id of members(3)) h.emu.react(id, s.papersChannel, papers[3]?.messageId as string, '👍');
    h.emu.react(members(1, 'late')[0] as string, s.papersChannel, papers[1]?.messageId as string, '👍');
    await expectVotes(papers[3]?.paperId as string, 3);
    await expectVotes(papers[1]?.paperId as string, 1);
    // Thursday to Sunday: no weekly post.
    h.now = new Date('2026-08-23T07:00:00Z');
    await bot.digests.sweep();
    expect(weeklyPosts()).toHaveLength(0);
    h.now = new Date('2026-08-24T07:00:00Z');
    await bot.digests.sweep();
    const [header] = weeklyPosts();
    expect(header?.content).toMatch(/^🏆 \*\*Trending this week — Monday, 24 August 2026\*\*/);
    expect(header?.content).toContain('the 2 papers');
    const after = h.emu.messages(s.papersChannel).filter((m) => m.id > (header?.id as string) && m.embeds.length > 0);
    expect(after.map((m) => String(m.embeds[0]?.url).split('/').pop())).toEqual([
      papers[3]?.paperId,
      papers[1]?.paperId,
    ]);
    // Another pass, and a restart with its catch-up pass: nothing is posted twice.
    const count = h.emu.messages(s.papersChannel).length;
    await bot.digests.sweep();
    await h.bots.splice(0)[0]?.stop();
    h.now = new Date('2026-08-24T07:30:00Z');
    bot = await h.launch();
    await bot.digests.sweep();
    expect(h.emu.messages(s.papersChannel)).toHaveLength(count);
    expect(weeklyPosts()).toHaveLength(1);
  });

  it('stays quiet in a week without votes, and is off unless an admin turns it on', async () => {
    await postDigest();
    h.now = new Date('2026-08-24T07:00:00Z');
    await bot.digests.sweep();
    expect(weeklyPosts()).toHaveLength(0);
    await h.digest(s, 'set', { channel: s.papersChannel, time: '09:00', 'weekly-trending': true });
    h.now = new Date('2026-08-31T07:00:00Z');
    await bot.digests.sweep();
    expect(weeklyPosts()).toHaveLength(0);
    const off = await h.digest(s, 'set', { channel: s.papersChannel, time: '09:00', 'weekly-trending': false });
    expect(off.text).not.toContain('weekly trending');
    expect((await h.subscriptions(s))[0]?.weeklyTrending).toBeUndefined();
  });
});

describe('/papers trending', () => {
  it('ranks the server’s votes with upvotes and age; everywhere adds up the servers', async () => {
    const papers = await postDigest();
    const fifth = papers[4];
    const voters = members(12);
    for (const id of voters) h.emu.react(id, s.papersChannel, fifth?.messageId as string, '👍');
    await expectVotes(fifth?.paperId as string, 12);
    const trending = async (scope: string) => {
      const handle = h.emu.runCommand({
        guildId: s.guildId,
        channelId: s.generalChannel,
        userId: s.member,
        name: 'papers',
        options: [
          {
            type: 1,
            name: 'trending',
            options: [
              { type: 3, name: 'window', value: 'week' },
              { type: 3, name: 'scope', value: scope },
            ],
          },
        ],
      });
      return (await handle.firstResponse()).data as { content: string; embeds: Array<{ url: string }> };
    };
    const server = await trending('server');
    expect(server.content).toContain('in this server');
    expect(server.embeds[0]?.url).toContain(fifth?.paperId);
    // Another server where nobody voted: the same list by upvotes there; everywhere still sees the votes.
    const other = h.server('Other');
    const elsewhere = h.emu.runCommand({
      guildId: other.guildId,
      channelId: other.generalChannel,
      userId: other.member,
      name: 'papers',
      options: [{ type: 1, name: 'trending', options: [{ type: 3, name: 'scope', value: 'everywhere' }] }],
    });
    const everywhere = (await elsewhere.firstResponse()).data as { embeds: Array<{ url: string }> };
    expect(everywhere.embeds[0]?.url).toContain(fifth?.paperId);
    const local = h.emu.runCommand({
      guildId: other.guildId,
      channelId: other.generalChannel,
      userId: other.member,
      name: 'papers',
      options: [{ type: 1, name: 'trending' }],
    });
    const notVoted = (await local.firstResponse()).data as { embeds: Array<{ url: string }> };
    expect(notVoted.embeds[0]?.url).toContain(papers[0]?.paperId);
  });

  it('carries a chart of the top papers’ votes: a PNG Discord shows under the list, served like any file', async () => {
    const papers = await postDigest();
    const voters = members(3);
    for (const id of voters) h.emu.react(id, s.papersChannel, papers[2]?.messageId as string, '👍');
    await expectVotes(papers[2]?.paperId as string, 3);
    const handle = h.emu.runCommand({
      guildId: s.guildId,
      channelId: s.generalChannel,
      userId: s.member,
      name: 'papers',
      options: [{ type: 1, name: 'trending' }],
    });
    await handle.firstResponse();
    await handle.waitFor((x) => (x.original()?.attachments.length ?? 0) > 0);
    const [chart] = handle.original()?.attachments ?? [];
    expect(chart?.filename).toBe('trending.png');
    expect(chart?.description).toMatch(/votes/i);
    const origin = h.emu.apiUrl.replace(/\/api.*$/, '');
    const served = await fetch(`${origin}/attachments/${s.generalChannel}/${chart?.id}/trending.png`);
    expect(served.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await served.arrayBuffer());
    // The PNG signature, then the IHDR chunk: 640 pixels wide, a row per paper plus title and legend.
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(640);
    expect(png.readUInt32BE(20)).toBeGreaterThan(100);
  });
});

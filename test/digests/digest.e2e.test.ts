import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Permission } from '../../src/emulator/permissions.ts';
import { DigestHarness, dailyPapersDown, digestPosts, type TestServer } from '../support/digestHarness.ts';

let h: DigestHarness;
let s: TestServer;

beforeEach(async () => {
  h = await DigestHarness.start();
  s = h.server();
});
afterEach(async () => {
  await h.close();
});

const at = (iso: string) => {
  h.now = new Date(iso);
};
const sweep = () => h.bots[0]?.digests.sweep();
/** 09:00 in Berlin is 07:00Z in summer. */
const berlinNine = { time: '09:00', timezone: 'Europe/Berlin' };

describe('/digest set and show', () => {
  it('an admin sets a digest in one command; show lists its next run in the server’s timezone', async () => {
    await h.launch();
    const set = await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine, topics: 'reinforcement-learning' });
    expect(set.ephemeral).toBe(true);
    expect(set.text).toContain('Digest saved');
    const subs = await h.subscriptions(s);
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ channelId: s.papersChannel, time: '09:00', timezone: 'Europe/Berlin', size: 5 });
    const shown = await h.digest(s, 'show');
    expect(shown.ephemeral).toBe(true);
    expect(shown.text).toContain('09:00 Europe/Berlin');
    // 06:00Z on 20 August: the next run is 07:00Z the same day.
    expect(shown.text).toContain(`<t:${Date.parse('2026-08-20T07:00:00Z') / 1000}:F>`);
    expect(shown.text).toContain('Last: nothing yet');
  });

  it.each([
    ['a member without Manage Server', { channel: 'papers', time: '09:00' }, 'member', 'Manage Server'],
    ['a voice channel', { channel: 'voice', time: '09:00' }, 'admin', 'text or announcement channel'],
    ['25:00', { channel: 'papers', time: '25:00' }, 'admin', 'not a time'],
    ['an unknown timezone', { channel: 'papers', time: '09:00', timezone: 'Mars/Olympus' }, 'admin', 'not a timezone'],
    ['an unknown topic', { channel: 'papers', time: '09:00', topics: 'basket-weaving' }, 'admin', 'not a topic'],
    ['size 0', { channel: 'papers', time: '09:00', size: 0 }, 'admin', '1 to 10'],
  ])('refuses %s privately and saves nothing', async (_name, options, who, says) => {
    await h.launch();
    const channel = options.channel === 'voice' ? s.voiceChannel : s.papersChannel;
    const answer = await h.digest(s, 'set', { ...options, channel }, who === 'admin' ? s.admin : s.member);
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain(says);
    expect(await h.subscriptions(s)).toEqual([]);
  });

  it('refuses a channel where the bot lacks a permission, naming it', async () => {
    await h.launch();
    h.emu.setChannelPermissions(s.papersChannel, [
      { id: s.botRoleId, type: 0, allow: 0n, deny: Permission.EmbedLinks | Permission.AddReactions },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    const answer = await h.digest(s, 'set', { channel: s.papersChannel, time: '09:00' });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain('Embed Links, Add Reactions');
    expect(await h.subscriptions(s)).toEqual([]);
  });
});

describe('the daily digest', () => {
  it('posts at 09:00 Berlin time: a header, then each paper with the vote reaction, once', async () => {
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine });
    at('2026-08-20T06:59:00Z');
    await sweep();
    expect(digestPosts(h.emu, s.papersChannel).messages).toHaveLength(0);
    at('2026-08-20T07:00:00Z');
    await sweep();
    const posts = digestPosts(h.emu, s.papersChannel);
    expect(posts.headers).toHaveLength(1);
    expect(posts.headers[0]?.content).toContain('Thursday, 20 August 2026');
    expect(posts.papers).toHaveLength(5);
    expect(posts.withVote).toBe(5);
    // Best first: the most upvoted paper of 19 August leads.
    expect(posts.titles[0]).toContain('ASI-Bench');
    expect(posts.messages[0]?.id).toBe(posts.headers[0]?.id);
    at('2026-08-20T07:05:00Z');
    await sweep();
    expect(digestPosts(h.emu, s.papersChannel).messages).toHaveLength(6);
    const shown = await h.digest(s, 'show');
    expect(shown.text).toContain('2026-08-20: 5 papers posted');
  });

  it('never posts a paper twice in a week, and keeps to weekdays when asked', async () => {
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine, days: 'weekdays' });
    for (const day of ['2026-08-20', '2026-08-21', '2026-08-22', '2026-08-23']) {
      at(`${day}T07:00:00Z`);
      await sweep();
    }
    const posts = digestPosts(h.emu, s.papersChannel);
    expect(posts.headers).toHaveLength(2); // Thursday and Friday; not Saturday or Sunday
    expect(posts.papers).toHaveLength(10);
    expect(new Set(posts.links).size).toBe(10);
  });

  it('posts nothing on a day without papers, says why in show, and can post one line instead', async () => {
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine });
    await h.digest(s, 'set', { channel: s.generalChannel, ...berlinNine, 'empty-notice': true });
    at('2026-09-10T07:00:00Z');
    await sweep();
    expect(digestPosts(h.emu, s.papersChannel).messages).toHaveLength(0);
    const notice = digestPosts(h.emu, s.generalChannel).messages;
    expect(notice).toHaveLength(1);
    expect(notice[0]?.content).toContain('No new papers');
    expect((await h.digest(s, 'show')).text).toContain('nothing posted — no papers on Hugging Face Daily Papers');
  });

  it('filters by topic through the topic search', async () => {
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine, topics: 'robotics', size: 10 });
    at('2026-08-20T07:00:00Z');
    await sweep();
    const posts = digestPosts(h.emu, s.papersChannel);
    expect(posts.papers.length).toBeGreaterThan(0);
    expect(posts.papers.length).toBeLessThan(10);
    expect(posts.headers[0]?.content).toContain('Robotics');
  });

  it('is composed from the cache when Hugging Face is down', async () => {
    await h.launch({ fetch: dailyPapersDown });
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine });
    at('2026-08-20T07:00:00Z');
    await sweep();
    expect(digestPosts(h.emu, s.papersChannel).papers).toHaveLength(5);
    expect(h.log.join('')).toContain('composing from the cache');
  });
});

describe('daylight saving time', () => {
  it.each([
    ['clocks go back (25 October)', '2026-10-24T07:00:00Z', '2026-10-25T07:59:00Z', '2026-10-25T08:00:00Z'],
    ['clocks go forward (29 March)', '2026-03-28T08:00:00Z', '2026-03-29T06:59:00Z', '2026-03-29T07:00:00Z'],
  ])('09:00 in Berlin stays 09:00 local when %s', async (_name, dayBefore, justBefore, nine) => {
    h.now = new Date(Date.parse(dayBefore) - 86_400_000);
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine, 'empty-notice': true });
    const notices = () => digestPosts(h.emu, s.papersChannel).messages.length;
    at(dayBefore);
    await sweep();
    expect(notices()).toBe(1);
    at(justBefore);
    await sweep();
    expect(notices()).toBe(1);
    at(nine);
    await sweep();
    expect(notices()).toBe(2);
    at(new Date(Date.parse(nine) + 3_600_000).toISOString());
    await sweep();
    expect(notices()).toBe(2);
  });
});

describe('catch-up after downtime', () => {
  it('posts a digest missed less than 6 hours ago once, marked late, at start-up', async () => {
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine });
    await h.bots.splice(0)[0]?.stop();
    at('2026-08-20T09:30:00Z');
    const bot = await h.launch({ catchUpOnStart: true });
    await expect.poll(() => digestPosts(h.emu, s.papersChannel).papers.length, { timeout: 5000 }).toBe(5);
    await bot.digests.sweep();
    const posts = digestPosts(h.emu, s.papersChannel);
    expect(posts.headers).toHaveLength(1);
    expect(posts.headers[0]?.content).toContain('Posted late');
    expect(posts.papers).toHaveLength(5);
  });

  it('skips a digest missed by more than the window and records why', async () => {
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine });
    at('2026-08-20T13:30:00Z');
    await sweep();
    expect(digestPosts(h.emu, s.papersChannel).messages).toHaveLength(0);
    expect((await h.digest(s, 'show')).text).toContain('skipped — Paperboy was offline');
  });
});

describe('preview and test', () => {
  it('preview answers privately with what would be posted; test posts without counting as the day’s digest', async () => {
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine, size: 3 });
    at('2026-08-20T06:30:00Z');
    const preview = await h.digest(s, 'preview', { channel: s.papersChannel });
    expect(preview.ephemeral).toBe(true);
    expect((preview.data.embeds ?? []).length).toBe(3);
    expect(digestPosts(h.emu, s.papersChannel).messages).toHaveLength(0);
    const test = await h.digest(s, 'test', { channel: s.papersChannel });
    expect(test.ephemeral).toBe(true);
    await expect.poll(() => digestPosts(h.emu, s.papersChannel).papers.length).toBe(3);
    expect(digestPosts(h.emu, s.papersChannel).headers[0]?.content).toContain('Test digest');
    at('2026-08-20T07:00:00Z');
    await sweep();
    const posts = digestPosts(h.emu, s.papersChannel);
    expect(posts.headers).toHaveLength(2);
    expect(posts.papers).toHaveLength(6);
  });
});

describe('lifecycle', () => {
  it('pause stops the digest, resume brings it back, off removes it', async () => {
    await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine });
    expect((await h.digest(s, 'pause', { channel: s.papersChannel })).text).toContain('paused');
    at('2026-08-20T07:00:00Z');
    await sweep();
    expect(digestPosts(h.emu, s.papersChannel).messages).toHaveLength(0);
    expect((await h.digest(s, 'resume', { channel: s.papersChannel })).text).toContain('resumed');
    at('2026-08-21T07:00:00Z');
    await sweep();
    expect(digestPosts(h.emu, s.papersChannel).papers).toHaveLength(5);
    await h.digest(s, 'off', { channel: s.papersChannel });
    expect(await h.subscriptions(s)).toEqual([]);
    expect((await h.digest(s, 'pause', { channel: s.papersChannel })).text).toContain('has no digest');
  });

  it('leaving a server removes its subscriptions', async () => {
    const bot = await h.launch();
    await h.digest(s, 'set', { channel: s.papersChannel, ...berlinNine });
    h.emu.removeGuild(s.guildId);
    await expect.poll(() => bot.digests.subscriptions.list(s.guildId)).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Permission } from '../../src/emulator/permissions.ts';
import { DigestHarness, digestPosts, type TestServer } from '../support/digestHarness.ts';

let h: DigestHarness;
let s: TestServer;

async function setUp(options: Parameters<typeof DigestHarness.start>[0] = {}, setAt = '2026-08-20T06:00:00Z') {
  h = await DigestHarness.start(options);
  s = h.server();
  h.now = new Date(setAt);
  await h.launch();
  await h.digest(s, 'set', { channel: s.papersChannel, time: '09:00', timezone: 'Europe/Berlin' });
  h.now = new Date('2026-08-20T07:00:00Z');
}
afterEach(async () => {
  await h.close();
});

const postsTo = (channelId: string) => new RegExp(`^/channels/${channelId}/messages$`);
const requestsTo = (channelId: string, status: number) =>
  h.emu.requests.filter((r) => r.path.startsWith(`/channels/${channelId}/`) && r.status === status).length;
const advance = (ms: number) => {
  h.now = new Date(h.now.getTime() + ms);
};
const sweep = () => h.bots[0]?.digests.sweep();

/** Exactly one digest: one header and five different papers, each with the bot's vote reaction. */
function expectOneCompleteDigest(channelId: string) {
  const posts = digestPosts(h.emu, channelId);
  expect(posts.headers).toHaveLength(1);
  expect(posts.papers).toHaveLength(5);
  expect(new Set(posts.links).size).toBe(5);
  expect(posts.withVote).toBe(5);
}

describe('delivery under faults', () => {
  it('permission lost mid-digest: stops at once, pauses, tells the server; resume re-checks and finishes', async () => {
    await setUp();
    h.emu.delayNext(postsTo(s.papersChannel), 10, 150);
    const running = sweep();
    await expect
      .poll(() => digestPosts(h.emu, s.papersChannel).papers.length, { interval: 10 })
      .toBeGreaterThanOrEqual(2);
    h.emu.setChannelPermissions(s.papersChannel, [
      { id: s.botRoleId, type: 0, allow: 0n, deny: Permission.SendMessages },
    ]);
    await running;
    const posted = digestPosts(h.emu, s.papersChannel).papers.length;
    expect(posted).toBeLessThan(5);
    // One refused request, no retry storm.
    expect(requestsTo(s.papersChannel, 403)).toBe(1);
    const [sub] = await h.subscriptions(s);
    expect(sub?.paused?.reason).toContain('missing a permission');
    const notice = h.emu.messages(s.generalChannel).filter((m) => m.author.id === h.emu.botUserId);
    expect(notice).toHaveLength(1);
    expect(notice[0]?.content).toContain(`paused the daily digest in <#${s.papersChannel}>`);
    expect((await h.digest(s, 'show')).text).toContain('Paused: Paperboy is missing a permission');
    // Later sweeps do not knock on the closed door again.
    advance(60_000);
    await sweep();
    expect(requestsTo(s.papersChannel, 403)).toBe(1);

    const refused = await h.digest(s, 'resume', { channel: s.papersChannel });
    expect(refused.text).toContain('missing Send Messages');
    h.emu.setChannelPermissions(s.papersChannel, []);
    await expect.poll(() => h.bots[0]?.digests.missingPermissions(s.papersChannel)).toEqual([]);
    expect((await h.digest(s, 'resume', { channel: s.papersChannel })).text).toContain('resumed');
    // The resume starts a pass of its own: wait for it to add the last reaction.
    await expect.poll(() => digestPosts(h.emu, s.papersChannel).withVote).toBe(5);
    await sweep();
    expectOneCompleteDigest(s.papersChannel);
  });

  it('a 429 storm under Discord’s rate limits: every paper once, nothing lost or doubled', async () => {
    await setUp({ rateLimits: { scale: 0.1 } });
    h.emu.failNext(postsTo(s.papersChannel), 12, 429, 0.05);
    h.emu.failNext(/\/reactions\//, 6, 429, 0.05);
    const report = await sweep();
    expect(report?.delivered).toBe(1);
    expectOneCompleteDigest(s.papersChannel);
    expect(h.emu.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(18);
  });

  it('5xx from Discord: retried with backoff until it goes through, nothing doubled', async () => {
    await setUp();
    // discord.js tries each request four times: two requests' worth of failures.
    h.emu.failNext(postsTo(s.papersChannel), 8, 500);
    expect((await sweep())?.retrying).toBe(1);
    expect((await h.digest(s, 'show')).text).toContain('retrying — Discord answered 500');
    expect((await sweep())?.delivered ?? 0).toBe(0); // too early: the retry waits a minute
    advance(60_000);
    expect((await sweep())?.retrying).toBe(1);
    advance(120_000);
    expect((await sweep())?.delivered).toBe(1);
    expectOneCompleteDigest(s.papersChannel);
  });

  it('pauses after three failed days in a row, and says why', async () => {
    await setUp({}, '2026-08-18T06:00:00Z');
    h.emu.failNext(postsTo(s.papersChannel), 10_000, 503);
    for (const day of ['2026-08-19', '2026-08-20', '2026-08-21']) {
      h.now = new Date(`${day}T07:00:00Z`);
      await sweep();
      h.now = new Date(`${day}T13:00:00Z`); // the catch-up window has closed: the day is given up
      await sweep();
    }
    const [sub] = await h.subscriptions(s);
    expect(sub?.paused?.reason).toContain('failed 3 days in a row');
    expect(h.emu.messages(s.generalChannel).some((m) => m.content.includes('failed 3 days in a row'))).toBe(true);
  });

  it('a channel the bot can no longer see pauses only that digest; the other servers’ digests are delivered', async () => {
    await setUp();
    const other = h.server('Other Server');
    await h.digest(other, 'set', { channel: other.papersChannel, time: '09:00', timezone: 'Europe/Berlin' });
    h.emu.failNext(postsTo(s.papersChannel), 1, 503);
    h.emu.delayNext(postsTo(other.papersChannel), 6, 50);
    // Server one's channel is hidden from the bot: 403 Missing Access.
    h.emu.setChannelPermissions(s.papersChannel, [
      { id: s.botRoleId, type: 0, allow: 0n, deny: Permission.ViewChannel },
    ]);
    await sweep();
    const [sub] = await h.subscriptions(s);
    expect(sub?.paused).toBeDefined();
    expect(requestsTo(s.papersChannel, 403)).toBeLessThanOrEqual(1);
    expectOneCompleteDigest(other.papersChannel);
  });
});

describe('posts that go wrong one at a time', () => {
  it('a paper message deleted before its reaction: the digest goes on, nothing paused', async () => {
    await setUp();
    h.emu.delayNext(/\/reactions\//, 1, 400);
    const running = sweep();
    await expect.poll(() => digestPosts(h.emu, s.papersChannel).papers.length, { interval: 10 }).toBe(1);
    const first = digestPosts(h.emu, s.papersChannel).papers[0];
    h.emu.deleteMessage(s.papersChannel, first?.id as string);
    expect((await running)?.delivered).toBe(1);
    expect(digestPosts(h.emu, s.papersChannel).papers).toHaveLength(4);
    const [sub] = await h.subscriptions(s);
    expect(sub?.paused).toBeUndefined();
    expect(sub?.last?.status).toBe('delivered');
  });

  it('a paper Discord refuses as malformed is skipped; the rest are posted, once', async () => {
    await setUp();
    h.emu.refuseNext(postsTo(s.papersChannel), 2); // the header and one paper pass, the next is refused
    expect((await sweep())?.delivered).toBe(1);
    const posts = digestPosts(h.emu, s.papersChannel);
    expect(posts.papers).toHaveLength(4);
    expect(new Set(posts.links).size).toBe(4);
    expect((await h.digest(s, 'show')).text).toContain('4 papers posted');
    // The refused paper is not tried again the next day.
    h.now = new Date('2026-08-21T07:00:00Z');
    await sweep();
    expect(new Set(digestPosts(h.emu, s.papersChannel).links).size).toBe(9);
  });

  it('a deleted digest channel takes its digest with it', async () => {
    await setUp();
    h.emu.deleteChannel(s.papersChannel);
    await expect.poll(() => h.subscriptions(s)).toEqual([]);
  });

  it('an admin cannot aim the bot at a channel they cannot post in themselves', async () => {
    await setUp();
    const guild = s.guildId;
    h.emu.setChannelPermissions(s.papersChannel, [
      { id: guild, type: 0, allow: 0n, deny: Permission.ViewChannel },
      { id: s.botRoleId, type: 0, allow: Permission.ViewChannel, deny: 0n },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await h.digest(s, 'set', { channel: s.papersChannel, time: '10:00' });
    expect(answer.text).toContain('cannot post in');
    expect((await h.subscriptions(s))[0]?.time).toBe('09:00');
  });
});

describe('two bot processes on one store', () => {
  it('post one digest between them', async () => {
    await setUp();
    const second = await h.launch();
    const reports = await Promise.all([h.bots[0]?.digests.sweep(), second.digests.sweep()]);
    expect(reports.map((r) => r?.delivered ?? 0).reduce((a, b) => a + b, 0)).toBe(1);
    expect(reports.some((r) => r?.busyUntil !== undefined || r?.delivered === 0)).toBe(true);
    await Promise.all([h.bots[0]?.digests.sweep(), second.digests.sweep()]);
    expectOneCompleteDigest(s.papersChannel);
  });
});

import { Events } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningBot } from '../../src/app/startBot.ts';
import { loadConfig } from '../../src/config/loadConfig.ts';
import { Permission } from '../../src/emulator/permissions.ts';
import { DigestHarness, digestPosts, type TestServer } from '../support/digestHarness.ts';
import { paperInput } from '../support/paperInputs.ts';

let h: DigestHarness | undefined;

/** Stops a bot whose store a test closed: its own close of the store fails, the rest must not leak. */
async function stopWithoutStore(harness: DigestHarness, bot: RunningBot) {
  harness.bots.splice(harness.bots.indexOf(bot), 1);
  await bot.stop().catch(() => undefined);
  await bot.client.destroy();
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function get(bot: RunningBot, path: string) {
  const res = await fetch(`${bot.metricsUrl}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The value of one series in Prometheus text, or undefined when it is not exported. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function papersToday(harness: DigestHarness, server: TestServer, date: string) {
  const handle = harness.emu.runCommand({
    guildId: server.guildId,
    channelId: server.generalChannel,
    userId: server.member,
    name: 'papers',
    options: [{ type: 1, name: 'today', options: [{ type: 3, name: 'date', value: date }] }],
  });
  return handle.firstResponse();
}

describe('config', () => {
  it('leaves the metrics server off unless METRICS_PORT is set, and binds to loopback by default', () => {
    const off = loadConfig({});
    expect(off.METRICS_PORT).toBeUndefined();
    expect(off.METRICS_HOST).toBe('127.0.0.1');
    expect(loadConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
  });
});

describe('/healthz and /metrics', () => {
  it('serves health and Prometheus metrics on METRICS_PORT, counting commands', async () => {
    h = await DigestHarness.start();
    const server = h.server();
    const bot = await h.launch({ env: { METRICS_PORT: '0' } });
    expect(bot.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await get(bot, '/healthz');
    expect(health.status).toBe(200);
    expect(health.type).toContain('application/json');
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });

    const before = await get(bot, '/metrics');
    expect(before.status).toBe(200);
    expect(before.type).toContain('text/plain');
    for (const name of [
      'paperboy_commands_total',
      'paperboy_command_duration_seconds',
      'paperboy_digests_total',
      'paperboy_votes_recorded_total',
      'paperboy_discord_rate_limited_total',
      'paperboy_discord_invalid_requests_total',
      'paperboy_gateway_up',
      'paperboy_store_latency_seconds',
      'paperboy_last_ingest_timestamp_seconds',
      'paperboy_papers',
    ]) {
      expect(before.body).toContain(`# TYPE ${name} `);
    }
    expect(sample(before.body, 'paperboy_gateway_up{shard="0"}')).toBe(1);
    expect(sample(before.body, 'paperboy_papers')).toBe(bot.catalog.stats().papers);
    expect(bot.catalog.stats().papers).toBeGreaterThan(0);
    expect(sample(before.body, 'paperboy_store_latency_seconds')).toBeGreaterThanOrEqual(0);
    // Memory, read when scraped: resident at least the JavaScript heap in use, in plausible bytes.
    const rss = sample(before.body, 'paperboy_process_memory_bytes{kind="rss"}') ?? 0;
    const heapUsed = sample(before.body, 'paperboy_process_memory_bytes{kind="heap_used"}') ?? 0;
    expect(heapUsed).toBeGreaterThan(1_000_000);
    expect(rss).toBeGreaterThan(heapUsed);
    expect(sample(before.body, 'paperboy_process_memory_bytes{kind="external"}')).toBeGreaterThan(0);
    const ok = 'paperboy_commands_total{command="papers",outcome="ok"}';
    expect(sample(before.body, ok)).toBeUndefined();
    // Not the process's default metrics: the bot's own registry only.
    expect(before.body).not.toContain('process_cpu');

    const answer = await papersToday(h, server, '2026-08-19');
    expect(answer.type).toBe(4);
    // The count is taken when the handler returns, just after Discord got the answer.
    await vi.waitFor(async () => expect(sample((await get(bot, '/metrics')).body, ok)).toBe(1));
    const after = (await get(bot, '/metrics')).body;
    expect(sample(after, 'paperboy_command_duration_seconds_count{command="papers"}')).toBe(1);

    expect((await get(bot, '/nope')).status).toBe(404);
  });

  it('counts digests by status, 429s and rate limits from Discord, votes and the last ingest', async () => {
    h = await DigestHarness.start({ rateLimits: { scale: 0.1 } });
    const server = h.server();
    const bot = await h.launch({ env: { METRICS_PORT: '0' } });
    await h.digest(server, 'set', { channel: server.papersChannel, time: '09:00', timezone: 'Europe/Berlin' });
    h.now = new Date('2026-08-20T07:00:00Z');
    h.emu.failNext(new RegExp(`/channels/${server.papersChannel}/messages$`), 4, 429, 0.05);
    const report = await bot.digests.sweep();
    expect(report.delivered).toBe(1);
    const text = (await get(bot, '/metrics')).body;
    expect(sample(text, 'paperboy_digests_total{status="delivered"}')).toBe(1);
    const refused = h.emu.requests.filter((r) => r.status === 429).length;
    expect(refused).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'paperboy_discord_invalid_requests_total{status="429"}')).toBe(refused);
    expect(sample(text, 'paperboy_discord_rate_limited_total')).toBeGreaterThanOrEqual(1);

    const posts = digestPosts(h.emu, server.papersChannel);
    const [paper, header] = [posts.papers[0], posts.headers[0]];
    if (!paper || !header) throw new Error('no digest posted');
    // Under the header, a 👍 is no vote: it is not counted (applied before the paper's, in order).
    await h.emu.react(server.member, server.papersChannel, header.id, '👍');
    await h.emu.react(server.member, server.papersChannel, paper.id, '👍');
    const stored = async () => [...(await bot.votes.tally(server.guildId)).values()].reduce((a, n) => a + n, 0);
    await vi.waitFor(async () => expect(await stored()).toBe(1));
    await bot.votes.recorder.flush();
    expect(sample((await get(bot, '/metrics')).body, 'paperboy_votes_recorded_total{kind="add"}')).toBe(1);

    // The digest's own Daily Papers refresh was an ingest (of an empty list).
    expect(sample(text, 'paperboy_last_ingest_timestamp_seconds')).toBe(h.now.getTime() / 1000);
    h.now = new Date('2026-08-20T08:00:00Z');
    const papers = bot.catalog.stats().papers;
    await bot.catalog.ingest([paperInput({ id: '2608.99999', title: 'A fresh paper', dailyDate: '2026-08-20' })]);
    const ingested = (await get(bot, '/metrics')).body;
    expect(sample(ingested, 'paperboy_last_ingest_timestamp_seconds')).toBe(h.now.getTime() / 1000);
    expect(sample(ingested, 'paperboy_papers')).toBe(papers + 1);
  });

  it('counts a digest paused when the bot lost Send Messages, and times store transactions', async () => {
    h = await DigestHarness.start();
    const server = h.server();
    const bot = await h.launch({ env: { METRICS_PORT: '0' } });
    await h.digest(server, 'set', { channel: server.papersChannel, time: '09:00', timezone: 'Europe/Berlin' });
    const before = (await get(bot, '/metrics')).body;
    expect(sample(before, 'paperboy_digests_paused_total')).toBe(0);
    const saved = 'paperboy_store_transaction_seconds_count{namespace="subscriptions",outcome="ok"}';
    expect(sample(before, saved)).toBeGreaterThanOrEqual(1);

    h.emu.setChannelPermissions(server.papersChannel, [
      { id: server.botRoleId, type: 0, allow: 0n, deny: Permission.SendMessages },
    ]);
    h.now = new Date('2026-08-20T07:00:00Z');
    expect((await bot.digests.sweep()).stopped).toBe(1);
    const after = (await get(bot, '/metrics')).body;
    expect(sample(after, 'paperboy_digests_paused_total')).toBe(1);
    expect(sample(after, 'paperboy_digests_total{status="stopped"}')).toBe(1);
    expect(sample(after, 'paperboy_discord_invalid_requests_total{status="403"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, saved)).toBeGreaterThan(sample(before, saved) ?? 0);
    expect(sample(after, 'paperboy_store_transaction_seconds_count{namespace="runs",outcome="ok"}')).toBeGreaterThan(0);

    // Paused once: a later sweep does not count it again.
    h.now = new Date('2026-08-20T07:05:00Z');
    await bot.digests.sweep();
    expect(sample((await get(bot, '/metrics')).body, 'paperboy_digests_paused_total')).toBe(1);
  });

  it('answers 503 with the reason once the gateway is gone, and again once the store is closed', async () => {
    h = await DigestHarness.start();
    h.server();
    const bot = await h.launch({ env: { METRICS_PORT: '0' } });
    expect((await get(bot, '/healthz')).status).toBe(200);

    // 4004 is a close Discord's clients never reconnect after: the shard stays down.
    const disconnected = new Promise((resolve) => bot.client.once(Events.ShardDisconnect, resolve));
    h.emu.closeGateway(0, 4004);
    await disconnected;
    const down = await get(bot, '/healthz');
    expect(down.status).toBe(503);
    const problems = (JSON.parse(down.body) as { status: string; problems: string[] }).problems;
    expect(problems.join('\n')).toMatch(/gateway shard 0 not connected/);
    expect(problems.join('\n')).not.toMatch(/store/);
    expect(sample((await get(bot, '/metrics')).body, 'paperboy_gateway_up{shard="0"}')).toBe(0);

    await bot.store.close();
    const noStore = JSON.parse((await get(bot, '/healthz')).body) as { problems: string[] };
    expect(noStore.problems.some((p) => p.startsWith('store:'))).toBe(true);
    expect(sample((await get(bot, '/metrics')).body, 'paperboy_store_latency_seconds')).toBe(-1);
    await stopWithoutStore(h, bot);
  });

  it('answers 503 when only the store is gone', async () => {
    h = await DigestHarness.start();
    h.server();
    const bot = await h.launch({ env: { METRICS_PORT: '0' } });
    await bot.store.close();
    const res = await get(bot, '/healthz');
    expect(res.status).toBe(503);
    const { problems } = JSON.parse(res.body) as { problems: string[] };
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^store: /);
    await stopWithoutStore(h, bot);
  });

  it('listens nowhere without METRICS_PORT', async () => {
    h = await DigestHarness.start();
    h.server();
    const bot = await h.launch();
    expect(bot.metricsUrl).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { connect, emulator, rest } from './support.ts';

describe('emulator rate limits', () => {
  it("sends Discord's headers and a 429 on the sixth message in a channel's window", async () => {
    const emu = await emulator({ rateLimits: { scale: 0.2 } });
    const channelId = emu.createGuild({ name: 'A' }).channels[0]?.id ?? '';
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof rest>> | undefined;
    for (let i = 0; i < 6; i++) {
      last = await rest(emu, 'POST', `/channels/${channelId}/messages`, { content: `m${i}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last?.headers.get('x-ratelimit-limit')).toBe('5');
    expect(last?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(last?.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    expect(last?.headers.get('x-ratelimit-scope')).toBe('user');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last?.json).toMatchObject({ global: false, message: 'You are being rate limited.' });
    expect(emu.invalidRequests).toBe(1);
    // Another channel has its own bucket.
    const other = emu.createGuild({ name: 'B' }).channels[0]?.id ?? '';
    expect((await rest(emu, 'POST', `/channels/${other}/messages`, { content: 'x' })).status).toBe(200);
  });

  it('limits reactions to one per 250 ms per channel', async () => {
    const emu = await emulator({ rateLimits: 'discord' });
    const channelId = emu.createGuild({ name: 'A' }).channels[0]?.id ?? '';
    const posted = await rest(emu, 'POST', `/channels/${channelId}/messages`, { content: 'x' });
    const id = (posted.json as { id: string }).id;
    const react = (emoji: string) =>
      rest(emu, 'PUT', `/channels/${channelId}/messages/${id}/reactions/${encodeURIComponent(emoji)}/@me`);
    expect((await react('👍')).status).toBe(204);
    const second = await react('🔥');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(0.25);
  });

  it('applies the global limit of 50 per second with X-RateLimit-Global', async () => {
    const emu = await emulator({ rateLimits: 'discord' });
    const responses = await Promise.all(Array.from({ length: 51 }, () => rest(emu, 'GET', '/users/@me')));
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    expect(limited[0]?.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited[0]?.json).toMatchObject({ global: true });
  });

  it('lets discord.js pace itself by the headers: seven sends all succeed', async () => {
    const emu = await emulator({ rateLimits: { scale: 0.05 } });
    const channelId = emu.createGuild({ name: 'A' }).channels[0]?.id ?? '';
    const client = await connect(emu);
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new Error('not a text channel');
    await Promise.all(Array.from({ length: 7 }, (_, i) => channel.send(`n${i}`)));
    expect(emu.messages(channelId)).toHaveLength(7);
    expect(emu.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });
});

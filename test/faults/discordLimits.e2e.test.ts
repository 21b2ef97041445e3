import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/emulator/types.ts';
import { DigestHarness, digestPosts, type TestServer } from '../support/digestHarness.ts';

/**
 * A 429 storm over a digest round of many servers, checked against Discord's invalid-request
 * limit (10,000 answers of 401/403/429 in 10 minutes bans the IP). The window is shortened to 4 s
 * and the budget to 40 so the test sees the brake hold and let go; the arithmetic is the same.
 */
const SERVERS = 20;
const BUDGET = 40;
const WINDOW_MS = 4000;
const STORM_MS = 3000;

let h: DigestHarness;
afterEach(async () => {
  await h.close();
});

/** The most invalid answers the emulator gave in any `windowMs`, by the requests' arrival. */
function mostInvalidInAnyWindow(requests: readonly RequestRecord[], windowMs: number): number {
  const times = requests.filter((r) => r.status === 429 || r.status === 401 || r.status === 403).map((r) => r.at);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while ((times[j] as number) - (times[i] as number) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

async function stormOverDigests(budget: number): Promise<TestServer[]> {
  h = await DigestHarness.start();
  const servers = Array.from({ length: SERVERS }, (_, i) => h.server(`Reading group ${i}`));
  h.now = new Date('2026-08-20T06:00:00Z');
  await h.launch({
    env: { DISCORD_INVALID_REQUEST_BUDGET: String(budget), METRICS_PORT: '0' },
    invalidRequestWindowMs: WINDOW_MS,
  });
  for (const s of servers)
    await h.digest(s, 'set', { channel: s.papersChannel, time: '09:00', timezone: 'Europe/Berlin' });
  h.now = new Date('2026-08-20T07:00:00Z');
  // Every post and reaction in every channel is refused for 3 s, with Retry-After: 1.
  h.emu.rateLimitFor(/^\/channels\/\d+\/messages/, STORM_MS, 1);
  const report = await h.bots[0]?.digests.sweep();
  expect(report?.delivered).toBe(SERVERS);
  return servers;
}

describe('a 429 storm over twenty servers’ digests', () => {
  it('stays under the invalid-request budget in every window, then delivers every digest exactly once', async () => {
    const servers = await stormOverDigests(BUDGET);
    expect(h.emu.invalidRequests).toBeGreaterThan(0);
    expect(mostInvalidInAnyWindow(h.emu.requests, WINDOW_MS)).toBeLessThanOrEqual(BUDGET);
    for (const s of servers) {
      const posts = digestPosts(h.emu, s.papersChannel);
      expect(posts.headers).toHaveLength(1);
      expect(posts.papers).toHaveLength(5);
      expect(new Set(posts.links).size).toBe(5);
      expect(posts.withVote).toBe(5);
    }
    // The operator is told, in the log and on /metrics, with the emulator's own count.
    expect(h.log.join('')).toContain('holding requests back to stay under its limit');
    const metrics = await (await fetch(`${h.bots[0]?.metricsUrl}/metrics`)).text();
    const counted = [...metrics.matchAll(/^paperboy_discord_invalid_requests_total\{[^}]*\} (\d+)/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    expect(counted).toBe(h.emu.invalidRequests);
  });

  it('without the brake (a budget of 10,000) the same storm goes over 40 in a window: the brake is what holds', async () => {
    await stormOverDigests(10_000);
    expect(mostInvalidInAnyWindow(h.emu.requests, WINDOW_MS)).toBeGreaterThan(BUDGET);
  });
});

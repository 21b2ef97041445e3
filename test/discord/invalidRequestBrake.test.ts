import { describe, expect, it } from 'vitest';
import { createInvalidRequestBrake, isInvalidAnswer } from '../../src/discord/createInvalidRequestBrake.ts';

const answer = (status: number, scope?: string) => ({
  status,
  headers: new Headers(scope ? { 'x-ratelimit-scope': scope } : {}),
});

describe('isInvalidAnswer: what Discord counts toward its ban', () => {
  it.each([
    [401, undefined, true],
    [403, undefined, true],
    [429, 'user', true],
    [429, 'global', true],
    [429, 'shared', false],
    [404, undefined, false],
    [500, undefined, false],
    [200, undefined, false],
  ])('%i (scope %s) → %s', (status, scope, expected) => {
    const { headers } = answer(status, scope);
    expect(isInvalidAnswer(status, headers)).toBe(expected);
  });
});

describe('the invalid-request brake', () => {
  it('holds a request once the budget is spent, until the oldest refusal leaves the window', async () => {
    const holds: number[] = [];
    const brake = createInvalidRequestBrake({ budget: 2, windowMs: 300, onHold: (i) => holds.push(i.invalid) });
    const sent: number[] = [];
    const request = brake.wrap(async () => {
      sent.push(performance.now());
      return answer(429, 'user');
    });
    const start = performance.now();
    await request('a', {});
    await request('b', {});
    expect(brake.invalidInWindow()).toBe(2);
    await request('c', {});
    // The third went out only when the first refusal was 300 ms old.
    expect((sent[2] as number) - start).toBeGreaterThanOrEqual(290);
    expect(holds).toEqual([2]);
  });

  it('tells once per hold, however many requests wait in it', async () => {
    const holds: number[] = [];
    const brake = createInvalidRequestBrake({ budget: 1, windowMs: 100, onHold: (i) => holds.push(i.invalid) });
    const request = brake.wrap(async () => answer(429, 'user'));
    await request('first', {});
    await Promise.all(Array.from({ length: 5 }, (_, i) => request(`waiting ${i}`, {})));
    expect(holds).toEqual([1]);
  });

  it('lets answers that do not count through without holding anything', async () => {
    const brake = createInvalidRequestBrake({ budget: 1, windowMs: 60_000 });
    const request = brake.wrap(async () => answer(200));
    for (let i = 0; i < 50; i++) await request('x', {});
    expect(brake.invalidInWindow()).toBe(0);
  });

  it('counts requests in flight against the budget: two at once with a budget of one go one after the other', async () => {
    const brake = createInvalidRequestBrake({ budget: 1, windowMs: 60_000 });
    let concurrent = 0;
    let most = 0;
    const request = brake.wrap(async () => {
      most = Math.max(most, ++concurrent);
      await new Promise((resolve) => setTimeout(resolve, 30));
      concurrent--;
      return answer(200);
    });
    await Promise.all([request('a', {}), request('b', {})]);
    expect(most).toBe(1);
  });

  it('gives up a held request when discord.js aborts it (its own timeout)', async () => {
    const brake = createInvalidRequestBrake({ budget: 1, windowMs: 60_000 });
    const request = brake.wrap(async () => answer(403));
    await request('a', {});
    const controller = new AbortController();
    const held = request('b', { signal: controller.signal });
    controller.abort(new Error('Request aborted'));
    await expect(held).rejects.toThrow('Request aborted');
  });
});

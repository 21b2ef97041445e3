import PQueue from 'p-queue';
import type { Schedule } from '../requestWithRetry.ts';

/**
 * One gate for every request to a host with arXiv's terms: one connection at a time, and at
 * least `minIntervalMs` between requests as the server sees them.
 *
 * The queue spaces the starts (strict, a sliding window: the default fixed window lets one
 * request end a window and the next open the following one back to back). Starts alone are not
 * enough: a request on a fresh connection reaches the server tens of ms after it starts, one on a
 * kept-alive connection almost at once, so two starts 3 s apart can arrive 2.97 s apart. Waiting
 * `minIntervalMs` after the previous response ended closes that gap, and costs a caller nothing
 * when no request came before.
 */
export function createRequestGate(minIntervalMs: number, now: () => number = () => performance.now()): Schedule {
  const queue = new PQueue(
    minIntervalMs > 0 ? { concurrency: 1, intervalCap: 1, interval: minIntervalMs, strict: true } : { concurrency: 1 },
  );
  let lastEnd = Number.NEGATIVE_INFINITY;

  return (attempt) =>
    queue.add(async () => {
      await waitUntil(lastEnd + minIntervalMs, now);
      try {
        return await attempt();
      } finally {
        lastEnd = now();
      }
    });
}

async function waitUntil(target: number, now: () => number): Promise<void> {
  // Timers may fire a millisecond early by this clock; loop rather than trust one timeout.
  for (let left = target - now(); left > 0; left = target - now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}

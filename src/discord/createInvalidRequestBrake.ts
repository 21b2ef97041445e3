/** Discord's window for counting invalid requests: 10,000 in it bans the IP for a while. */
export const INVALID_REQUEST_WINDOW_MS = 10 * 60_000;

/** discord.js's `rest.makeRequest`: one HTTP request to Discord. */
export type MakeRequest<R extends { status: number; headers: Headers }> = (
  url: string,
  init: RequestInit,
) => Promise<R>;

export interface InvalidRequestBrakeOptions {
  /** The most invalid answers (401, 403, 429 outside a shared limit) allowed in any window. */
  budget: number;
  windowMs?: number;
  /** Monotonic milliseconds. */
  now?: () => number;
  /** Told once each time the brake starts holding requests back. */
  onHold?: (info: { invalid: number; budget: number; windowMs: number }) => void;
}

/** The invalid answers Discord counts toward its ban: 401, 403, and 429 unless the limit is a shared one. */
export function isInvalidAnswer(status: number, headers: Headers): boolean {
  if (status === 401 || status === 403) return true;
  return status === 429 && headers.get('x-ratelimit-scope') !== 'shared';
}

/**
 * Keeps the process under Discord's invalid-request limit whatever Discord answers: discord.js
 * waits out each route's Retry-After, but a storm over many channels at once still adds up (20
 * channels refused once a second is 12,000 in 10 minutes). A request may start only while the
 * invalid answers of the last window plus the requests in flight (each may come back invalid) stay
 * under the budget; otherwise it waits until the oldest invalid answer leaves the window, or until
 * discord.js's own request timeout aborts it (discord.js then retries or reports the failure, and
 * the digest is retried later).
 */
export function createInvalidRequestBrake(options: InvalidRequestBrakeOptions) {
  const { budget, windowMs = INVALID_REQUEST_WINDOW_MS, now = () => performance.now(), onHold } = options;
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError('the invalid-request budget must be at least 1');
  /** When each invalid answer of the window came, oldest first. */
  const invalid: number[] = [];
  let inFlight = 0;
  /** Requests waiting for the budget: the hold is over (and told again next time) when none is left. */
  let waiting = 0;

  const prune = (t: number) => {
    while (invalid.length > 0 && (invalid[0] as number) <= t - windowMs) invalid.shift();
  };

  async function admit(signal: AbortSignal | null | undefined): Promise<void> {
    prune(now());
    if (waiting === 0 && invalid.length + inFlight < budget) {
      inFlight++;
      return;
    }
    if (waiting === 0) onHold?.({ invalid: invalid.length, budget, windowMs });
    waiting++;
    try {
      for (;;) {
        const t = now();
        prune(t);
        if (invalid.length + inFlight < budget) {
          inFlight++;
          return;
        }
        // Only requests in flight fill the budget: one of them settles soon.
        const waitMs = invalid.length > 0 ? (invalid[0] as number) + windowMs - t : 25;
        await sleep(Math.max(10, Math.min(waitMs, 1000)), signal);
      }
    } finally {
      waiting--;
    }
  }

  return {
    /** discord.js's request function, held back while the budget is spent. */
    wrap<R extends { status: number; headers: Headers }>(makeRequest: MakeRequest<R>): MakeRequest<R> {
      return async (url, init) => {
        await admit(init.signal);
        try {
          const response = await makeRequest(url, init);
          if (isInvalidAnswer(response.status, response.headers)) invalid.push(now());
          return response;
        } finally {
          inFlight--;
        }
      };
    },
    /** Invalid answers in the current window. */
    invalidInWindow(): number {
      prune(now());
      return invalid.length;
    },
  };
}

/** Waits `ms`, or rejects with the signal's reason once it aborts. */
function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

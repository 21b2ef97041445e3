/** A failure to inject: the next `remaining` requests matching `route` get `status`. */
interface FailRule {
  route: RegExp;
  remaining: number;
  status: number;
  retryAfterS: number | undefined;
}

/** A 429 storm: every request matching `route` until `until` (ms, the emulator's clock) is refused. */
interface StormRule {
  route: RegExp;
  until: number;
  retryAfterS: number;
}

/** A slowdown to inject: the next `remaining` requests matching `route` wait `ms` first. */
interface DelayRule {
  route: RegExp;
  remaining: number;
  ms: number;
}

/** A late answer to inject: the request is handled at once, its response waits `ms`. */
interface ResponseDelayRule extends DelayRule {
  /** Matching requests to let through untouched first. */
  skip: number;
}

/** An injected failure for one request. */
export interface Failure {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Faults on demand for REST: failures and delays, each for a number of matching requests. */
export class FaultPlan {
  private readonly failures: FailRule[] = [];
  private readonly storms: StormRule[] = [];
  private readonly delays: DelayRule[] = [];
  private readonly responseDelays: ResponseDelayRule[] = [];

  private readonly refusals: Array<{ route: RegExp; skip: number }> = [];

  /** `now`: the emulator's monotonic clock in ms, which storms are timed by. */
  constructor(private readonly now: () => number) {}

  rateLimitFor(route: RegExp, ms: number, retryAfterS: number): void {
    this.storms.push({ route, until: this.now() + ms, retryAfterS });
  }

  refuseNext(route: RegExp, skip: number): void {
    this.refusals.push({ route, skip });
  }

  failNext(route: RegExp, count: number, status: number, retryAfterS?: number): void {
    this.failures.push({ route, remaining: count, status, retryAfterS });
  }

  delayNext(route: RegExp, count: number, ms: number): void {
    this.delays.push({ route, remaining: count, ms });
  }

  delayResponseNext(route: RegExp, count: number, ms: number, skip = 0): void {
    this.responseDelays.push({ route, remaining: count, ms, skip });
  }

  /** How long to hold this request's response after handling it (0 if not at all). */
  takeResponseDelay(path: string): number {
    const rule = this.responseDelays.find((r) => {
      r.route.lastIndex = 0;
      return r.remaining > 0 && r.route.test(path);
    });
    if (!rule) return 0;
    if (rule.skip > 0) {
      rule.skip -= 1;
      return 0;
    }
    rule.remaining -= 1;
    if (rule.remaining === 0) this.responseDelays.splice(this.responseDelays.indexOf(rule), 1);
    return rule.ms;
  }

  /** The delay for this request (0 if none), using up one count of the first matching rule. */
  takeDelay(path: string): number {
    const rule = take(this.delays, path);
    return rule ? rule.ms : 0;
  }

  /** The failure for this request, if one is planned, using up one count of the first matching rule. */
  takeFailure(path: string): Failure | undefined {
    const refusal = this.refusals.find((r) => {
      r.route.lastIndex = 0;
      return r.route.test(path);
    });
    if (refusal) {
      if (refusal.skip > 0) refusal.skip -= 1;
      else {
        this.refusals.splice(this.refusals.indexOf(refusal), 1);
        return { status: 400, headers: {}, body: { message: 'Invalid Form Body', code: 50035, errors: {} } };
      }
    }
    const now = this.now();
    const storm = this.storms.find((r) => {
      r.route.lastIndex = 0;
      return r.until > now && r.route.test(path);
    });
    if (storm) return tooManyRequests(storm.retryAfterS);
    const rule = take(this.failures, path);
    if (!rule) return undefined;
    // A 429 without Retry-After makes discord.js retry at once, so the header is always there.
    if (rule.status === 429) return tooManyRequests(rule.retryAfterS ?? 1);
    return { status: rule.status, headers: {}, body: { message: `${rule.status}: Server Error`, code: 0 } };
  }
}

/** Discord's answer to a request over a per-route limit: 429, user scope, with Retry-After. */
function tooManyRequests(retryAfterS: number): Failure {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterS), 'X-RateLimit-Scope': 'user' },
    body: { message: 'You are being rate limited.', retry_after: retryAfterS, global: false },
  };
}

function take<T extends { route: RegExp; remaining: number }>(rules: T[], path: string): T | undefined {
  const index = rules.findIndex((rule) => {
    // A /g or /y pattern keeps state between test() calls; start fresh every time.
    rule.route.lastIndex = 0;
    return rule.remaining > 0 && rule.route.test(path);
  });
  const rule = rules[index];
  if (!rule) return undefined;
  rule.remaining -= 1;
  if (rule.remaining === 0) rules.splice(index, 1);
  return rule;
}

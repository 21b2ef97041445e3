/** A failure to inject: the next `remaining` requests matching `route` get `status`. */
interface FailRule {
  route: RegExp;
  remaining: number;
  status: number;
  retryAfterS: number | undefined;
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
  private readonly delays: DelayRule[] = [];
  private readonly responseDelays: ResponseDelayRule[] = [];

  private readonly refusals: Array<{ route: RegExp; skip: number }> = [];

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
    const rule = take(this.failures, path);
    if (!rule) return undefined;
    if (rule.status === 429) {
      // A 429 without Retry-After makes discord.js retry at once, so the header is always there.
      const retryAfter = rule.retryAfterS ?? 1;
      return {
        status: 429,
        headers: { 'Retry-After': String(retryAfter), 'X-RateLimit-Scope': 'user' },
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
      };
    }
    return { status: rule.status, headers: {}, body: { message: `${rule.status}: Server Error`, code: 0 } };
  }
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

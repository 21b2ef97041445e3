import type { BucketRule } from '../rateLimits.ts';

/** What a route handler gets. */
export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** What a route handler answers: a status and a JSON body (none for 204). */
export interface RouteResult {
  status: number;
  body?: unknown;
}

/** One REST route. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path after `/api/v10`, with `:name` parameters, e.g. `/channels/:channelId/messages`. */
  pattern: string;
  /** `bot`: needs `Authorization: Bot <token>`; `none`: the interaction token in the path is the credential. */
  auth: 'bot' | 'none';
  /** Rate-limit bucket (default: a generous per-route one). */
  bucket?: BucketRule;
  /** Interaction endpoints are outside Discord's global limit. */
  exemptFromGlobal?: boolean;
  handle(request: RouteRequest): RouteResult | Promise<RouteResult>;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** A route and the parameters it matched, URL-decoded. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches method and path to the first route registered for them. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.pattern.replace(/:(\w+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      this.routes.push({ route, regex: new RegExp(`^${source}/?$`), names });
    }
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const { route, regex, names } of this.routes) {
      if (route.method !== method) continue;
      const found = regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  }
}

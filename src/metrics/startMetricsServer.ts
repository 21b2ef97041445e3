import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics, MetricsProbe } from './createMetrics.ts';

/** The longest /healthz waits for the store before calling it unavailable. */
const STORE_TIMEOUT_MS = 2000;

/** What /healthz checks beyond the probe: the Discord client as a whole. */
export interface HealthProbe extends MetricsProbe {
  /** True once the client has logged in and every shard is ready. */
  discordReady(): boolean;
}

export interface MetricsServer {
  /** Where it listens, e.g. http://127.0.0.1:9464 (the bound port when 0 was asked for). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `GET /healthz` (200 `{status:"ok"}` when Discord and the store answer, else 503 with the
 * problems) and `GET /metrics` (Prometheus text) on host:port. Nothing else is served.
 */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  metrics: Metrics;
  probe: HealthProbe;
}): Promise<MetricsServer> {
  const { metrics, probe } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      void health(probe).then((problems) => {
        const body = problems.length === 0 ? { status: 'ok' } : { status: 'unavailable', problems };
        res
          .writeHead(problems.length === 0 ? 200 : 503, {
            'content-type': 'application/json',
            'cache-control': 'no-store',
          })
          .end(JSON.stringify(body));
      });
      return;
    }
    if (path === '/metrics') {
      void metrics
        .collect(probe)
        .then(() => metrics.registry.metrics())
        .then(
          (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
          (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
        );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What is wrong, in words an operator can act on; empty when healthy. */
async function health(probe: HealthProbe): Promise<string[]> {
  const problems: string[] = [];
  if (!probe.discordReady()) problems.push('discord: the client is not logged in and ready');
  const down = probe.shards().filter((s) => !s.up);
  if (down.length > 0) problems.push(`discord: gateway shard ${down.map((s) => s.id).join(', ')} not connected`);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.pingStore(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    problems.push(`store: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  return problems;
}

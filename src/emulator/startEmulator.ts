import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ChangeFeed } from './changes.ts';
import type { EmulatorContext } from './context.ts';
import { createEmulatorApi } from './emulatorApi.ts';
import { FaultPlan } from './faults.ts';
import { Gateway } from './gateway/Gateway.ts';
import { createRequestHandler, type RequestLog } from './http/handleRequest.ts';
import { Router } from './http/router.ts';
import { InteractionRegistry } from './interactions/InteractionRegistry.ts';
import { RateLimiter } from './rateLimits.ts';
import { registerRoutes } from './routes/index.ts';
import { createSnowflakes } from './snowflake.ts';
import { EmulatorState } from './state/EmulatorState.ts';
import type { Emulator, EmulatorOptions } from './types.ts';

export type * from './types.ts';

/**
 * Starts a local Discord API: REST under `http://127.0.0.1:PORT/api` and a WebSocket gateway on the
 * same port, faithful enough for the unmodified discord.js client. Point the client at it with
 * `rest: { api: emulator.apiUrl }` and log in with `emulator.token`; `close()` when done.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const shards = options.shards ?? 1;
  if (!Number.isInteger(shards) || shards < 1)
    throw new Error(`emulator: shards must be a positive integer, got ${shards}`);
  const clock = options.clock ?? (() => new Date());
  const state = new EmulatorState(
    createSnowflakes(() => clock().getTime()),
    shards,
    clock,
  );
  const token = `${Buffer.from(state.bot.id).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
  let port = 0;
  const gatewayUrl = () => `ws://127.0.0.1:${port}`;
  const gateway = new Gateway({
    state,
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    resumeUrl: gatewayUrl,
    logger: options.logger,
  });
  const now = () => performance.now();
  const ctx: EmulatorContext = {
    state,
    gateway,
    interactions: new InteractionRegistry(),
    token,
    shards,
    gatewayUrl,
    now,
    logger: options.logger,
    nonceMemoryMs: options.nonceMemoryMs ?? 5 * 60_000,
    changes: new ChangeFeed(),
  };

  const router = new Router();
  registerRoutes(router, ctx);
  const faults = new FaultPlan(now);
  const log: RequestLog = { requests: [], invalid: 0 };
  const limiter = new RateLimiter(options.rateLimits ?? 'off');
  const server = createServer(
    createRequestHandler({
      router,
      limiter,
      faults,
      token,
      log,
      now,
      logger: options.logger,
      attachment: ([channelId = '', attachmentId = '']) => state.attachment(channelId, attachmentId),
    }),
  );
  server.on('upgrade', (request, socket, head) => gateway.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      ctx.interactions.close();
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };

  return createEmulatorApi(ctx, {
    apiUrl: `http://127.0.0.1:${port}/api`,
    deadlineMs: options.interactionDeadlineMs ?? 3000,
    faults,
    log,
    close,
  });
}

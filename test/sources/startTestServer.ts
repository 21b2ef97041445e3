import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  /** performance.now() when the request reached the server. */
  at: number;
}

export interface TestServer {
  baseUrl: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export type TestHandler = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest, index: number) => void;

/** A real HTTP server on 127.0.0.1, port chosen by the OS, recording every request it gets. */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const received = { path: url.pathname, query: url.searchParams, at: performance.now() };
    requests.push(received);
    handler(req, res, received, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Slow-response tests leave sockets hanging on purpose; end them so close() returns.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Sends a body with a status and content type. */
export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/** A sleep that records what it was asked for and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
}

/**
 * For a test file: `serve(handler)` starts a server that is closed after each test.
 * Call at module level (it registers an `afterEach`).
 */
export function useTestServer(): (handler: TestHandler) => Promise<TestServer> {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return async (handler) => {
    server = await startTestServer(handler);
    return server;
  };
}

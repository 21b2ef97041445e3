import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Emulator, InteractionHandle } from '../emulator/types.ts';
import { describeMessage } from './describeMessage.ts';

/** What the page shows and acts on: the emulated server, its members and the clock control. */
export interface SandboxWorld {
  emu: Emulator;
  guild: { id: string; name: string };
  channels: ReadonlyArray<{ id: string; name: string; topic: string }>;
  /** The simulated members; an admin has Manage Server (and so sees /digest). */
  members: ReadonlyArray<{ id: string; name: string; note: string; admin: boolean }>;
  now(): Date;
  /** "today": today's digest time (if still ahead), then the digest job; "tomorrow": tomorrow's. */
  moveClock(action: 'today' | 'tomorrow'): Promise<Date>;
  digestTime: string;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/sandbox.css': { file: 'sandbox.css', type: 'text/css; charset=utf-8' },
  '/sandbox.js': { file: 'sandbox.js', type: 'text/javascript; charset=utf-8' },
  '/markdown.js': { file: 'markdown.js', type: 'text/javascript; charset=utf-8' },
};

/** Nothing the page loads may come from elsewhere: pictures in embeds from the web stay out. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const where = { as: z.string(), channel: z.string() };
const commandBody = z.object({ ...where, name: z.string(), options: z.array(z.unknown()), label: z.string().max(300) });
const autocompleteBody = z.object({ ...where, name: z.string(), options: z.array(z.unknown()) });
const buttonBody = z.object({ ...where, message: z.string(), customId: z.string() });
const reactionBody = z.object({ ...where, message: z.string(), emoji: z.string().min(1).max(64), add: z.boolean() });
const clockBody = z.object({ action: z.enum(['today', 'tomorrow']) });

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The page's server on 127.0.0.1: static files, the state as JSON, a server-sent event per change,
 * and one POST per member action, each turned into the emulator's own action (a member runs a
 * command, clicks, reacts), so the bot sees what it would see from Discord.
 */
export function createSandboxServer(world: SandboxWorld, publicDir: URL): Server {
  const { emu } = world;
  const files = new Map(Object.entries(STATIC).map(([path, f]) => [path, readFileSync(new URL(f.file, publicDir))]));
  const commandLabels = new Map<string, string>();
  const names = new Map(world.members.map((m) => [m.id, m.name]));
  names.set(emu.botUserId, 'Paperboy');
  const member = (id: string) => {
    if (!world.members.some((m) => m.id === id)) throw new HttpError(400, `unknown member ${id}`);
    return id;
  };
  const channel = (id: string) => {
    if (!world.channels.some((c) => c.id === id)) throw new HttpError(400, `unknown channel ${id}`);
    return id;
  };
  const spec = (body: { as: string; channel: string }) => ({
    guildId: world.guild.id,
    channelId: channel(body.channel),
    userId: member(body.as),
  });

  const api: Record<string, (url: URL, body: unknown, res: ServerResponse) => Promise<unknown> | unknown> = {
    'GET /api/state': () => ({
      guild: world.guild,
      channels: world.channels,
      members: world.members,
      botId: emu.botUserId,
      commands: emu.commands(world.guild.id),
      now: world.now().toISOString(),
      digestTime: world.digestTime,
    }),
    'GET /api/messages': (url) => {
      const viewerId = member(url.searchParams.get('as') ?? '');
      const messages = emu.visibleMessages(channel(url.searchParams.get('channel') ?? ''), viewerId);
      return messages.map((m) =>
        describeMessage(m, {
          viewerId,
          userName: (id) => names.get(id) ?? id,
          commandOf: (id) => commandLabels.get(id),
        }),
      );
    },
    'GET /api/events': (_url, _body, res) => streamChanges(world, res),
    'POST /api/command': async (_url, raw) => {
      const body = commandBody.parse(raw);
      const handle = emu.runCommand({ ...spec(body), name: body.name, options: body.options });
      commandLabels.set(handle.id, body.label);
      return answered(handle);
    },
    'POST /api/autocomplete': async (_url, raw) => {
      const body = autocompleteBody.parse(raw);
      const handle = emu.autocomplete({ ...spec(body), name: body.name, options: body.options });
      const response = await handle.firstResponse().catch(() => undefined);
      return { choices: (response?.data?.choices as unknown[] | undefined) ?? [] };
    },
    'POST /api/button': async (_url, raw) => {
      const body = buttonBody.parse(raw);
      return answered(emu.clickButton({ ...spec(body), messageId: body.message, customId: body.customId }));
    },
    'POST /api/reaction': (_url, raw) => {
      const body = reactionBody.parse(raw);
      const where = spec(body);
      if (body.add) emu.react(where.userId, where.channelId, body.message, body.emoji);
      else emu.unreact(where.userId, where.channelId, body.message, body.emoji);
      return { ok: true };
    },
    'POST /api/clock': async (_url, raw) => {
      const now = await world.moveClock(clockBody.parse(raw).action);
      return { now: now.toISOString() };
    },
  };

  return createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof z.ZodError ? 400 : 500;
      const message = error instanceof z.ZodError ? 'malformed request' : (error as Error).message;
      if (!res.headersSent) send(res, status, { error: message });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Another site open in the same browser may send requests here: only this page's own
    // address (no DNS rebinding) and JSON bodies (no cross-site form posts) are answered.
    if (!/^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(req.headers.host ?? '')) throw new HttpError(421, 'wrong host');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = req.method === 'GET' ? files.get(url.pathname) : undefined;
    const type = STATIC[url.pathname]?.type;
    if (file && type) {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...SECURITY_HEADERS }).end(file);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/attachments/')) {
      serveAttachment(url.pathname.split('/').slice(2), res);
      return;
    }
    const route = api[`${req.method} ${url.pathname}`];
    if (!route) throw new HttpError(404, 'not found');
    let body: unknown;
    if (req.method === 'POST') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'JSON only');
      body = JSON.parse((await readBody(req)) || 'null');
    }
    const result = await route(url, body, res);
    if (result !== undefined) send(res, 200, result);
  }

  function serveAttachment([channelId = '', messageId = '', attachmentId = '']: string[], res: ServerResponse): void {
    const message = emu.messages(channel(channelId)).find((m) => m.id === messageId);
    const file = message?.attachments.find((a) => a.id === attachmentId);
    if (!file) throw new HttpError(404, 'no such file');
    res.writeHead(200, { 'content-type': file.contentType, ...SECURITY_HEADERS }).end(file.data);
  }
}

/** Waits for the bot's first answer: Discord's "did not respond" after its 3 s is the page's too. */
async function answered(handle: InteractionHandle): Promise<unknown> {
  try {
    const response = await handle.firstResponse();
    return { ok: true, type: response.type };
  } catch {
    return { ok: false, error: 'The application did not respond' };
  }
}

/** One `change` event per change to what the page may show, and `clock` ticks every few seconds. */
function streamChanges(world: SandboxWorld, res: ServerResponse): undefined {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  const stop = world.emu.onChange((change) => {
    if (change.guildId === world.guild.id) res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
  });
  const tick = setInterval(
    () => res.write(`event: clock\ndata: ${JSON.stringify(world.now().toISOString())}\n\n`),
    5000,
  );
  res.on('close', () => {
    stop();
    clearInterval(tick);
  });
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 64_000) reject(new HttpError(413, 'too large'));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

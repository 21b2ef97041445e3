import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { shardOf } from '../snowflake.ts';
import type { GatewayShardState } from '../types.ts';
import { identify, resume } from './handshake.ts';
import { wantsEvent } from './intents.ts';
import {
  CloseCode,
  type Connection,
  closeWith,
  type GatewayCore,
  type GatewayDeps,
  Op,
  type ShardCounters,
  sendOp,
} from './protocol.ts';
import type { Session } from './Session.ts';

export type { GatewayDeps };

const frameSchema = z.looseObject({ op: z.number().int(), d: z.unknown() });
/** Presence, voice state, member requests and the like: accepted and ignored. */
const IGNORED_OPS = new Set([3, 4, 8, 31, 37]);

/** The WebSocket gateway: HELLO, heartbeats, IDENTIFY → READY → GUILD_CREATE, RESUME, dispatch, faults. */
export class Gateway implements GatewayCore {
  readonly connections = new Set<Connection>();
  readonly sessions = new Map<string, Session>();
  private readonly counters = new Map<number, ShardCounters>();
  private readonly server = new WebSocketServer({ noServer: true });

  constructor(readonly deps: GatewayDeps) {}

  /** Takes over an HTTP upgrade request; any path is the gateway. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  /** Sends an event to every session whose shard holds the guild and whose intents ask for it. */
  dispatchToGuild(guildId: string, event: string, data: unknown): void {
    for (const session of this.sessions.values()) {
      if (shardOf(guildId, session.shardCount) === session.shardId && wantsEvent(session.intents, event)) {
        session.dispatch(event, data);
      }
    }
    this.deps.logger?.debug({ event, guildId }, 'emulator gateway dispatch');
  }

  /** Closes the shard's sockets with `code`, or drops them when a server cannot send that code (1006…). */
  closeShard(shard: number, code: number): void {
    for (const connection of this.connectionsOn(shard)) {
      connection.closedByServer = true;
      if (isSendableCloseCode(code)) connection.socket.close(code);
      else connection.socket.terminate();
    }
  }

  /** Sends a bare opcode (7 or 9) to the shard's live connections. */
  sendOp(shard: number, op: number, data: unknown): void {
    for (const connection of this.connectionsOn(shard)) sendOp(connection, op, data);
  }

  /** Sends op 9; a non-resumable one also forgets the shard's sessions, as Discord would. */
  invalidateSessions(shard: number, resumable: boolean): void {
    this.sendOp(shard, Op.InvalidSession, resumable);
    if (resumable) return;
    for (const session of [...this.sessions.values()]) {
      if (session.shardId === shard) this.sessions.delete(session.id);
    }
  }

  /** Per shard (0 … max(shardCount, seen) - 1): connected, identifies, resumes, heartbeats. */
  shardStates(shardCount: number): GatewayShardState[] {
    const highest = Math.max(shardCount - 1, ...this.counters.keys());
    return Array.from({ length: highest + 1 }, (_, shard) => {
      const counters = this.counters.get(shard) ?? { identifies: 0, resumes: 0, heartbeats: 0 };
      const connected = [...this.sessions.values()].some((s) => s.shardId === shard && s.connected);
      return { shard, connected, ...counters };
    });
  }

  countersOf(shard: number): ShardCounters {
    let counters = this.counters.get(shard);
    if (!counters) {
      counters = { identifies: 0, resumes: 0, heartbeats: 0 };
      this.counters.set(shard, counters);
    }
    return counters;
  }

  /** Drops every socket and forgets every session. */
  async close(): Promise<void> {
    for (const connection of this.connections) {
      connection.closedByServer = true;
      connection.socket.terminate();
    }
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const connection: Connection = { socket, session: undefined, closedByServer: false };
    this.connections.add(connection);
    socket.on('message', (raw) => {
      try {
        this.onFrame(connection, raw);
      } catch (error) {
        // A bug here must not take the test process down from inside ws: report it and drop to 4000.
        this.deps.logger?.error({ err: error }, 'emulator gateway failed on a frame');
        connection.socket.close(4000, 'Unknown error.');
      }
    });
    socket.on('close', (code) => this.onClose(connection, code));
    socket.on('error', (error) => this.deps.logger?.debug({ err: error }, 'emulator gateway socket error'));
    sendOp(connection, Op.Hello, { heartbeat_interval: this.deps.heartbeatIntervalMs });
  }

  private onFrame(connection: Connection, raw: RawData): void {
    const frame = frameSchema.safeParse(parseJson(raw));
    if (!frame.success) {
      closeWith(connection, CloseCode.DecodeError);
      return;
    }
    const { op, d } = frame.data;
    if (op === Op.Heartbeat) {
      if (connection.session) this.countersOf(connection.session.shardId).heartbeats += 1;
      sendOp(connection, Op.Ack, null);
    } else if (op === Op.Identify) {
      identify(this, connection, d);
    } else if (op === Op.Resume) {
      resume(this, connection, d);
    } else if (!connection.session) {
      closeWith(connection, CloseCode.NotAuthenticated);
    } else if (!IGNORED_OPS.has(op)) {
      closeWith(connection, CloseCode.UnknownOpcode);
    }
  }

  private onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    const session = connection.session;
    if (!session) return;
    if (session.socket === connection.socket) session.socket = undefined;
    // A client that closes with 1000 or 1001 ends its session for good; any other close leaves it resumable.
    if (!connection.closedByServer && (code === 1000 || code === 1001)) this.sessions.delete(session.id);
  }

  private connectionsOn(shard: number): Connection[] {
    return [...this.connections].filter((c) => c.session?.shardId === shard && c.session.socket === c.socket);
  }
}

function parseJson(raw: RawData): unknown {
  const buffer = Array.isArray(raw)
    ? Buffer.concat(raw)
    : Buffer.isBuffer(raw)
      ? raw
      : Buffer.from(new Uint8Array(raw));
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Codes a server may put in a close frame: 1000–1003, 1007–1014 and 3000–4999. */
function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

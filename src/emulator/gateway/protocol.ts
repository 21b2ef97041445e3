import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { EmulatorState } from '../state/EmulatorState.ts';
import type { Session } from './Session.ts';

/** Gateway opcodes the emulator speaks. */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Resume: 6,
  Reconnect: 7,
  InvalidSession: 9,
  Hello: 10,
  Ack: 11,
} as const;

/** Close codes the emulator sends, with Discord's reasons. */
export const CloseCode = {
  UnknownOpcode: [4001, 'Unknown opcode.'],
  DecodeError: [4002, 'Error while decoding payload.'],
  NotAuthenticated: [4003, 'Not authenticated.'],
  AuthenticationFailed: [4004, 'Authentication failed.'],
  AlreadyAuthenticated: [4005, 'Already authenticated.'],
  InvalidShard: [4010, 'Invalid shard.'],
} as const satisfies Record<string, readonly [number, string]>;

/** What the gateway needs from the rest of the emulator. */
export interface GatewayDeps {
  state: EmulatorState;
  token: string;
  heartbeatIntervalMs: number;
  /** The address handed out as `resume_gateway_url`. */
  resumeUrl: () => string;
  logger?: Logger;
}

/** One WebSocket and the session it carries, once it identified or resumed. */
export interface Connection {
  socket: WebSocket;
  session: Session | undefined;
  /** Set when the emulator closed it, so a 1000 from us does not count as the client ending its session. */
  closedByServer: boolean;
}

/** Per-shard counters for `gatewayState()`. */
export interface ShardCounters {
  identifies: number;
  resumes: number;
  heartbeats: number;
}

/** The gateway's shared bookkeeping, for the handshake handlers. */
export interface GatewayCore {
  readonly deps: GatewayDeps;
  readonly connections: Set<Connection>;
  readonly sessions: Map<string, Session>;
  countersOf(shard: number): ShardCounters;
}

/** Sends a non-dispatch payload. */
export function sendOp(connection: Connection, op: number, data: unknown): void {
  connection.socket.send(JSON.stringify({ op, d: data, s: null, t: null }));
}

/** Closes with one of Discord's close codes. */
export function closeWith(connection: Connection, [code, reason]: readonly [number, string]): void {
  connection.socket.close(code, reason);
}

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { toApiGuild } from '../state/serialize.ts';
import { CloseCode, type Connection, closeWith, type GatewayCore, Op, sendOp } from './protocol.ts';
import { buildReady, guildsOnShard } from './readyPayload.ts';
import { Session } from './Session.ts';

const identifySchema = z.looseObject({
  token: z.string(),
  intents: z.number().int().optional(),
  shard: z.tuple([z.number().int(), z.number().int()]).optional(),
});
const resumeSchema = z.looseObject({ token: z.string(), session_id: z.string(), seq: z.number().int().nullable() });

type Refusal = (typeof CloseCode)[keyof typeof CloseCode];

interface Identity {
  shardId: number;
  shardCount: number;
  intents: number;
}

/** The identity an IDENTIFY claims, or the close code it earns. */
function checkIdentify(core: GatewayCore, connection: Connection, data: unknown): Identity | Refusal {
  const parsed = identifySchema.safeParse(data);
  if (!parsed.success) return CloseCode.DecodeError;
  if (connection.session) return CloseCode.AlreadyAuthenticated;
  if (stripBot(parsed.data.token) !== core.deps.token) return CloseCode.AuthenticationFailed;
  const [shardId, shardCount] = parsed.data.shard ?? [0, 1];
  if (shardCount < 1 || shardId < 0 || shardId >= shardCount) return CloseCode.InvalidShard;
  // Discord requires intents; a client that sends none gets only ungated events.
  return { shardId, shardCount, intents: parsed.data.intents ?? 0 };
}

/** IDENTIFY: checks token and shard, opens a session, sends READY then one GUILD_CREATE per guild of the shard. */
export function identify(core: GatewayCore, connection: Connection, data: unknown): void {
  const identity = checkIdentify(core, connection, data);
  if (!('shardId' in identity)) {
    closeWith(connection, identity);
    return;
  }
  const { shardId, shardCount, intents } = identity;
  // A new IDENTIFY for a shard abandons its old, disconnected sessions: nobody will resume them.
  for (const old of [...core.sessions.values()]) {
    if (old.shardId === shardId && !old.connected) core.sessions.delete(old.id);
  }
  const session = new Session(randomBytes(16).toString('hex'), shardId, shardCount, intents);
  core.sessions.set(session.id, session);
  session.socket = connection.socket;
  connection.session = session;
  core.countersOf(shardId).identifies += 1;

  const { state } = core.deps;
  const guilds = guildsOnShard(state, shardId, shardCount);
  session.dispatch('READY', buildReady(state, session, core.deps.resumeUrl(), guilds));
  for (const guild of guilds) session.dispatch('GUILD_CREATE', toApiGuild(guild, state, true));
  core.deps.logger?.debug({ shardId, shardCount, guilds: guilds.length }, 'emulator gateway identified');
}

/** RESUME: replays what the session missed, then RESUMED; op 9 (not resumable) for an unknown session. */
export function resume(core: GatewayCore, connection: Connection, data: unknown): void {
  const parsed = resumeSchema.safeParse(data);
  if (!parsed.success || stripBot(parsed.data.token) !== core.deps.token) {
    closeWith(connection, parsed.success ? CloseCode.AuthenticationFailed : CloseCode.DecodeError);
    return;
  }
  const session = core.sessions.get(parsed.data.session_id);
  const seq = parsed.data.seq ?? 0;
  const ownsOther = connection.session !== undefined && connection.session !== session;
  if (!session || ownsOther || !session.canReplayFrom(seq)) {
    sendOp(connection, Op.InvalidSession, false);
    return;
  }

  // Discord keeps one socket per session: a resume elsewhere replaces the old one.
  for (const previous of core.connections) {
    if (previous.session !== session || previous === connection) continue;
    previous.session = undefined;
    previous.closedByServer = true;
    previous.socket.terminate();
  }
  session.socket = connection.socket;
  connection.session = session;
  const replayed = session.replayFrom(seq);
  session.dispatch('RESUMED', { _trace: ['paperboy-emulator'] });
  core.countersOf(session.shardId).resumes += 1;
  core.deps.logger?.debug({ shardId: session.shardId, replayed }, 'emulator gateway resumed');
}

function stripBot(token: string): string {
  return token.replace(/^Bot\s+/i, '');
}

import { shardOf } from '../snowflake.ts';
import type { EmulatorState } from '../state/EmulatorState.ts';
import type { GuildState } from '../state/model.ts';
import { toApiUser } from '../state/serialize.ts';
import type { Session } from './Session.ts';

/** The guilds a shard of `count` carries. */
export function guildsOnShard(state: EmulatorState, shardId: number, count: number): GuildState[] {
  return [...state.guilds.values()].filter((guild) => shardOf(guild.id, count) === shardId);
}

/** READY: the fields discord.js needs, guilds listed as unavailable until their GUILD_CREATE. */
export function buildReady(
  state: EmulatorState,
  session: Session,
  resumeGatewayUrl: string,
  guilds: GuildState[],
): Record<string, unknown> {
  return {
    v: 10,
    user: { ...toApiUser(state.bot), verified: true, mfa_enabled: false, flags: 0 },
    guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
    session_id: session.id,
    session_type: 'normal',
    resume_gateway_url: resumeGatewayUrl,
    shard: [session.shardId, session.shardCount],
    application: { id: state.bot.id, flags: 0 },
    private_channels: [],
    presences: [],
    relationships: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    user_settings: {},
    _trace: ['paperboy-emulator'],
  };
}

/** Discord's epoch (2015-01-01T00:00:00Z): snowflake timestamps count from here. */
const DISCORD_EPOCH = 1420070400000n;
const WORKER_AND_PROCESS = 1n << 17n;

/** Makes Discord-style snowflake ids that always increase. */
export interface Snowflakes {
  /** A fresh id. */
  next(): string;
  /**
   * A fresh id that lands on `shard` of `count`, i.e. `(id >> 22) % count === shard`: guild ids made
   * this way spread over the shards instead of piling onto the one the current millisecond picks.
   */
  onShard(shard: number, count: number): string;
}

/** Snowflakes stamped with the wall clock, bumped forward whenever two would collide. */
export function createSnowflakes(clock: () => number = Date.now): Snowflakes {
  let lastStamp = -1n;
  let increment = 0n;

  const make = (stamp: bigint): string => {
    if (stamp === lastStamp) {
      increment += 1n;
    } else {
      lastStamp = stamp;
      increment = 0n;
    }
    return ((stamp << 22n) | WORKER_AND_PROCESS | increment).toString();
  };
  const now = () => BigInt(clock()) - DISCORD_EPOCH;

  return {
    next() {
      let stamp = now() > lastStamp ? now() : lastStamp;
      // The increment has 12 bits; past that, borrow the next millisecond rather than wrap.
      if (stamp === lastStamp && increment >= 4095n) stamp += 1n;
      return make(stamp);
    },
    onShard(shard, count) {
      const shards = BigInt(count);
      let stamp = now() > lastStamp ? now() : lastStamp + 1n;
      while (stamp % shards !== BigInt(shard)) stamp += 1n;
      return make(stamp);
    },
  };
}

/** The shard a guild lives on: `(guildId >> 22) % shardCount`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/loadConfig.ts';
import { startEmulator } from '../../src/emulator/startEmulator.ts';
import { recommendedShards } from '../../src/sharding/runShardManager.ts';

describe('SHARDS', () => {
  it('is unset by default (one process), auto, or a positive count', () => {
    expect(loadConfig({}).SHARDS).toBeUndefined();
    expect(loadConfig({ SHARDS: 'auto' }).SHARDS).toBe('auto');
    expect(loadConfig({ SHARDS: '4' }).SHARDS).toBe(4);
    for (const bad of ['0', '-1', 'two', '1.5']) expect(() => loadConfig({ SHARDS: bad })).toThrow(ConfigError);
  });

  it('is ignored in a shard process, where discord.js sets SHARDS to the shard ids and SHARD_COUNT', () => {
    expect(loadConfig({ SHARDS: '0', SHARD_COUNT: '3' }).SHARDS).toBeUndefined();
    expect(loadConfig({ SHARDS: '[1]', SHARD_COUNT: '3' }).SHARDS).toBeUndefined();
  });

  it('auto asks the configured API for the count, not discord.com', async () => {
    const emu = await startEmulator({ shards: 5 });
    try {
      expect(await recommendedShards(emu.token, emu.apiUrl)).toBe(5);
      await expect(recommendedShards('not-the-token', emu.apiUrl)).rejects.toThrow(/401/);
    } finally {
      await emu.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/loadConfig.ts';
import { StoreUrlError } from '../../src/store/openStore.ts';
import { parseRedisUrl } from '../../src/store/redisStore.ts';

describe('STORE_URL=redis://', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'redis://127.0.0.1:6379/2',
    'redis://user:p%40ss@redis.internal:6380/0',
    'redis://:secret@localhost',
    'rediss://cache.example.com:6380/1?prefix=paperboy-prod',
  ])('accepts %s', (url) => {
    expect(loadConfig({ STORE_URL: url }).STORE_URL).toBe(url);
  });

  it.each([
    'redis://',
    'redis://host:6379/db',
    'redis://host:port',
    'redis://host:6379/0?db=1',
    'mongodb://host:27017',
  ])('refuses %s in one line naming the forms', (url) => {
    expect(() => loadConfig({ STORE_URL: url })).toThrow(ConfigError);
    expect(() => loadConfig({ STORE_URL: url })).toThrow(/STORE_URL: must be sqlite:\/\/<path>, redis:\/\//);
  });

  it('describes the server without credentials and passes the client no prefix', () => {
    expect(parseRedisUrl('redis://admin:hunter2@10.0.0.5:6380/3?prefix=bot-a')).toEqual({
      clientUrl: 'redis://admin:hunter2@10.0.0.5:6380/3',
      prefix: 'bot-a',
      description: 'redis://10.0.0.5:6380/3?prefix=bot-a',
    });
    expect(parseRedisUrl('redis://127.0.0.1:6379').description).toBe('redis://127.0.0.1:6379');
  });

  it('refuses a prefix that could reach into other keys, and a database that is not a number', () => {
    expect(() => parseRedisUrl('redis://h:1/0?prefix=a*b')).toThrow(StoreUrlError);
    expect(() => parseRedisUrl('redis://h:1/zero')).toThrow(StoreUrlError);
  });
});

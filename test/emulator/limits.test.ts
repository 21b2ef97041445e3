import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/emulator/apiError.ts';
import { parseChoices, parseMessagePayload } from '../../src/emulator/limits.ts';
import { createSnowflakes, shardOf } from '../../src/emulator/snowflake.ts';

const x = (n: number) => 'x'.repeat(n);
const field = (name: number, value: number) => ({ name: x(name), value: x(value) });
const row = (customId = 'a') => ({ type: 1, components: [{ type: 2, style: 1, label: 'b', custom_id: customId }] });

function errorOf(run: () => unknown): { code: number; errors: unknown } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { code: error.code, errors: error.errors };
  }
}

describe('message limits', () => {
  it.each([
    ['content of 2001', { content: x(2001) }, { content: {} }],
    ['11 embeds', { embeds: Array.from({ length: 11 }, () => ({ title: 'a' })) }, { embeds: {} }],
    ['title of 257', { embeds: [{ title: x(257) }] }, { embeds: { 0: { title: {} } } }],
    ['description of 4097', { embeds: [{ description: x(4097) }] }, { embeds: { 0: { description: {} } } }],
    [
      '26 fields',
      { embeds: [{ fields: Array.from({ length: 26 }, () => field(1, 1)) }] },
      { embeds: { 0: { fields: {} } } },
    ],
    [
      'field name of 257',
      { embeds: [{ fields: [field(257, 1)] }] },
      { embeds: { 0: { fields: { 0: { name: {} } } } } },
    ],
    [
      'field value of 1025',
      { embeds: [{ fields: [field(1, 1025)] }] },
      { embeds: { 0: { fields: { 0: { value: {} } } } } },
    ],
    ['footer of 2049', { embeds: [{ footer: { text: x(2049) } }] }, { embeds: { 0: { footer: { text: {} } } } }],
    ['author name of 257', { embeds: [{ author: { name: x(257) } }] }, { embeds: { 0: { author: { name: {} } } } }],
    [
      '6001 characters over two embeds',
      { embeds: [{ description: x(4000) }, { description: x(2001) }] },
      { embeds: {} },
    ],
    [
      'custom_id of 101',
      { components: [row(x(101))] },
      { components: { 0: { components: { 0: { custom_id: {} } } } } },
    ],
    ['6 action rows', { components: Array.from({ length: 6 }, () => row()) }, { components: {} }],
  ])('refuses %s with 50035 at the right path', (_, payload, path) => {
    const error = errorOf(() => parseMessagePayload(payload));
    expect(error?.code).toBe(50035);
    expect(error?.errors).toMatchObject(path);
  });

  it('accepts a message exactly at the limits', () => {
    const embed = { title: x(256), description: x(4096), footer: { text: x(1000) }, author: { name: x(256) } };
    expect(errorOf(() => parseMessagePayload({ content: x(2000), embeds: [embed], components: [row(x(100))] }))).toBe(
      undefined,
    );
  });

  it('puts callback errors under data, as Discord does', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: `v${i}` }));
    expect(errorOf(() => parseChoices({ choices }))?.errors).toMatchObject({ data: { choices: {} } });
    expect(errorOf(() => parseChoices({ choices: choices.slice(0, 25) }))).toBe(undefined);
  });
});

describe('snowflakes', () => {
  it('always increase, and onShard lands where asked', () => {
    const ids = createSnowflakes(() => 1_700_000_000_000);
    const made = [ids.next(), ids.onShard(1, 3), ids.next(), ids.onShard(0, 3), ids.onShard(2, 3)];
    const sorted = [...made].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(made).toEqual(sorted);
    expect(new Set(made).size).toBe(made.length);
    expect([shardOf(made[1] ?? '', 3), shardOf(made[3] ?? '', 3), shardOf(made[4] ?? '', 3)]).toEqual([1, 0, 2]);
  });
});

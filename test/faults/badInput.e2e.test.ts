import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import type { InteractionHandle, MessageRecord } from '../../src/emulator/types.ts';
import { NAMESPACES, openStore, type Store } from '../../src/store/openStore.ts';
import { DigestHarness, type TestServer } from '../support/digestHarness.ts';

/**
 * Issue 8's bad-input sweep: every option of every slash command — read from the command
 * definitions, so a new option is swept without touching this file — is fed the inputs below
 * through the real discord.js bot and the local emulator. Whatever the input, the bot answers
 * (never with the generic error), cannot ping, and a refusal is private, short and changes
 * nothing: not the store, not a channel.
 */

const { String: STRING, Integer: INTEGER, Boolean: BOOLEAN, Channel: CHANNEL } = ApplicationCommandOptionType;
const EPHEMERAL = 64;
/** Callback types: 4 reply, 5 deferred reply, 8 autocomplete result. */
const REPLY = 4;
const DEFERRED = 5;

/** What members can type into a string option, the worst of it. */
const STRING_INPUTS: ReadonlyArray<readonly [string, string]> = [
  ['5,999 chars', 'a'.repeat(5999)],
  ['6,000 chars', 'a'.repeat(6000)],
  ['6,001 chars', 'b'.repeat(6001)],
  ['6,000 chars of emoji', '😀'.repeat(3000)],
  ['empty', ''],
  ['whitespace only', ' \t\n\u00a0\u3000 '],
  ['RTL override', '\u202Egnp.exe\u202C'],
  ['bidi controls', '\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u202A\u202B\u202D'],
  ['zero-width only', '\u200B\u200D\uFEFF'],
  ['zero-width inside a word', 'rein\u200Bforce\uFEFFment-learn\u200Ding'],
  ['emoji', '😀'],
  ['ZWJ emoji sequence', '👨‍👩‍👧‍👦'],
  ['flag and skin tone', '🏳️‍🌈👍🏽'],
  ['NUL', 'a\u0000b'],
  ['control chars', '\u0001\u0007\u001b[31m\u007f\u0085\u2028'],
  ['lone surrogate', 'x\uD800y'],
  ['bold, spoiler, code', '**bold** ||spoiler|| `code` ~~gone~~ __under__'],
  ['masked link', '[link](http://evil.example)'],
  ['heading', '# Heading\n> quote\n-# small'],
  ['@everyone', '@everyone'],
  ['@here', '@here'],
  ['user mention', '<@123>'],
  ['user mention, nickname form', '<@!123456789012345678>'],
  ['role mention', '<@&123>'],
  ['channel mention', '<#123>'],
  ['command mention', '</digest set:123456789012345678>'],
  ['URL of another site', 'https://evil.example/abs/2401.00001'],
  ['javascript: URL', 'javascript:alert(1)'],
  ['id of the wrong shape', '2401.1'],
  ['path traversal', '../../etc/passwd'],
  ['20-digit number', '99999999999999999999'],
];

/** Values a channel option can carry that are no channel of this server one may post in. */
type ChannelInput = readonly [string, (s: Servers) => string];
const CHANNEL_INPUTS: readonly ChannelInput[] = [
  ['a text channel of another server', (s) => s.other.papersChannel],
  ['a voice channel', (s) => s.home.voiceChannel],
  ['an unknown snowflake', () => '123456789012345678'],
  ['20 digits', () => '99999999999999999999'],
  ['id of the wrong shape', () => '2401.1'],
  ['path traversal', () => '../../etc/passwd'],
  ['empty', () => ''],
  ['@everyone', () => '@everyone'],
];

interface Servers {
  home: TestServer;
  other: TestServer;
}

/** A subcommand's options, as registered. */
interface Sub {
  command: string;
  sub: string;
  options: readonly APIApplicationCommandBasicOption[];
}

/** Every subcommand of every command, from the definitions. */
const SUBS: Sub[] = COMMANDS.flatMap((c) =>
  (c.data.options ?? []).flatMap((o: APIApplicationCommandOption) =>
    o.type === ApplicationCommandOptionType.Subcommand
      ? [{ command: c.data.name, sub: o.name, options: o.options ?? [] }]
      : [],
  ),
);

/** A valid value for an option, so one bad option is swept with the others filled in well. */
function validValue(option: APIApplicationCommandBasicOption, s: Servers): string | number | boolean {
  if (option.type === CHANNEL) return s.home.papersChannel;
  if (option.type === BOOLEAN) return false;
  if (option.type === INTEGER) return option.min_value ?? 1;
  if (option.type === STRING && option.choices?.[0]) return option.choices[0].value;
  const known: Record<string, string> = {
    date: '2026-08-19',
    topic: 'reinforcement-learning',
    query: 'transformer',
    paper: '2608.17271',
    time: '09:00',
    timezone: 'Europe/Berlin',
    topics: 'reinforcement-learning',
    emoji: '⭐',
  };
  const value = known[option.name];
  if (value === undefined) throw new Error(`give the sweep a valid value for option "${option.name}"`);
  return value;
}

/** The inputs a string option is swept with: the list above, plus its own max_length boundary. */
function stringInputs(option: APIApplicationCommandBasicOption): Array<readonly [string, string]> {
  const max = option.type === STRING ? option.max_length : undefined;
  return max === undefined
    ? [...STRING_INPUTS]
    : [...STRING_INPUTS, [`max_length ${max}`, 'c'.repeat(max)], [`max_length ${max} + 1`, 'd'.repeat(max + 1)]];
}

/** Integers outside an integer option's range, and ones no range allows. */
function integerInputs(option: APIApplicationCommandBasicOption): Array<readonly [string, number]> {
  const range = option.type === INTEGER ? option : undefined;
  return [
    ...(range?.min_value !== undefined ? [[`min_value - 1`, range.min_value - 1] as const] : []),
    ...(range?.max_value !== undefined ? [[`max_value + 1`, range.max_value + 1] as const] : []),
    ['-2^53', -(2 ** 53)],
    ['2^53 + 2', 2 ** 53 + 2],
    ['1e20', 1e20],
    ['1.5', 1.5],
  ];
}

interface Case {
  label: string;
  sub: Sub;
  option: APIApplicationCommandBasicOption;
  value: (s: Servers) => string | number;
  /**
   * Invalid by the option's own definition (longer than max_length, outside min/max, not one of
   * the choices, not a channel of this server one can post in): must be refused.
   */
  invalidByDefinition: (value: string | number) => boolean;
}

function casesOf(sub: Sub): Case[] {
  return sub.options.flatMap((option): Case[] => {
    const base = { sub, option };
    if (option.type === CHANNEL)
      return CHANNEL_INPUTS.map(([label, value]) => ({ ...base, label, value, invalidByDefinition: () => true }));
    if (option.type === INTEGER)
      return integerInputs(option).map(([label, value]) => ({
        ...base,
        label,
        value: () => value,
        invalidByDefinition: () => true,
      }));
    if (option.type !== STRING) return [];
    return stringInputs(option).map(([label, value]) => ({
      ...base,
      label,
      value: () => value,
      invalidByDefinition: (v) =>
        typeof v === 'string' &&
        ((option.max_length !== undefined && v.length > option.max_length) ||
          (option.choices !== undefined && !option.choices.some((c) => c.value === v)) ||
          (option.required === true && v.trim() === '')),
    }));
  });
}

const CASES = SUBS.flatMap(casesOf);
/** Options with autocomplete, and the string inputs they are fed while being typed. */
const AUTOCOMPLETE = SUBS.flatMap((sub) =>
  sub.options.filter((o) => o.type === STRING && o.autocomplete).map((option) => ({ sub, option })),
);

let h: DigestHarness;
let servers: Servers;
/** A second connection to the bot's store, to read every record before and after a case. */
let store: Store;

beforeAll(async () => {
  h = await DigestHarness.start();
  servers = { home: h.server('Home'), other: h.server('Elsewhere') };
  await h.launch();
  store = await openStore(h.storeUrl);
}, 30_000);

afterAll(async () => {
  await store?.close();
  await h?.close();
});

/** Every record of every namespace. */
async function storeSnapshot(): Promise<Record<string, string>> {
  const all: Record<string, string> = {};
  for (const ns of NAMESPACES) {
    const kv = store.keyv(ns);
    if (!kv.iterator) throw new Error('the store cannot be listed');
    for await (const [key, value] of kv.iterator(undefined)) all[`${ns}:${String(key)}`] = JSON.stringify(value);
  }
  return all;
}

/** The keys whose records differ between two snapshots (added, changed or removed). */
function changedKeys(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}

/** What members see in every channel of both servers (ephemeral answers are not in it). */
function channelSnapshot(): string {
  const channels = [servers.home, servers.other].flatMap((s) => [s.papersChannel, s.generalChannel, s.voiceChannel]);
  return JSON.stringify(
    channels.map((id) =>
      h.emu.messages(id).map((m) => [m.id, m.content, m.embeds, m.edited_timestamp, [...m.reactions.keys()]]),
    ),
  );
}

/** The bot's answer to an interaction: the reply, or after a deferral the message that ended it. */
interface Answer {
  ephemeral: boolean;
  /** Content and every embed text, joined. */
  text: string;
  allowedMentions: unknown;
  /** The message the answer made, if it made one in a channel. */
  messageId: string | undefined;
}

/** What an answer shows: its content, then its embeds as sent. */
const textOf = (content: string, embeds: readonly unknown[]) =>
  embeds.length > 0 ? `${content}\n${JSON.stringify(embeds)}` : content;

async function answerOf(handle: InteractionHandle): Promise<Answer> {
  const first = await handle.firstResponse();
  if (first.type === REPLY) {
    const data = (first.data ?? {}) as {
      content?: string;
      flags?: number;
      embeds?: unknown[];
      allowed_mentions?: unknown;
    };
    return {
      ephemeral: ((data.flags ?? 0) & EPHEMERAL) !== 0,
      text: textOf(data.content ?? '', data.embeds ?? []),
      allowedMentions: data.allowed_mentions,
      messageId: handle.original()?.id,
    };
  }
  expect(first.type, 'a slash command is answered with a reply or a deferral').toBe(DEFERRED);
  // Deferred: the answer is the edited original or the first follow-up (the original removed).
  const done = (x: InteractionHandle) =>
    x.followUps().length > 0 || (x.original()?.content ?? '') !== '' || (x.original()?.embeds.length ?? 0) > 0;
  await handle.waitFor(done, 10_000);
  const message = (handle.followUps()[0] ?? handle.original()) as MessageRecord;
  return {
    ephemeral: (message.flags & EPHEMERAL) !== 0,
    text: textOf(message.content, message.embeds),
    allowedMentions: message.allowed_mentions,
    messageId: message.id,
  };
}

function toOption(option: APIApplicationCommandBasicOption, value: string | number | boolean) {
  return { type: option.type, name: option.name, value };
}

/** Runs `/command sub` as the home server's admin, with `option` set to `value` and the rest valid. */
function run(c: Case, value: string | number): InteractionHandle {
  const options = c.sub.options
    .filter((o) => o.name === c.option.name || o.required)
    .map((o) => (o.name === c.option.name ? toOption(o, value) : toOption(o, validValue(o, servers))));
  return h.emu.runCommand({
    guildId: servers.home.guildId,
    channelId: servers.home.generalChannel,
    userId: servers.home.admin,
    name: c.sub.command,
    options: [{ type: ApplicationCommandOptionType.Subcommand, name: c.sub.sub, options }],
  });
}

const GENERIC_ERROR = /something went wrong|did not work/i;
/** Text that would ping if allowed: @everyone/@here, and user and role mentions, unbroken. */
const PINGS = /@(everyone|here)|<@[!&]?\d+>/;
/** Signs of internal error text reaching a user. */
const STACK = /\n\s+at |\bError:|TypeError|ReferenceError|node_modules|\.ts:\d+/;

/** Whether a /digest answer reports a change it made (the others are refusals). */
const SUCCESS = /^✅|^Members already vote with|^\*\*Preview for|^Posting a test digest/;

/** Puts back what an accepted /digest case changed, through the bot as an admin would. */
async function undo(c: Case): Promise<void> {
  if (c.sub.command !== 'digest') return;
  if (c.sub.sub === 'set') {
    const off = h.emu.runCommand({
      guildId: servers.home.guildId,
      channelId: servers.home.generalChannel,
      userId: servers.home.admin,
      name: 'digest',
      options: [
        { type: 1, name: 'off', options: [{ type: CHANNEL, name: 'channel', value: servers.home.papersChannel }] },
      ],
    });
    await answerOf(off);
  }
  if (c.sub.sub === 'vote-emoji') {
    const reset = h.emu.runCommand({
      guildId: servers.home.guildId,
      channelId: servers.home.generalChannel,
      userId: servers.home.admin,
      name: 'digest',
      options: [{ type: 1, name: 'vote-emoji', options: [{ type: STRING, name: 'emoji', value: '👍' }] }],
    });
    await answerOf(reset);
  }
}

/**
 * Control and bidi characters, and the BOM. Not U+200B, which safeText puts into a mention to
 * break it, nor U+200D, which joins an emoji sequence.
 */
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/**
 * What a stored change (a record as JSON) may never carry: control characters (JSON writes them
 * as \u00XX), bidi controls, mentions, masked links.
 */
const UNSAFE_STORED = /\\u00[01]|[\u202a-\u202e\u2066-\u2069]|@everyone|@here|<@|\]\(/;

describe.each(SUBS.filter((s) => casesOf(s).length > 0).map((s) => [`/${s.command} ${s.sub}`, s] as const))(
  '%s',
  (_name, sub) => {
    it.each(casesOf(sub).map((c) => [`${c.option.name}: ${c.label}`, c] as const))('%s', async (_label, c) => {
      const value = c.value(servers);
      const storeBefore = await storeSnapshot();
      const channelsBefore = channelSnapshot();
      const logBefore = h.log.length;
      const answer = await answerOf(run(c, value));

      expect(answer.text).not.toMatch(GENERIC_ERROR);
      expect(answer.allowedMentions, 'every answer is sent with no allowed mentions').toMatchObject({ parse: [] });
      expect(answer.text).not.toMatch(PINGS);
      // An answer that repeats the input (a refusal saying what was wrong) repeats none of its
      // invisible or reordering characters.
      for (const line of answer.text.split('\n')) expect(line).not.toMatch(INVISIBLE);
      // No error was logged for it: bad input is never "our" failure.
      expect(h.log.slice(logBefore).filter((line) => JSON.parse(line).level >= 50)).toEqual([]);

      const storeAfter = await storeSnapshot();
      const accepted =
        !answer.ephemeral || (c.sub.command === 'digest' && SUCCESS.test(answer.text.split('\n')[0] ?? ''));
      if (accepted) {
        expect(c.invalidByDefinition(value), `accepted input that its definition refuses: ${answer.text}`).toBe(false);
        // What the bot says in public carries no invisible or reordering characters from the input.
        expect(answer.text.split('\n')[0]).not.toMatch(INVISIBLE);
        if (c.sub.command === 'papers') expect(changedKeys(storeBefore, storeAfter)).toEqual([]);
        // A change the bot accepted keeps none of the input's dangerous characters.
        for (const [key, record] of Object.entries(storeAfter))
          if (storeBefore[key] !== record) expect(record, key).not.toMatch(UNSAFE_STORED);
        await undo(c);
        return;
      }
      // A refusal: private, one short clear line or two, and nothing changed anywhere.
      expect(answer.text.length).toBeLessThanOrEqual(300);
      expect(answer.text).not.toMatch(STACK);
      expect(answer.text.trim()).not.toBe('');
      expect(changedKeys(storeBefore, storeAfter), answer.text).toEqual([]);
      expect(channelSnapshot() === channelsBefore, `a channel changed after: ${answer.text}`).toBe(true);
    });
  },
);

describe.each(AUTOCOMPLETE.map((a) => [`/${a.sub.command} ${a.sub.sub} ${a.option.name} (autocomplete)`, a] as const))(
  '%s',
  (_name, { sub, option }) => {
    it.each(stringInputs(option).map(([label, value]) => [label, value] as const))(
      'suggests within the limits for %s',
      async (_label, value) => {
        const handle = h.emu.autocomplete({
          guildId: servers.home.guildId,
          channelId: servers.home.generalChannel,
          userId: servers.home.admin,
          name: sub.command,
          options: [{ type: 1, name: sub.sub, options: [{ type: STRING, name: option.name, value, focused: true }] }],
        });
        // The emulator refuses choices over Discord's limits, so a bad list is no answer at all.
        const first = await handle.firstResponse();
        expect(first.type).toBe(8);
        const choices = (first.data as { choices?: Array<{ name: string; value: string }> }).choices ?? [];
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const choice of choices) {
          expect(choice.name.length).toBeGreaterThanOrEqual(1);
          expect(choice.name.length).toBeLessThanOrEqual(100);
          expect(String(choice.value).length).toBeLessThanOrEqual(100);
          expect(choice.name).not.toMatch(/\p{Cc}/u);
        }
      },
    );
  },
);

describe('the sweep itself', () => {
  it('covers every option that takes typed input, and every autocomplete', () => {
    const swept = new Set(CASES.map((c) => `${c.sub.command} ${c.sub.sub} ${c.option.name}`));
    for (const sub of SUBS)
      for (const option of sub.options)
        if (option.type !== BOOLEAN) expect(swept).toContain(`${sub.command} ${sub.sub} ${option.name}`);
    expect(AUTOCOMPLETE.length).toBeGreaterThan(0);
  });
});

import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/app/startBot.ts';
import { loadConfig } from '../../src/config/loadConfig.ts';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator.ts';
import { encodePageToken } from '../../src/paging/pageToken.ts';
import { openStore } from '../../src/store/openStore.ts';
import { tempDir } from '../support/backends.ts';
import { paperInput } from '../support/paperInputs.ts';
import { seedStore } from '../support/seedStore.ts';

/** Interaction response types (Discord API). */
const REPLY = 4;
const UPDATE = 7;
const EPHEMERAL = 64;

interface Embed {
  title?: string;
  fields?: Array<{ name: string; value: string }>;
}
interface ResponseData {
  content?: string;
  embeds?: Embed[];
  flags?: number;
  components?: Array<{ components: Array<{ custom_id: string; disabled?: boolean; label?: string }> }>;
  allowed_mentions?: { parse?: string[] };
  choices?: Array<{ name: string; value: string }>;
}

let emu: Emulator;
let bot: RunningBot;
let storeUrl: string;
let guildId: string;
let channelId: string;
let alice: string;
let bob: string;

const NOW = new Date('2026-08-20T09:00:00Z');

/** The bot's error log, as JSON lines. */
const errorLog: string[] = [];
const logSink = new Writable({
  write(chunk, _encoding, done) {
    errorLog.push(String(chunk));
    done();
  },
});

async function launch(): Promise<RunningBot> {
  const config = loadConfig({
    STORE_URL: storeUrl,
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: emu.apiUrl,
    LOG_LEVEL: 'silent',
  });
  return startBot({
    config: { ...config, DISCORD_TOKEN: emu.token },
    logger: pino({ level: 'error' }, logSink),
    clock: () => NOW,
    fastIdentify: true,
    refreshOnStart: false,
  });
}

/** Runs /papers <sub> as a member and returns the bot's first answer. */
async function papers(sub: string, options: Array<{ name: string; value: string }> = [], userId = alice) {
  const handle = emu.runCommand({
    guildId,
    channelId,
    userId,
    name: 'papers',
    options: [{ type: 1, name: sub, options: options.map((o) => ({ type: 3, ...o })) }],
  });
  const first = await handle.firstResponse();
  return { handle, type: first.type, data: (first.data ?? {}) as ResponseData };
}

beforeAll(async () => {
  storeUrl = `sqlite://${join(tempDir(), 'bot.sqlite')}`;
  await seedStore(storeUrl, [
    paperInput({
      id: '2608.99001',
      title: `@everyone <@&123456789012345678> ${'An extremely long title about reinforcement learning '.repeat(6)}`,
      abstract: `${'This abstract is long. '.repeat(180)}`,
      authors: Array.from({ length: 42 }, (_, i) => `Author ${i}`),
      keywords: Array.from({ length: 40 }, (_, i) => `keyword number ${i}`),
      dailyDate: '2026-08-10',
      upvotes: 3,
    }),
    // A day of five worst-case papers: long titles, summaries, authors and links on one page.
    ...[0, 1, 2, 3, 4].map((i) =>
      paperInput({
        id: `2608.9910${i}`,
        title: `Worst case ${i} <@111111111111111111> ${'very long words '.repeat(25)}`,
        abstract: 'An abstract without any sentence end '.repeat(80),
        aiSummary: `# Heading [masked](https://evil.example) ${'S'.repeat(900)}`,
        authors: Array.from({ length: 42 }, (_, k) => `Author ${k}`),
        keywords: Array.from({ length: 20 }, (_, k) => `keyword ${k}`),
        githubRepo: `https://github.com/${'org'.repeat(30)}/${'repo'.repeat(30)}`,
        projectPage: `https://${'site'.repeat(40)}.example/${'page'.repeat(40)}`,
        dailyDate: '2026-08-05',
        upvotes: 10 + i,
      }),
    ),
  ]);
  emu = await startEmulator();
  const guild = emu.createGuild({ name: 'ML Reading Group', channels: [{ name: 'papers' }] });
  guildId = guild.id;
  channelId = guild.channels[0]?.id as string;
  alice = emu.addUser({ username: 'alice' }).id;
  bob = emu.addUser({ username: 'bob' }).id;
  bot = await launch();
});

afterAll(async () => {
  await bot?.stop();
  await emu?.close();
});

describe('/papers today', () => {
  it("lists the day's papers, most upvoted first, five to a page, with paging buttons", async () => {
    const { type, data } = await papers('today', [{ name: 'date', value: '2026-08-19' }]);
    expect(type).toBe(REPLY);
    expect(data.flags ?? 0).toBe(0);
    expect(data.content).toContain('1–5 of 26');
    expect(data.embeds).toHaveLength(5);
    expect(data.embeds?.[0]?.title).toContain('ASI-Bench');
    const buttons = data.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.disabled)).toEqual([true, false]);
  });

  it('pages forward for the person who asked, also after a restart', async () => {
    const { handle, data } = await papers('today', [{ name: 'date', value: '2026-08-19' }]);
    const next = data.components?.[0]?.components[1]?.custom_id as string;
    const messageId = handle.original()?.id as string;
    await bot.stop();
    bot = await launch();
    const click = emu.clickButton({ guildId, channelId, userId: alice, messageId, customId: next });
    const answer = await click.firstResponse();
    expect(answer.type).toBe(UPDATE);
    expect((answer.data as ResponseData).content).toContain('6–10 of 26');
  });

  it('without a date shows the latest day that has papers when today has none yet', async () => {
    const { data } = await papers('today');
    expect(data.flags ?? 0).toBe(0);
    expect(data.content).toContain('Papers for 2026-08-19');
  });

  it('refuses to page for someone else, politely and privately', async () => {
    const { handle, data } = await papers('today', [{ name: 'date', value: '2026-08-19' }]);
    const next = data.components?.[0]?.components[1]?.custom_id as string;
    const click = emu.clickButton({
      guildId,
      channelId,
      userId: bob,
      messageId: handle.original()?.id as string,
      customId: next,
    });
    const answer = (await click.firstResponse()).data as ResponseData;
    expect(answer.flags).toBe(EPHEMERAL);
    expect(answer.content).toMatch(/only the person who ran/i);
  });

  it('answers an unknown button privately', async () => {
    const { handle } = await papers('today', [{ name: 'date', value: '2026-08-19' }]);
    const click = emu.clickButton({
      guildId,
      channelId,
      userId: alice,
      messageId: handle.original()?.id as string,
      customId: 'legacy:42',
    });
    expect(((await click.firstResponse()).data as ResponseData).flags).toBe(EPHEMERAL);
  });

  it.each([
    ['2026-13-01', /not a date/],
    ['tomorrow', /not a date/],
    ['2027-01-01', /future/],
    ['2026-08-16', /latest day with papers is 2026-08-19/],
  ])('answers date %s privately with what to do', async (value, message) => {
    const { data } = await papers('today', [{ name: 'date', value }]);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(message);
    expect(data.content?.split('\n')).toHaveLength(1);
  });
});

describe('/papers topic, search, show, trending, help', () => {
  it('finds papers on a topic', async () => {
    const { data } = await papers('topic', [{ name: 'topic', value: 'reinforcement-learning' }]);
    expect(data.embeds?.length).toBeGreaterThan(0);
    expect(data.content).toContain('reinforcement-learning');
  });

  it('suggests topics as the member types, prefix matches first, at most 25', async () => {
    const handle = emu.autocomplete({
      guildId,
      channelId,
      userId: alice,
      name: 'papers',
      options: [{ type: 1, name: 'topic', options: [{ type: 3, name: 'topic', value: 'rein', focused: true }] }],
    });
    const choices = ((await handle.firstResponse()).data as ResponseData).choices ?? [];
    expect(choices[0]?.value).toBe('reinforcement-learning');
    expect(choices.length).toBeLessThanOrEqual(25);
    const all = emu.autocomplete({
      guildId,
      channelId,
      userId: alice,
      name: 'papers',
      options: [{ type: 1, name: 'topic', options: [{ type: 3, name: 'topic', value: '', focused: true }] }],
    });
    expect(((await all.firstResponse()).data as ResponseData).choices).toHaveLength(25);
  });

  it('answers an uncurated topic with no papers by pointing to related ones', async () => {
    const { data } = await papers('topic', [{ name: 'topic', value: 'reinforcement-gardening' }]);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toContain('reinforcement-learning');
  });

  it('searches free text and refuses a one-character query', async () => {
    const found = await papers('search', [{ name: 'query', value: 'gaussian splatting' }]);
    expect(found.data.embeds?.[0]?.title).toContain('GS-Voxel');
    const refused = await papers('search', [{ name: 'query', value: 'x' }]);
    expect(refused.data.flags).toBe(EPHEMERAL);
  });

  it('shows one paper by id or URL, and says so for an unknown one', async () => {
    for (const value of [
      '2608.17271',
      'https://arxiv.org/abs/2608.17271v2',
      'https://huggingface.co/papers/2608.17271',
    ]) {
      const { data } = await papers('show', [{ name: 'paper', value }]);
      expect(data.embeds?.[0]?.title).toContain('ASI-Bench');
    }
    const unknown = await papers('show', [{ name: 'paper', value: '2608.00000' }]);
    expect(unknown.data.flags).toBe(EPHEMERAL);
    expect(unknown.data.content).toContain('2608.00000');
    const junk = await papers('show', [{ name: 'paper', value: 'https://example.com/paper' }]);
    expect(junk.data.flags).toBe(EPHEMERAL);
  });

  it('pings no one and fits every limit, whatever the paper', async () => {
    const { data } = await papers('show', [{ name: 'paper', value: '2608.99001' }]);
    expect(data.flags ?? 0).toBe(0);
    expect(data.allowed_mentions?.parse).toEqual([]);
    expect(data.embeds?.[0]?.title).not.toMatch(/@everyone|<@&\d/);
    expect(data.embeds?.[0]?.title?.length).toBeLessThanOrEqual(256);
    expect(data.embeds?.[0]?.fields?.find((f) => f.name === 'Authors')?.value).toContain('+38 more');
  });

  it('fits a page of five worst-case papers into one message that Discord accepts', async () => {
    const { type, data } = await papers('today', [{ name: 'date', value: '2026-08-05' }]);
    expect(type).toBe(REPLY);
    expect(data.flags ?? 0).toBe(0);
    expect(data.embeds).toHaveLength(5);
    for (const embed of data.embeds ?? []) expect(embed.title).not.toMatch(/<@\d/);
  });

  it('shows the last page when a button points past the end of a list', async () => {
    const { handle } = await papers('today', [{ name: 'date', value: '2026-08-19' }]);
    const customId = encodePageToken({
      query: { kind: 'today', day: '2026-08-19' },
      page: 9,
      ownerId: alice,
    }) as string;
    const click = emu.clickButton({
      guildId,
      channelId,
      userId: alice,
      messageId: handle.original()?.id as string,
      customId,
    });
    const answer = (await click.firstResponse()).data as ResponseData;
    expect(answer.content).toContain('26–26 of 26');
    expect(answer.embeds).toHaveLength(1);
  });

  it('answers a malformed link as bad input, privately', async () => {
    const { data } = await papers('show', [{ name: 'paper', value: 'https://arxiv.org/abs/%zz' }]);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).not.toMatch(/something went wrong/i);
  });

  it('lists trending papers of a window and says so when the window is empty', async () => {
    const month = await papers('trending', [{ name: 'window', value: 'month' }]);
    expect(month.data.embeds?.length).toBeGreaterThan(0);
    const day = await papers('trending', [{ name: 'window', value: 'day' }]);
    expect(day.data.flags).toBe(EPHEMERAL);
  });

  it('explains itself privately', async () => {
    const { data } = await papers('help');
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toContain('/papers topic');
  });
});

describe('when things go wrong', () => {
  it('answers an unexpected failure with a reference, privately', async () => {
    const store = await openStore(storeUrl);
    await store.keyv('papers').set('day:2026-06-01', [{ not: 'a paper' }]);
    await store.close();
    const { data } = await papers('today', [{ name: 'date', value: '2026-06-01' }]);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/something went wrong.*\(ref [0-9a-f]{6}\)/i);
    expect(data.content).not.toMatch(/stored papers|Error|at /);
    // The same ref is in the log, with the details the user was not shown.
    const ref = data.content?.match(/ref ([0-9a-f]{6})/)?.[1];
    const logged = errorLog.map((line) => JSON.parse(line) as { ref?: string; err?: { message?: string } });
    expect(logged.find((entry) => entry.ref === ref)?.err?.message).toMatch(/stored papers for 2026-06-01/);
    expect(errorLog.join('')).not.toContain(emu.token);
  });

  it('keeps answering after the gateway drops and resumes', async () => {
    emu.closeGateway(0, 4000);
    await expect.poll(() => emu.gatewayState()[0]?.resumes ?? 0, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    const { data } = await papers('today', [{ name: 'date', value: '2026-08-19' }]);
    expect(data.embeds).toHaveLength(5);
  });
});

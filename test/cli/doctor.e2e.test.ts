import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/commands/runDoctor.ts';
import { Permission } from '../../src/emulator/permissions.ts';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator.ts';
import { createSilentLogger } from '../../src/logging/createLogger.ts';
import { openStore } from '../../src/store/openStore.ts';
import { createSubscriptionRepository } from '../../src/store/subscriptionRepository.ts';
import { send, startTestServer, type TestServer, useTestServer } from '../sources/startTestServer.ts';
import { tempDir } from '../support/backends.ts';
import { runScript } from '../support/runScript.ts';
import { seedStore } from '../support/seedStore.ts';
import { testSubscription } from '../support/subscriptions.ts';
import { cliOn, linesOf } from './runCliInProcess.ts';

const serve = useTestServer();
/** Daily Papers up: any day answers an empty list. */
const dailyPapersUp = () => serve((_req, res) => send(res, 200, '[]'));

let emu: Emulator;
let db: string;
let guild: ReturnType<Emulator['createGuild']>;
const channels = { papers: '', announcements: '', hidden: '' };

/** The bot's role may not post in #announcements, nor anyone see #hidden: what an admin's change leaves. */
function breakPermissions() {
  emu.setChannelPermissions(channels.announcements, [
    { id: guild.botRoleId, type: 0, allow: 0n, deny: Permission.SendMessages },
  ]);
  emu.setChannelPermissions(channels.hidden, [{ id: guild.id, type: 0, allow: 0n, deny: Permission.ViewChannel }]);
}

function fixPermissions() {
  emu.setChannelPermissions(channels.announcements, []);
  emu.setChannelPermissions(channels.hidden, []);
}

beforeAll(async () => {
  emu = await startEmulator();
  guild = emu.createGuild({
    name: 'ML Reading Group',
    channels: [{ name: 'papers' }, { name: 'announcements' }, { name: 'hidden' }],
  });
  const [papers, announcements, hidden] = guild.channels.map((c) => c.id);
  Object.assign(channels, { papers, announcements, hidden });
  db = join(tempDir(), 'doctor.sqlite');
  await seedStore(`sqlite://${db}`);
  const store = await openStore(`sqlite://${db}`);
  await createSubscriptionRepository(store).update(guild.id, () => ({
    next: Object.values(channels).map((channelId) => testSubscription({ guildId: guild.id, channelId })),
    result: undefined,
  }));
  await store.close();
});

afterAll(async () => {
  await emu.close();
});

function doctor(hf: TestServer | string, env: Record<string, string> = {}) {
  return cliOn(db, {
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: emu.apiUrl,
    HF_API_URL: typeof hf === 'string' ? hf : hf.baseUrl,
    ...env,
  })('doctor');
}

/** The report line of one check, by the label it starts with. */
function line(stdout: string, label: string): string {
  const found = linesOf(stdout).find((l) => l.slice(2).startsWith(`${label}:`));
  if (!found) throw new Error(`no "${label}" line in:\n${stdout}`);
  return found;
}

describe('npm run cli -- doctor', () => {
  it('passes what works and names what to fix in each channel the bot cannot use', async () => {
    breakPermissions();
    const run = await doctor(await dailyPapersUp());
    expect(run.code, run.stderr).toBe(1);
    expect(line(run.stdout, 'config')).toMatch(/^✓/);
    expect(line(run.stdout, 'token')).toMatch(/^✓ token: Discord accepts it: this is \S+/);
    expect(line(run.stdout, 'store')).toMatch(/^✓ store: sqlite:\/\/.*doctor\.sqlite opens and reads: [1-9]\d* papers/);
    expect(line(run.stdout, 'hugging face')).toMatch(/^✓/);
    expect(line(run.stdout, 'arxiv')).toMatch(/^– arxiv: not used/);
    expect(line(run.stdout, `#papers in ${guild.name}`)).toMatch(/^✓/);
    const announcements = line(run.stdout, `#announcements in ${guild.name}`);
    expect(announcements).toMatch(/^✗ .*the bot lacks Send Messages — fix: .*allow Send Messages/);
    expect(announcements).not.toMatch(/View Channel|Embed Links/);
    expect(line(run.stdout, `channel ${channels.hidden} in ${guild.name}`)).toMatch(
      /^✗ .*cannot see this channel.* — fix: allow View Channel/,
    );
    expect(linesOf(run.stdout).at(-1)).toBe('2 problems found: fix the lines marked ✗ and run doctor again.');
    expect(run.stdout + run.stderr).not.toContain(emu.token);
  });

  it('exits 0 when every check passes', async () => {
    fixPermissions();
    const run = await doctor(await dailyPapersUp());
    expect(run.stdout).not.toContain('✗');
    expect(line(run.stdout, `#announcements in ${guild.name}`)).toMatch(/^✓/);
    expect(linesOf(run.stdout).at(-1)).toBe('All checks passed.');
    expect(run.code).toBe(0);
  });

  it('reports Hugging Face down, answering 503 or not at all', async () => {
    const down = await serve((_req, res) =>
      send(res, 503, '<html>upstream down</html>', { 'content-type': 'text/html' }),
    );
    const run = await doctor(down);
    expect(run.code).toBe(1);
    expect(line(run.stdout, 'hugging face')).toMatch(/^✗ hugging face: .*answered 503.* — fix: /);
    expect(line(run.stdout, 'token')).toMatch(/^✓/);

    // A port nothing listens on any more.
    const gone = await startTestServer(() => undefined);
    await gone.close();
    const refused = await doctor(gone.baseUrl);
    expect(refused.code).toBe(1);
    expect(line(refused.stdout, 'hugging face')).toMatch(/^✗ hugging face: .*ECONNREFUSED/);
  });

  it('reports a token Discord rejects, or none, without printing it', async () => {
    const hf = await dailyPapersUp();
    const wrong = `${'x'.repeat(24)}.wrong.token`;
    const run = await doctor(hf, { DISCORD_TOKEN: wrong });
    expect(run.code).toBe(1);
    expect(line(run.stdout, 'token')).toMatch(/^✗ token: Discord rejected DISCORD_TOKEN \(401 Unauthorized\) — fix: /);
    expect(line(run.stdout, 'permissions')).toMatch(/^– permissions: not checked/);
    expect(line(run.stdout, 'store')).toMatch(/^✓/);
    expect(run.stdout + run.stderr).not.toContain(wrong);

    const none = await doctor(hf, { DISCORD_TOKEN: '' });
    expect(line(none.stdout, 'token')).toMatch(/^✗ token: DISCORD_TOKEN is not set — fix: /);
  });

  it('reports a store that does not open, and leaves the permissions unchecked', async () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, '');
    const out: string[] = [];
    const code = await runDoctor({
      env: {
        DISCORD_TOKEN: emu.token,
        DISCORD_API_URL: emu.apiUrl,
        HF_API_URL: (await dailyPapersUp()).baseUrl,
        STORE_URL: `sqlite://${file}/paperboy.sqlite`,
      },
      stdout: (text) => out.push(text),
      clock: () => new Date('2026-08-20T09:00:00Z'),
      logger: createSilentLogger(),
    });
    const stdout = out.join('\n');
    expect(code).toBe(1);
    expect(line(stdout, 'store')).toMatch(
      /^✗ store: sqlite:\/\/.*not-a-folder\/paperboy\.sqlite does not open: .* — fix: /,
    );
    expect(line(stdout, 'token')).toMatch(/^✓/);
    expect(line(stdout, 'permissions')).toMatch(/^– permissions: not checked: needs the store/);
  });

  it('reports a configuration that does not parse, and checks nothing else', async () => {
    const run = await doctor(await dailyPapersUp(), { HTTP_TIMEOUT_MS: '5' });
    expect(run.code).toBe(1);
    expect(line(run.stdout, 'config')).toMatch(/^✗ config: HTTP_TIMEOUT_MS: .* — fix: /);
    expect(line(run.stdout, 'token')).toMatch(/^– /);
  });

  it('runs as a real process: the report on stdout, exit code 0', async () => {
    fixPermissions();
    const hf = await dailyPapersUp();
    const run = await runScript('src/cli/main.ts', ['doctor', '--db', db], {
      DISCORD_TOKEN: emu.token,
      DISCORD_API_URL: emu.apiUrl,
      HF_API_URL: hf.baseUrl,
      LOG_LEVEL: 'silent',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(linesOf(run.stdout).at(-1)).toBe('All checks passed.');
  });

  it('refuses an argument with one line and exit code 2', async () => {
    const run = await cliOn(db)('doctor', 'now');
    expect(run.code).toBe(2);
    expect(linesOf(run.stderr)).toEqual(['paperboy: doctor: unexpected argument "now"']);
  });
});

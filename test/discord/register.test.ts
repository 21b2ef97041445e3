import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator.ts';
import { runScript } from '../support/runScript.ts';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});

const register = (args: string[]) =>
  runScript('src/register.ts', args, { DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl });

describe('npm run register', () => {
  it('registers /papers and /digest in one server, and globally', async () => {
    const guild = emu.createGuild({ name: 'dev' });
    const inGuild = await register(['--guild', guild.id]);
    expect(inGuild.code).toBe(0);
    expect(inGuild.stdout).toContain(`in server ${guild.id}`);
    expect(emu.commands(guild.id).map((c) => (c as { name: string }).name)).toEqual(['papers', 'digest']);
    const global = await register([]);
    expect(global.code).toBe(0);
    expect(emu.commands().map((c) => (c as { name: string }).name)).toEqual(['papers', 'digest']);
  });

  it('refuses a server id of the wrong shape with one line', async () => {
    const run = await register(['--guild', 'my-server']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

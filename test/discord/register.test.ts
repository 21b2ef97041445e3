import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});

function register(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/register.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run register', () => {
  it('registers /papers in one server, and globally', async () => {
    const guild = emu.createGuild({ name: 'dev' });
    const inGuild = await register(['--guild', guild.id]);
    expect(inGuild.code).toBe(0);
    expect(inGuild.stdout).toContain(`in server ${guild.id}`);
    expect(emu.commands(guild.id).map((c) => (c as { name: string }).name)).toEqual(['papers']);
    const global = await register([]);
    expect(global.code).toBe(0);
    expect(emu.commands().map((c) => (c as { name: string }).name)).toEqual(['papers']);
  });

  it('refuses a server id of the wrong shape with one line', async () => {
    const run = await register(['--guild', 'my-server']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

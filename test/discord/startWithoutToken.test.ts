import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/backends.ts';
import { runScript } from '../support/runScript.ts';

const start = (env: NodeJS.ProcessEnv) => runScript('src/main.ts', [], env);

describe('npm start', () => {
  it('without a token exits 2 with one line saying what to set', async () => {
    const run = await start({});
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('DISCORD_TOKEN');
    expect(run.stderr).toContain('.env.example');
    expect(run.stderr).toContain('npm run sandbox');
  });

  it('refuses the sandbox clock against anything but a loopback emulator', async () => {
    const run = await start({
      DISCORD_TOKEN: 'x'.repeat(40),
      DISCORD_API_URL: 'https://discord.com/api',
      SANDBOX_CLOCK: 'ipc',
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('SANDBOX_CLOCK');
  });

  it('with a store it cannot open exits 2 with one line saying why', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data'), 'a file where the store directory should be');
    const run = await start({
      DISCORD_TOKEN: 'x'.repeat(40),
      // Never reached: the store is opened before the client logs in.
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      STORE_URL: `sqlite://${join(dir, 'data', 'paperboy.sqlite')}`,
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('cannot open the store');
    expect(run.stderr).toContain('STORE_URL');
  });

  it('with a bad setting exits 2 naming the variable', async () => {
    const run = await start({ DISCORD_TOKEN: 'x'.repeat(40), INGEST_SCHEDULE: 'every day' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('INGEST_SCHEDULE');
  });
});

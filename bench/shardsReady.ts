/**
 * Child process of the benchmark: the real manager (`SHARDS=4`, `src/main.ts`) against the
 * emulator with 4 shards and 40 servers; the time from spawning it until every shard has said it
 * is online. Prints one JSON object on stdout.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/startEmulator.ts';

const [storeUrl, shardsArg] = process.argv.slice(2);
if (!storeUrl) throw new Error('usage: shardsReady <storeUrl> [shards]');
const SHARDS = Number(shardsArg ?? 4);
const emu = await startEmulator({ shards: SHARDS });
for (let i = 0; i < SHARDS * 10; i++) emu.createGuild({ name: `Server ${i}`, channels: [{ name: 'papers' }] });
// Daily Papers answering "nothing today": the shards start on what the store holds.
const hf = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
await new Promise<void>((resolve) => hf.listen(0, '127.0.0.1', resolve));

const started = performance.now();
const manager = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'info',
    SHARDS: String(SHARDS),
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: emu.apiUrl,
    STORE_URL: storeUrl,
    HF_API_URL: `http://127.0.0.1:${(hf.address() as AddressInfo).port}`,
    HTTP_RETRIES: '0',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let online = 0;
let buffer = '';
const readyS = await new Promise<number>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`only ${online} of ${SHARDS} shards online after 120 s`)), 120_000);
  manager.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    online += lines.filter((line) => line.includes('"paperboy is online"')).length;
    if (online >= SHARDS) {
      clearTimeout(timer);
      resolve((performance.now() - started) / 1000);
    }
  });
  manager.once('exit', (code) => reject(new Error(`the manager exited (${code}) with ${online} shards online`)));
});
manager.removeAllListeners('exit');
const stopped = new Promise((resolve) => manager.once('exit', resolve));
manager.kill('SIGTERM');
await stopped;
hf.close();
await emu.close();
process.stdout.write(`${JSON.stringify({ shards: SHARDS, shards_ready_s: readyS })}\n`);

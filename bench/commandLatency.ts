/**
 * Child process of the benchmark: the real bot (`src/main.ts`, in a process of its own, as
 * production runs it) against the local Discord API emulator in this process, on an existing
 * store. Sends slash commands at a fixed concurrency and measures dispatch → first callback
 * received at the emulator. Prints one JSON object on stdout.
 */
import { startEmulator } from '../src/emulator/startEmulator.ts';
import { spawnBot } from '../src/sandbox/spawnBot.ts';

const [url, countArg, concurrencyArg, day] = process.argv.slice(2);
if (!url || !day) throw new Error('usage: commandLatency <storeUrl> <count> <concurrency> <day>');
const count = Number(countArg ?? 500);
const concurrency = Number(concurrencyArg ?? 20);

const emu = await startEmulator();
const guild = emu.createGuild({ name: 'bench', channels: [{ name: 'papers' }] });
const channelId = guild.channels[0]?.id as string;
const userId = emu.addUser({ username: 'bencher' }).id;
const problems: string[] = [];
const bot = spawnBot({
  env: {
    STORE_URL: url,
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: emu.apiUrl,
    // The store is filled already: the start-up refresh meets a closed port, not Hugging Face.
    HF_API_URL: 'http://127.0.0.1:9',
    HTTP_RETRIES: '0',
    LOG_LEVEL: 'error',
    ...(process.env.BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BOT_NODE_OPTIONS } : {}),
  },
  start: new Date(`${day}T12:00:00Z`),
  onLog: (line) => problems.push(typeof line === 'string' ? line : line.msg),
});
try {
  await bot.ready;
} catch (error) {
  throw new Error(`${(error as Error).message}: ${problems.join(' / ')}`);
}

const topics = ['reinforcement-learning', 'multimodal', 'diffusion', 'agents', 'robotics'];
const samples: number[] = [];
const WARMUP = 100;
let next = -WARMUP;
async function worker(): Promise<void> {
  while (next < count) {
    const i = next++;
    const sub =
      i % 2 === 0
        ? { name: 'today', options: [{ type: 3, name: 'date', value: day }] }
        : {
            name: 'topic',
            options: [{ type: 3, name: 'topic', value: topics[Math.abs(i) % topics.length] as string }],
          };
    const start = performance.now();
    const handle = emu.runCommand({
      guildId: guild.id,
      channelId,
      userId,
      name: 'papers',
      options: [{ type: 1, ...sub }],
    });
    const first = await handle.firstResponse();
    // The first commands of a fresh process pay for loading and JIT-compiling code: not measured.
    if (i >= 0) samples.push(first.at - start);
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
await bot.stop();
await emu.close();
samples.sort((a, b) => a - b);
const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))] as number;
process.stdout.write(
  `${JSON.stringify({ command_p50_ms: p(0.5), command_p99_ms: p(0.99), commands: samples.length })}\n`,
);

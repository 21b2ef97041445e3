/**
 * Child process of the fan-out benchmark: the Discord API emulator on its own core, so the bot
 * and Discord do not share one event loop. Talks to its parent over IPC: `setup` makes the
 * guilds and answers with their ids, `count` answers what landed in every channel.
 */
import { startEmulator } from '../src/emulator/startEmulator.ts';

const [channelsArg, globalArg] = process.argv.slice(2);
const CHANNELS = Number(channelsArg ?? 500);
const GLOBAL_LIMIT = Number(globalArg ?? 350);
const CHANNELS_PER_GUILD = 10;

const emu = await startEmulator({ rateLimits: { scale: 1, globalLimit: GLOBAL_LIMIT } });
const channels: Array<{ guildId: string; channelId: string }> = [];
for (let g = 0; channels.length < CHANNELS; g++) {
  const n = Math.min(CHANNELS_PER_GUILD, CHANNELS - channels.length);
  const guild = emu.createGuild({
    name: `guild ${g}`,
    channels: Array.from({ length: n }, (_, i) => ({ name: `papers-${i}` })),
  });
  for (const channel of guild.channels) channels.push({ guildId: guild.id, channelId: channel.id });
}

process.on('message', (message: { type: string; since?: number }) => {
  if (message.type === 'count') {
    const requests = emu.requests.filter((r) => r.at >= (message.since ?? 0));
    const perChannel = channels.map(({ channelId }) => {
      const messages = emu.messages(channelId);
      const papers = messages.filter((m) => m.embeds.length > 0);
      return {
        links: papers.map((m) => String(m.embeds[0]?.url)),
        headers: messages.filter((m) => m.content.startsWith('📰')).length,
        unvoted: papers.filter((m) => !m.reactions.get('👍')?.has(emu.botUserId)).length,
      };
    });
    process.send?.({
      type: 'counts',
      perChannel,
      requests: requests.length,
      limited: requests.filter((r) => r.status === 429).length,
      firstAt: requests[0]?.at,
      lastAt: requests.at(-1)?.at,
    });
  } else if (message.type === 'close') {
    void emu.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', apiUrl: emu.apiUrl, token: emu.token, channels, now: performance.timeOrigin });

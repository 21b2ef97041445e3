/**
 * Child process of the votes benchmark: the Discord API emulator on its own core. `setup` makes
 * the servers; `burst` has members toggle 👍 under the bot's paper messages at a fixed rate for
 * a while, then answers with who reacts under each message at the end, as Discord would list it.
 */
import { startEmulator } from '../src/emulator/startEmulator.ts';
import { random } from './syntheticPapers.ts';

const [guildsArg, usersArg] = process.argv.slice(2);
const GUILDS = Number(guildsArg ?? 20);
const USERS = Number(usersArg ?? 400);

const emu = await startEmulator();
const channels: Array<{ guildId: string; channelId: string }> = [];
for (let g = 0; g < GUILDS; g++) {
  const guild = emu.createGuild({ name: `guild ${g}`, channels: [{ name: 'papers' }] });
  channels.push({ guildId: guild.id, channelId: guild.channels[0]?.id as string });
}
const users = Array.from({ length: USERS }, (_, i) => emu.addUser({ username: `member-${i}` }).id);

async function burst(rate: number, seconds: number) {
  const rnd = random(5);
  const targets = channels.flatMap(({ guildId, channelId }) =>
    emu
      .messages(channelId)
      .filter((m) => m.embeds.length > 0)
      .map((m) => ({ guildId, channelId, messageId: m.id })),
  );
  const tickMs = 10;
  const perTick = Math.round((rate * tickMs) / 1000);
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < perTick; i++) {
      const target = targets[Math.floor(rnd() * targets.length)] as (typeof targets)[number];
      const user = users[Math.floor(rnd() * users.length)] as string;
      const message = emu.messages(target.channelId).find((m) => m.id === target.messageId);
      if (message?.reactions.get('👍')?.has(user)) emu.unreact(user, target.channelId, target.messageId, '👍');
      else emu.react(user, target.channelId, target.messageId, '👍');
      sent++;
    }
    const due = started + (sent / perTick) * tickMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  const finalVoters = targets.map((t) => ({
    ...t,
    voters: [
      ...(emu
        .messages(t.channelId)
        .find((m) => m.id === t.messageId)
        ?.reactions.get('👍') ?? []),
    ].filter((id) => id !== emu.botUserId).length,
  }));
  return { sent, seconds: (performance.now() - started) / 1000, finalVoters };
}

process.on('message', (message: { type: string; rate?: number; seconds?: number }) => {
  if (message.type === 'burst') {
    void burst(message.rate ?? 2000, message.seconds ?? 30).then((result) =>
      process.send?.({ type: 'sent', ...result }),
    );
  } else if (message.type === 'close') {
    void emu.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', apiUrl: emu.apiUrl, token: emu.token, channels });

import { describe, expect, it } from 'vitest';
import type { EmulatorChange } from '../../src/emulator/startEmulator.ts';
import { emulator, rest } from '../emulator/support.ts';

/** The emulator's views for watchers (the sandbox page): what a member sees, and every change. */
describe('emulator views for watchers', () => {
  it('shows an ephemeral answer only to the member who asked, and reports every change', async () => {
    const now = new Date('2026-08-20T08:30:00Z');
    const emu = await emulator({ clock: () => now });
    const guild = emu.createGuild({ name: 'Sandbox', channels: [{ name: 'papers' }] });
    const channelId = guild.channels[0]?.id as string;
    const ada = emu.addUser({ username: 'ada' }).id;
    const grace = emu.addUser({ username: 'grace' }).id;
    const changes: EmulatorChange[] = [];
    const stop = emu.onChange((change) => changes.push(change));

    const asked = emu.runCommand({ guildId: guild.id, channelId, userId: ada, name: 'papers' });
    const callback = `/interactions/${asked.id}/${asked.token}/callback`;
    await rest(emu, 'POST', callback, { type: 4, data: { content: 'only ada', flags: 64 } }, false);
    const posted = await rest(emu, 'POST', `/channels/${channelId}/messages`, { content: 'everyone' });
    const messageId = (posted.json as { id: string }).id;
    emu.react(grace, channelId, messageId, '👍');

    expect(emu.visibleMessages(channelId, ada).map((m) => m.content)).toEqual(['only ada', 'everyone']);
    expect(emu.visibleMessages(channelId, grace).map((m) => m.content)).toEqual(['everyone']);
    expect(emu.messages(channelId).map((m) => m.content)).toEqual(['everyone']);
    expect(emu.messages(channelId)[0]?.timestamp).toBe('2026-08-20T08:30:00.000Z');
    expect(changes.map((c) => c.kind)).toEqual(['message-create', 'message-create', 'reaction']);
    expect(changes[2]).toMatchObject({ guildId: guild.id, channelId, messageId });

    stop();
    emu.unreact(grace, channelId, messageId, '👍');
    expect(changes).toHaveLength(3);
  });
});

import { random as seededRandom } from '../../bench/syntheticPapers.ts';
import type { Emulator } from '../../src/emulator/startEmulator.ts';

/** Members reacting under a few messages, and taking reactions back, a few every tick until stopped. */
export interface ReactionBurst {
  /** Reactions added or removed so far. */
  sent(): number;
  /** Stops after the current tick. */
  stop(): void;
}

export interface BurstOptions {
  channelId: string;
  messageIds: readonly string[];
  userIds: readonly string[];
  /** The vote emoji; one change in ten is another emoji, which must not count. */
  emoji: string;
  perTick: number;
  tickMs: number;
  /** The same seed, the same sequence of changes (given the same state to start from). */
  seed: number;
}

/**
 * Starts a burst in the emulator: each change picks a member and a message; a member who has
 * reacted takes it back two times in five, else reacts. Reading the emulator's own reactions each
 * time, every change is a real one (Discord sends no event for a reaction already there).
 */
export function startReactionBurst(emu: Emulator, options: BurstOptions): ReactionBurst {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let sent = 0;
  const change = () => {
    const messageId = pick(options.messageIds);
    const userId = pick(options.userIds);
    const emoji = random() < 0.1 ? '🎉' : options.emoji;
    const message = emu.messages(options.channelId).find((m) => m.id === messageId);
    const reacted = message?.reactions.get(emoji)?.has(userId) ?? false;
    if (reacted && random() < 0.4) emu.unreact(userId, options.channelId, messageId, emoji);
    else if (!reacted) emu.react(userId, options.channelId, messageId, emoji);
    else return;
    sent++;
  };
  const timer = setInterval(() => {
    for (let i = 0; i < options.perTick; i++) change();
  }, options.tickMs);
  return {
    sent: () => sent,
    stop: () => clearInterval(timer),
  };
}

/** Who reacted with `emoji` under each message, as Discord (the emulator) has it, `bots` left out; sorted. */
export function discordVoters(
  emu: Emulator,
  channelId: string,
  messageIds: readonly string[],
  emoji: string,
  bots: ReadonlySet<string>,
): Record<string, string[]> {
  const messages = new Map(emu.messages(channelId).map((m) => [m.id, m]));
  return Object.fromEntries(
    messageIds.map((id) => [
      id,
      [...(messages.get(id)?.reactions.get(emoji) ?? [])].filter((u) => !bots.has(u)).sort(),
    ]),
  );
}

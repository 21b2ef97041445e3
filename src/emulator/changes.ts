/** One change to what the emulated Discord shows: a message, a reaction, a channel or a guild. */
export interface EmulatorChange {
  readonly kind: 'message-create' | 'message-update' | 'message-delete' | 'reaction' | 'channel' | 'guild';
  readonly guildId: string;
  readonly channelId?: string;
  readonly messageId?: string;
}

/** Listener of `Emulator.onChange`. */
export type ChangeListener = (change: EmulatorChange) => void;

/**
 * Tells watchers (the sandbox page, a test) about every change, ephemeral messages included:
 * the gateway only hears what the bot may see, a watcher hears everything.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: EmulatorChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A watcher's mistake must not break the request that made the change.
      }
    }
  }
}

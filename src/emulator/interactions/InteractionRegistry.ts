import type { InteractionResponse } from '../types.ts';

/** Interaction types: 2 application command, 3 message component, 4 autocomplete. */
export type InteractionType = 2 | 3 | 4;

/** An interaction in flight and everything that answered it. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  guildId: string;
  channelId: string;
  userId: string;
  /** After this (performance.now() clock) a first callback gets 404/10062. */
  deadlineAt: number;
  /** After this the token no longer works for edits and follow-ups (15 minutes). */
  expiresAt: number;
  response: InteractionResponse | undefined;
  /** The reply (type 4/5), or the clicked message after an update (type 6/7). */
  originalId: string | undefined;
  /** A type 5 deferral not yet filled by an edit or the first follow-up. */
  loading: boolean;
  /** The message a clicked component sits on. */
  componentMessageId: string | undefined;
  followUpIds: string[];
}

type Listener = () => void;

/** Interactions by id and token, with change notifications for waiting tests. */
export class InteractionRegistry {
  private readonly byToken = new Map<string, InteractionRecord>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly closers = new Set<(error: Error) => void>();
  private closed = false;

  add(record: InteractionRecord): void {
    this.byToken.set(record.token, record);
  }

  /** The interaction with this token (and id, when given). */
  find(token: string, id?: string): InteractionRecord | undefined {
    const record = this.byToken.get(token);
    return record && (id === undefined || record.id === id) ? record : undefined;
  }

  /** Tells everyone waiting on this interaction that something changed. */
  changed(record: InteractionRecord): void {
    for (const listener of [...(this.listeners.get(record.id) ?? [])]) listener();
  }

  /**
   * Calls `check` now and after every change until it returns true, or rejects after `timeoutMs`
   * with `timeoutError()`, or when the emulator closes.
   */
  watch(record: InteractionRecord, check: () => boolean, timeoutMs: number, timeoutError: () => Error): Promise<void> {
    if (check()) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('emulator closed'));
    return new Promise<void>((resolve, reject) => {
      const set = this.listeners.get(record.id) ?? new Set<Listener>();
      this.listeners.set(record.id, set);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        set.delete(listener);
        this.closers.delete(finish);
        if (error) reject(error);
        else resolve();
      };
      const listener = () => {
        if (check()) finish();
      };
      const timer = setTimeout(() => finish(timeoutError()), Math.max(0, timeoutMs));
      set.add(listener);
      this.closers.add(finish);
    });
  }

  /** Rejects every pending wait: the emulator is going away. */
  close(): void {
    this.closed = true;
    for (const finish of [...this.closers]) finish(new Error('emulator closed'));
  }
}

import { WebSocket } from 'ws';

/** Events kept for RESUME; older ones are dropped (a resume from before them gets op 9). */
const HISTORY_LIMIT = 10_000;

/** One gateway session: its shard, its sequence numbers, and the events it was sent, for replay. */
export class Session {
  seq = 0;
  socket: WebSocket | undefined;
  private readonly history: Array<{ seq: number; frame: string }> = [];

  constructor(
    readonly id: string,
    readonly shardId: number,
    readonly shardCount: number,
    /** The intents of its IDENTIFY: events outside them are never sent. */
    readonly intents: number,
  ) {}

  /** Sends an event now if connected; either way it is kept for a later RESUME. */
  dispatch(event: string, data: unknown): void {
    this.seq += 1;
    const frame = JSON.stringify({ op: 0, t: event, s: this.seq, d: data });
    this.history.push({ seq: this.seq, frame });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  /** True when every event after `seq` is still in the history. */
  canReplayFrom(seq: number): boolean {
    if (seq > this.seq) return false;
    const oldest = this.history[0];
    return oldest === undefined || oldest.seq <= seq + 1;
  }

  /** Sends the events the client missed after `seq`. */
  replayFrom(seq: number): number {
    const missed = this.history.filter((entry) => entry.seq > seq);
    for (const entry of missed) this.socket?.send(entry.frame);
    return missed.length;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }
}

/**
 * Votes are reactions: who reacted with the vote emoji under each message that shows a paper.
 * A member's vote for a paper in a server is one, however many of its messages they reacted to.
 */

/** Voters per message of one paper in one server: message id → user ids. */
export type MessageVoters = Readonly<Record<string, readonly string[]>>;

/** What happened to a paper message's vote reactions. */
export type VoteEvent =
  | { kind: 'add'; messageId: string; userId: string }
  | { kind: 'remove'; messageId: string; userId: string }
  /** All reactions, or all vote reactions, were removed from the message. */
  | { kind: 'clear'; messageId: string }
  /** The message is gone: its votes are withdrawn. */
  | { kind: 'forget'; messageId: string }
  /** Discord's own list of who reacted (a reconciliation): replaces what was known. */
  | { kind: 'set'; messageId: string; userIds: readonly string[] };

/** Applies events in order. Adding a vote twice or removing one never cast changes nothing. */
export function applyVoteEvents(voters: MessageVoters, events: readonly VoteEvent[]): MessageVoters {
  const next = new Map(Object.entries(voters).map(([id, users]) => [id, new Set(users)]));
  for (const event of events) {
    const users = next.get(event.messageId) ?? new Set<string>();
    switch (event.kind) {
      case 'add':
        users.add(event.userId);
        next.set(event.messageId, users);
        break;
      case 'remove':
        users.delete(event.userId);
        next.set(event.messageId, users);
        break;
      case 'clear':
        next.set(event.messageId, new Set());
        break;
      case 'forget':
        next.delete(event.messageId);
        break;
      case 'set':
        next.set(event.messageId, new Set(event.userIds));
        break;
    }
  }
  return Object.fromEntries([...next].map(([id, users]) => [id, [...users].sort()]));
}

/** A paper's votes in a server: the members who reacted under any of its messages, each once. */
export function countVoters(voters: MessageVoters): number {
  const all = new Set<string>();
  for (const users of Object.values(voters)) for (const user of users) all.add(user);
  return all.size;
}

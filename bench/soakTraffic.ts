import type { CommandSpec, Emulator, InteractionHandle, MessageRecord } from '../src/emulator/startEmulator.ts';
import { TOPICS } from '../src/search/topics.ts';
import { random } from './syntheticPapers.ts';

/** One server of the soak: commands are run in #general, its digest posts in #papers. */
export interface SoakServer {
  guildId: string;
  generalId: string;
  papersId: string;
  /** A member with Manage Server, who runs `/digest`. */
  adminId: string;
  /** Topics of its digest (empty: all topics). */
  topics: readonly string[];
}

/** What the traffic is sent into, and what it asks about. */
export interface TrafficWorld {
  emu: Emulator;
  servers: readonly SoakServer[];
  /** Members who run commands and react (members of every server). */
  members: readonly string[];
  /** Days the bot has papers for, newest first. */
  days(): readonly string[];
  /** Ids of papers the bot has stored. */
  paperIds(): readonly string[];
}

/** Counts of one kind of interaction. */
export interface KindCounts {
  sent: number;
  answered: number;
  failed: number;
}

/** What the traffic did so far. */
export interface TrafficStats {
  sent: number;
  answered: number;
  failed: number;
  /** Failures by reason: `no answer` (the 3 s deadline passed), `error reply`, `deferred, never finished`. */
  failures: Record<string, number>;
  byKind: Record<string, KindCounts>;
  /** Interaction created → first callback at the emulator, in ms, of every answered interaction. */
  latenciesMs: number[];
  reactions: number;
  inFlight: number;
}

/** Running traffic: its counters, and a stop that waits for the interactions still unanswered. */
export interface Traffic {
  stats(): TrafficStats;
  stop(): Promise<void>;
}

type Kind =
  | 'today'
  | 'topic'
  | 'search'
  | 'show'
  | 'trending'
  | 'page'
  | 'autocomplete'
  | 'help'
  | 'digest-show'
  | 'digest-set';

/** The mix, by weight: mostly reading papers, some paging and typing, a little digest admin. */
const MIX: ReadonlyArray<readonly [Kind, number]> = [
  ['today', 18],
  ['topic', 14],
  ['search', 14],
  ['show', 10],
  ['trending', 10],
  ['page', 14],
  ['autocomplete', 12],
  ['help', 2],
  ['digest-show', 5],
  ['digest-set', 1],
];
const QUERIES = [
  'diffusion',
  'reinforcement learning',
  'video generation',
  'benchmark',
  'language model agents',
  'reasoning',
  'gaussian splatting',
  'robotics',
  'memory',
  // Refused (too short): the user-error path is traffic too.
  'x',
];
const VOTE = '👍';
/** Not the vote emoji: the bot must ignore it. */
const OTHER = '🎉';
const ERROR_REPLY = 'Something went wrong on our side';
/** How long a deferred answer may take to be filled in (Discord's token lives 15 minutes). */
const DEFERRED_WAIT_MS = 15_000;
/** The most interactions in flight before new ones wait: a stalled bot must not fill memory here. */
const MAX_IN_FLIGHT = 2000;

/** The kind of interaction at `roll` (0 ≤ roll < the sum of the weights) along the mix. */
function chooseKind(roll: number): Kind {
  let left = roll;
  for (const [kind, weight] of MIX) {
    left -= weight;
    if (left < 0) return kind;
  }
  return 'today';
}

/**
 * Whether a deferred reply has its answer: the "thinking…" message edited, or removed and
 * replaced by a follow-up (how a private answer follows a public deferral).
 */
export function answeredAfterDeferral(handle: InteractionHandle): boolean {
  const original = handle.original();
  return handle.followUps().length > 0 || (original !== undefined && (original.flags & 128) === 0);
}

/** `/digest set` of a server's digest: 09:00 UTC every day, with a notice on empty days. */
export function digestSetCommand(server: SoakServer): CommandSpec {
  const options: unknown[] = [
    { type: 7, name: 'channel', value: server.papersId },
    { type: 3, name: 'time', value: '09:00' },
    { type: 5, name: 'empty-notice', value: true },
  ];
  if (server.topics.length > 0) options.push({ type: 3, name: 'topics', value: server.topics.join(', ') });
  return {
    guildId: server.guildId,
    channelId: server.generalId,
    userId: server.adminId,
    name: 'digest',
    options: [{ type: 1, name: 'set', options }],
  };
}

/**
 * Sends interactions at `commandsPerSecond` and toggles reactions under the bot's paper posts at
 * `reactionsPerSecond`, open loop (a slow answer does not slow the traffic, as with real users),
 * and checks that every interaction is answered, and not with the generic error.
 */
export function startTraffic(
  world: TrafficWorld,
  options: { commandsPerSecond: number; reactionsPerSecond: number; seed?: number },
): Traffic {
  const rnd = random(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(rnd() * items.length)];
  const totalWeight = MIX.reduce((sum, [, w]) => sum + w, 0);
  const stats: TrafficStats = {
    sent: 0,
    answered: 0,
    failed: 0,
    failures: {},
    byKind: {},
    latenciesMs: [],
    reactions: 0,
    inFlight: 0,
  };
  const pending = new Set<Promise<void>>();
  /** Recent answers with page buttons, and who may turn them. */
  const pageable: Array<{ server: SoakServer; userId: string; messageId: string; customIds: string[] }> = [];
  /** Recent public `/papers show` answers: members vote under them too. */
  const shown: MessageRecord[] = [];
  let targets: MessageRecord[] = [];

  const countKind = (kind: Kind): KindCounts => {
    let counts = stats.byKind[kind];
    if (!counts) {
      counts = { sent: 0, answered: 0, failed: 0 };
      stats.byKind[kind] = counts;
    }
    return counts;
  };
  const fail = (kind: Kind, reason: string) => {
    stats.failed++;
    countKind(kind).failed++;
    stats.failures[reason] = (stats.failures[reason] ?? 0) + 1;
  };
  const remember = <T>(ring: T[], item: T, size: number) => {
    if (ring.length < size) ring.push(item);
    else ring[Math.floor(rnd() * size)] = item;
  };

  const papersCommand = (server: SoakServer, userId: string, sub: string, opts: unknown[] = []) =>
    world.emu.runCommand({
      guildId: server.guildId,
      channelId: server.generalId,
      userId,
      name: 'papers',
      options: [{ type: 1, name: sub, options: opts }],
    });

  /** Starts one interaction of `kind`; the page kind falls back to `/papers today` until there is a page to turn. */
  const send = (kind: Kind, server: SoakServer, userId: string): { handle: InteractionHandle; kind: Kind } => {
    switch (kind) {
      case 'today': {
        const day = rnd() < 0.5 ? undefined : pick(world.days().slice(0, 5));
        return {
          kind,
          handle: papersCommand(server, userId, 'today', day ? [{ type: 3, name: 'date', value: day }] : []),
        };
      }
      case 'topic':
        return {
          kind,
          handle: papersCommand(server, userId, 'topic', [{ type: 3, name: 'topic', value: pick(TOPICS)?.slug }]),
        };
      case 'search':
        return {
          kind,
          handle: papersCommand(server, userId, 'search', [{ type: 3, name: 'query', value: pick(QUERIES) }]),
        };
      case 'show': {
        const id = pick(world.paperIds().slice(-300)) ?? '2608.17271';
        return { kind, handle: papersCommand(server, userId, 'show', [{ type: 3, name: 'paper', value: id }]) };
      }
      case 'trending': {
        const opts = [
          { type: 3, name: 'window', value: pick(['day', 'week', 'month']) },
          { type: 3, name: 'scope', value: rnd() < 0.8 ? 'server' : 'everywhere' },
        ];
        return { kind, handle: papersCommand(server, userId, 'trending', opts) };
      }
      case 'page': {
        const page = pick(pageable);
        const customId = page && pick(page.customIds);
        if (!page || !customId) return send('today', server, userId);
        return {
          kind,
          handle: world.emu.clickButton({
            guildId: page.server.guildId,
            channelId: page.server.generalId,
            userId: page.userId,
            messageId: page.messageId,
            customId,
          }),
        };
      }
      case 'autocomplete': {
        const typed = (pick(TOPICS)?.slug ?? '').slice(0, Math.floor(rnd() * 6));
        return {
          kind,
          handle: world.emu.autocomplete({
            guildId: server.guildId,
            channelId: server.generalId,
            userId,
            name: 'papers',
            options: [{ type: 1, name: 'topic', options: [{ type: 3, name: 'topic', value: typed, focused: true }] }],
          }),
        };
      }
      case 'help':
        return { kind, handle: papersCommand(server, userId, 'help') };
      case 'digest-show':
        return {
          kind,
          handle: world.emu.runCommand({
            guildId: server.guildId,
            channelId: server.generalId,
            userId: server.adminId,
            name: 'digest',
            options: [{ type: 1, name: 'show' }],
          }),
        };
      case 'digest-set':
        return { kind, handle: world.emu.runCommand(digestSetCommand(server)) };
    }
  };

  /** Waits for the answer, counts it, and keeps what later traffic needs (pages to turn, posts to vote under). */
  const follow = async (handle: InteractionHandle, kind: Kind, server: SoakServer, userId: string, at: number) => {
    try {
      const first = await handle.firstResponse();
      stats.latenciesMs.push(first.at - at);
      // A deferred reply (type 5) is answered when it is filled in or replaced by a follow-up.
      if (first.type === 5) {
        await handle.waitFor(answeredAfterDeferral, DEFERRED_WAIT_MS).catch(() => {
          throw new Error('deferred, never finished');
        });
      }
      const texts = [
        String(first.data?.content ?? ''),
        handle.original()?.content ?? '',
        ...handle.followUps().map((m) => m.content),
      ];
      if (texts.some((t) => t.includes(ERROR_REPLY))) {
        fail(kind, 'error reply');
        return;
      }
      stats.answered++;
      countKind(kind).answered++;
      const original = first.type === 8 ? undefined : handle.original();
      if (!original || (original.flags & 64) !== 0) return;
      if (kind === 'show') remember(shown, original, 50);
      const customIds = original.components
        .flatMap((row) => row.components ?? [])
        .filter((c) => c.type === 2 && c.disabled !== true && typeof c.custom_id === 'string')
        .map((c) => c.custom_id as string);
      if (customIds.length > 0) remember(pageable, { server, userId, messageId: original.id, customIds }, 200);
    } catch (error) {
      fail(kind, error instanceof Error && error.message === 'deferred, never finished' ? error.message : 'no answer');
    }
  };

  const sendOne = () => {
    const server = pick(world.servers);
    const userId = pick(world.members);
    if (!server || !userId) return;
    const chosen = chooseKind(rnd() * totalWeight);
    const at = performance.now();
    const { handle, kind } = send(chosen, server, userId);
    stats.sent++;
    countKind(kind).sent++;
    stats.inFlight++;
    const following = follow(handle, kind, server, userId, at).finally(() => {
      stats.inFlight--;
      pending.delete(following);
    });
    pending.add(following);
  };

  /** Toggles a member's vote (now and then a reaction that is not a vote) under a recent paper post. */
  const reactOne = () => {
    const message = pick(targets);
    const userId = pick(world.members);
    if (!message || !userId || message.deleted) return;
    const emoji = rnd() < 0.9 ? VOTE : OTHER;
    if (message.reactions.get(emoji)?.has(userId)) world.emu.unreact(userId, message.channel_id, message.id, emoji);
    else world.emu.react(userId, message.channel_id, message.id, emoji);
    stats.reactions++;
  };

  /** The last two days of digest posts in every #papers, and the recent `/papers show` answers. */
  const refreshTargets = () => {
    const bot = world.emu.botUserId;
    targets = [
      ...world.servers.flatMap((server) =>
        world.emu
          .messages(server.papersId)
          .filter((m) => m.author.id === bot && m.embeds.length > 0)
          .slice(-12),
      ),
      ...shown,
    ];
  };

  const started = performance.now();
  let commandsDone = 0;
  let reactionsDone = 0;
  let lastTargets = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const now = performance.now();
    if (now - lastTargets > 2000) {
      refreshTargets();
      lastTargets = now;
    }
    const elapsed = (now - started) / 1000;
    // Behind schedule (this event loop was busy) by more than a second: the backlog is dropped, not burst.
    commandsDone = Math.max(commandsDone, Math.floor((elapsed - 1) * options.commandsPerSecond));
    reactionsDone = Math.max(reactionsDone, Math.floor((elapsed - 1) * options.reactionsPerSecond));
    while (commandsDone < Math.floor(elapsed * options.commandsPerSecond)) {
      commandsDone++;
      if (stats.inFlight < MAX_IN_FLIGHT) sendOne();
    }
    while (reactionsDone < Math.floor(elapsed * options.reactionsPerSecond)) {
      reactionsDone++;
      reactOne();
    }
  };
  const timer = setInterval(tick, 20);
  return {
    stats: () => stats,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...pending]);
    },
  };
}

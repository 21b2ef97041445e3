import type { DigestPlan } from '../digests/composeDigest.ts';
import type { DigestSettings } from '../digests/subscription.ts';
import { localDate } from '../digests/zonedTime.ts';
import { createClaimRepository } from '../store/claimRepository.ts';
import type { Store } from '../store/openStore.ts';
import { createRunRepository } from '../store/runRepository.ts';
import { createSubscriptionRepository, type SubscriptionRepository } from '../store/subscriptionRepository.ts';
import { chooseDigestPapers } from './chooseDigestPapers.ts';
import type { DigestDeps } from './DigestDeps.ts';
import { type DeliveryResult, deliverDigest } from './deliverDigest.ts';
import { runDigestSweep, type SweepReport } from './runDigestSweep.ts';

/** Digests as the rest of the bot sees them: the schedule's sweep and what `/digest` needs. */
export interface DigestService {
  readonly subscriptions: SubscriptionRepository;
  /**
   * One pass of the schedule, resolved when its digests are posted. Passes may overlap: a pass
   * leaves alone the channels an earlier one is still posting to, so one slow round never holds
   * up the digests due a minute later.
   */
  sweep(): Promise<SweepReport>;
  /** What the channel's digest would post now (nothing is recorded). */
  preview(settings: DigestSettings): Promise<DigestPlan>;
  /** Posts a digest now, as a test: not the day's digest. */
  sendTest(guildId: string, settings: DigestSettings): Promise<DeliveryResult>;
  missingPermissions(channelId: string): string[] | undefined;
  /** The bot left a server: its digests go. */
  removeGuild(guildId: string): Promise<void>;
  /** The bot left a channel's server or the channel was deleted: its digest goes. */
  removeChannel(guildId: string, channelId: string): Promise<void>;
  /** Starts nothing new, and waits for running passes at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** What the service is built from: the digest shell's dependencies, with the store in place of its repositories. */
export type DigestServiceOptions = Omit<DigestDeps, 'subscriptions' | 'runs' | 'claims' | 'active' | 'stopping'> & {
  store: Store;
};

/** The longest a claim held elsewhere is waited for by a timer, rather than the next minute's sweep. */
const RESWEEP_WITHIN_MS = 10 * 60_000;

export function createDigestService(options: DigestServiceOptions): DigestService {
  let stopped = false;
  const deps: DigestDeps = {
    ...options,
    active: new Set(),
    stopping: () => stopped,
    subscriptions: createSubscriptionRepository(options.store),
    runs: createRunRepository(options.store),
    claims: createClaimRepository(options.store),
  };
  const running = new Set<Promise<SweepReport>>();
  let timer: NodeJS.Timeout | undefined;
  const sweep = (): Promise<SweepReport> => {
    const pass: Promise<SweepReport> = runDigestSweep(deps)
      .then((report) => {
        // A channel another process was posting (or a process that died holding it): look again
        // when its claim runs out, so a restarted bot resumes within seconds, not at the next minute.
        const wait = report.busyUntil === undefined ? undefined : report.busyUntil - deps.clock().getTime() + 250;
        if (wait !== undefined && wait < RESWEEP_WITHIN_MS && !stopped) {
          clearTimeout(timer);
          timer = setTimeout(() => void sweep().catch(() => undefined), Math.max(100, wait));
          timer.unref();
        }
        return report;
      })
      .finally(() => running.delete(pass));
    running.add(pass);
    return pass;
  };
  return {
    subscriptions: deps.subscriptions,
    sweep,
    preview: (settings) => chooseDigestPapers(deps, settings, localDate(settings.timezone, deps.clock())),
    sendTest: (guildId, settings) =>
      deliverDigest(deps, {
        guildId,
        settings,
        occurrence: { day: localDate(settings.timezone, deps.clock()), at: deps.clock() },
        late: false,
        test: true,
      }),
    missingPermissions: (channelId) => deps.poster.missingPermissions(channelId),
    async removeGuild(guildId) {
      const removed = await deps.subscriptions.removeGuild(guildId);
      if (removed > 0) deps.logger.info({ guild: guildId, removed }, 'left a server: its digests are removed');
    },
    async removeChannel(guildId, channelId) {
      await deps.subscriptions.update(guildId, (subs) => ({
        next: subs.filter((s) => s.channelId !== channelId),
        result: undefined,
      }));
    },
    async stop(graceMs = 10_000) {
      stopped = true;
      clearTimeout(timer);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => {
          grace = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(grace);
    },
  };
}

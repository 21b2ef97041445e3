import type { Catalog } from '../catalog/openCatalog.ts';
import type { Logger } from '../logging/createLogger.ts';
import type { ClaimRepository } from '../store/claimRepository.ts';
import type { RunRepository } from '../store/runRepository.ts';
import type { SubscriptionRepository } from '../store/subscriptionRepository.ts';
import type { NewPaperMessage } from '../store/voteRepository.ts';
import type { ChannelPoster } from './createChannelPoster.ts';

/** What the digest shell works with: the repositories, the catalog, Discord and the clock. */
export interface DigestDeps {
  subscriptions: SubscriptionRepository;
  runs: RunRepository;
  claims: ClaimRepository;
  catalog: Catalog;
  poster: ChannelPoster;
  /** Refreshes Daily Papers for these days; a failure keeps the cached papers. */
  refresh(days: readonly string[]): Promise<void>;
  clock: () => Date;
  logger: Logger;
  /** This process's name in claims. */
  owner: string;
  claimTtlMs: number;
  catchUpMs: number;
  /** How many channels are posted to at once. */
  concurrency: number;
  /** Channels this process is posting to right now: a later sweep leaves them alone. */
  active: Set<string>;
  /** A paper message landed: it counts votes from now on. */
  onPaperPosted: (message: NewPaperMessage) => Promise<void>;
  /** Votes per paper in a server, for its weekly trending post. */
  votesIn: (guildId: string) => Promise<ReadonlyMap<string, number>>;
  /** The emoji a server votes with: added under every paper posted there. */
  voteEmoji: (guildId: string) => Promise<string>;
  /** True once the bot is stopping: nothing new is started. */
  stopping: () => boolean;
  /** A digest was just paused (told once per pause), for the operator's metrics. */
  onPaused?: (guildId: string, channelId: string) => void;
}

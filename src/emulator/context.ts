import type { Logger } from 'pino';
import type { ChangeFeed } from './changes.ts';
import type { Gateway } from './gateway/Gateway.ts';
import type { InteractionRegistry } from './interactions/InteractionRegistry.ts';
import type { EmulatorState } from './state/EmulatorState.ts';

/** What routes and helpers share: the state, the gateway, the interactions in flight, the clock. */
export interface EmulatorContext {
  readonly state: EmulatorState;
  readonly gateway: Gateway;
  readonly interactions: InteractionRegistry;
  readonly token: string;
  /** Shard count `/gateway/bot` recommends. */
  readonly shards: number;
  /** The gateway address handed out by `/gateway/bot`. */
  readonly gatewayUrl: () => string;
  /** `performance.now()`: the clock of every `at`. */
  readonly now: () => number;
  readonly logger: Logger | undefined;
  /** How long a sent message's nonce is remembered for `enforce_nonce`. */
  readonly nonceMemoryMs: number;
  /** Every change, for watchers outside the gateway (`Emulator.onChange`). */
  readonly changes: ChangeFeed;
}

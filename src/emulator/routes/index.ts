import type { EmulatorContext } from '../context.ts';
import type { Router } from '../http/router.ts';
import { channelRoutes } from './channelRoutes.ts';
import { commandRoutes } from './commandRoutes.ts';
import { gatewayRoutes } from './gatewayRoutes.ts';
import { guildRoutes } from './guildRoutes.ts';
import { interactionRoutes } from './interactionRoutes.ts';
import { messageRoutes } from './messageRoutes.ts';
import { reactionRoutes } from './reactionRoutes.ts';
import { userRoutes } from './userRoutes.ts';
import { webhookRoutes } from './webhookRoutes.ts';

/** Every REST route the emulator serves. Order matters where a literal (`@me`) would also match a parameter. */
export function registerRoutes(router: Router, ctx: EmulatorContext): void {
  router.add(
    ...gatewayRoutes(ctx),
    ...userRoutes(ctx),
    ...guildRoutes(ctx),
    ...channelRoutes(ctx),
    ...messageRoutes(ctx),
    ...reactionRoutes(ctx),
    ...commandRoutes(ctx),
    ...interactionRoutes(ctx),
    ...webhookRoutes(ctx),
  );
}

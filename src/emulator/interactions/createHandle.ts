import type { EmulatorContext } from '../context.ts';
import type { InteractionHandle, InteractionResponse, MessageRecord } from '../types.ts';
import type { InteractionRecord } from './InteractionRegistry.ts';

const DEFAULT_WAIT_MS = 5000;

/** The test-facing view of an interaction in flight. */
export function createHandle(ctx: EmulatorContext, record: InteractionRecord): InteractionHandle {
  const handle: InteractionHandle = {
    id: record.id,
    token: record.token,
    async firstResponse(): Promise<InteractionResponse> {
      await ctx.interactions.watch(
        record,
        () => record.response !== undefined,
        record.deadlineAt - ctx.now(),
        () => new Error(`interaction ${record.id} got no response within the deadline`),
      );
      const response = record.response;
      if (!response) throw new Error(`interaction ${record.id} got no response`);
      return response;
    },
    original(): MessageRecord | undefined {
      return record.originalId === undefined ? undefined : ctx.state.message(record.originalId);
    },
    followUps(): MessageRecord[] {
      return record.followUpIds.flatMap((id) => {
        const message = ctx.state.message(id);
        return message ? [message] : [];
      });
    },
    waitFor(predicate, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
      return ctx.interactions.watch(
        record,
        () => predicate(handle),
        timeoutMs,
        () => new Error(`interaction ${record.id}: condition not met within ${timeoutMs} ms`),
      );
    },
  };
  return handle;
}

import { type Subscription, subscriptionSchema } from '../../src/digests/subscription.ts';

/** A valid subscription (checked against the schema): 09:00 Berlin, every day, five papers; override what a test is about. */
export function testSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return subscriptionSchema.parse({
    guildId: '100000000000000001',
    channelId: '200000000000000001',
    time: '09:00',
    timezone: 'Europe/Berlin',
    topics: [],
    size: 5,
    minUpvotes: 0,
    days: 'every',
    emptyNotice: false,
    createdBy: '300000000000000001',
    since: '2026-01-01T00:00:00.000Z',
    failedDays: 0,
    ...overrides,
  });
}

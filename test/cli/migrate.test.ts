import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePaper } from '../../src/papers/mergePaper.ts';
import { createClaimRepository } from '../../src/store/claimRepository.ts';
import { openStore, type Store } from '../../src/store/openStore.ts';
import { createPaperRepository } from '../../src/store/paperRepository.ts';
import { createRunRepository } from '../../src/store/runRepository.ts';
import { createSubscriptionRepository } from '../../src/store/subscriptionRepository.ts';
import { createVoteRepository, EVERYWHERE } from '../../src/store/voteRepository.ts';
import { freshRedisUrl, REDIS_URL, tempDir } from '../support/backends.ts';
import { paperInput } from '../support/paperInputs.ts';
import { testSubscription } from '../support/subscriptions.ts';
import { type CliRun, linesOf, runCliLine } from './runCliInProcess.ts';

const cli = (...argv: string[]): Promise<CliRun> => runCliLine(argv);

const NOW = new Date('2026-08-19T12:00:00Z');
const guild = '100000000000000001';
const channel = '200000000000000001';

/** A store with records in every namespace (the index included, through the paper write). */
async function seed(url: string): Promise<void> {
  const store = await openStore(url);
  const days = new Map(
    Array.from({ length: 30 }, (_, i) => {
      const day = `2026-07-${String(i + 1).padStart(2, '0')}`;
      return [day, [mergePaper(undefined, paperInput({ id: `2607.${String(10000 + i)}`, dailyDate: day }), NOW)]];
    }),
  );
  await createPaperRepository(store).putDays(days);
  await store.transaction('index', () =>
    store.keyv('index').set('manifest', { version: 1, generation: 1, next: 0, segments: [] }),
  );
  await createSubscriptionRepository(store).update(guild, () => ({
    next: [testSubscription({ guildId: guild, channelId: channel })],
    result: undefined,
  }));
  await createRunRepository(store).markSent(channel, '2026-08-20', 'header', 'm-1');
  await createClaimRepository(store).claim(`digest:${channel}`, 'p1', NOW.getTime(), 60_000);
  const votes = createVoteRepository(store);
  await votes.apply(guild, new Map([['2607.10000', [{ kind: 'add', messageId: 'm-1', userId: 'u1' }]]]));
  await store.close();
}

/** What a store holds, read through the repositories. */
async function contents(store: Store) {
  const papers = createPaperRepository(store);
  const days: string[] = [];
  for await (const [day] of papers.allDays()) days.push(day);
  return {
    days: days.sort(),
    generation: await papers.generation(),
    index: await store.keyv('index').get('manifest'),
    subs: await createSubscriptionRepository(store).list(guild),
    sent: await createRunRepository(store).sent(channel, '2026-08-20', ['header']),
    claim: await createClaimRepository(store).claim(`digest:${channel}`, 'p2', NOW.getTime(), 60_000),
    tally: await createVoteRepository(store).tally(EVERYWHERE),
  };
}

async function expectSameContents(fromUrl: string, toUrl: string) {
  const [from, to] = [await openStore(fromUrl), await openStore(toUrl)];
  try {
    const expected = await contents(from);
    expect(expected.days).toHaveLength(30);
    expect(await contents(to)).toEqual(expected);
  } finally {
    await from.close();
    await to.close();
  }
}

describe('npm run cli -- migrate', () => {
  it('copies every namespace of a SQLite store into an empty one and verifies the counts', async () => {
    const dir = tempDir();
    const from = join(dir, 'from.sqlite');
    const to = join(dir, 'to.sqlite');
    await seed(`sqlite://${from}`);
    const run = await cli('migrate', '--from', from, '--to', `sqlite://${to}`);
    expect(run.code, run.stderr).toBe(0);
    const lines = linesOf(run.stdout);
    expect(lines).toContain('papers: 31 of 31 records');
    expect(lines.at(-1)).toMatch(/^copied \d+ records from sqlite:\/\/.+ to sqlite:\/\/.+; counts verified$/);
    await expectSameContents(`sqlite://${from}`, `sqlite://${to}`);
    // Into a store that is no longer empty: refused, nothing written.
    const again = await cli('migrate', '--from', from, '--to', to);
    expect(again.code).toBe(2);
    expect(linesOf(again.stderr)).toEqual([expect.stringMatching(/^paperboy: migrate: --to .+ is not empty/)]);
  });

  it.runIf(REDIS_URL)('copies SQLite to Redis and back', async () => {
    const dir = tempDir();
    const from = `sqlite://${join(dir, 'from.sqlite')}`;
    const redis = freshRedisUrl();
    await seed(from);
    const there = await cli('migrate', '--from', from, '--to', redis);
    expect(there.code, there.stderr).toBe(0);
    await expectSameContents(from, redis);
    const back = `sqlite://${join(dir, 'back.sqlite')}`;
    const home = await cli('migrate', '--from', redis, '--to', back);
    expect(home.code, home.stderr).toBe(0);
    expect(linesOf(home.stdout).at(-1)).toMatch(/counts verified$/);
    await expectSameContents(from, back);
  });

  it.each([
    ['no --to', ['migrate', '--from', 'x.sqlite'], /needs --from <path\|url> and --to <path\|url>/],
    ['no flags', ['migrate'], /needs --from/],
    ['--db', ['migrate', '--from', 'a.sqlite', '--to', 'b.sqlite', '--db', 'c.sqlite'], /not --db/],
    ['an argument', ['migrate', 'now', '--from', 'a', '--to', 'b'], /unexpected argument "now"/],
    ['the same store', ['migrate', '--from', 'sqlite://a.sqlite', '--to', 'sqlite://a.sqlite'], /the same store/],
    ['a missing source', ['migrate', '--from', 'no-such-file.sqlite', '--to', 'b.sqlite'], /does not exist/],
    ['a bad URL', ['migrate', '--from', 'ftp://x', '--to', 'b.sqlite'], /unsupported STORE_URL/],
  ])('refuses %s with exit 2 and one line', async (_name, argv, message) => {
    const run = await cli(...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = linesOf(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

import type { PaperInput } from '../../src/papers/paper.ts';
import { parseDailyPapersText } from '../../src/sources/hf/parseDailyPapers.ts';
import { HF_FIXTURES, readFixture, readHfFixture } from '../sources/readFixture.ts';
import { send, startTestServer } from '../sources/startTestServer.ts';

/**
 * Three captured days whose papers carry their own `submittedOnDailyAt`: they are filed under
 * those (past) days whatever day they are served for, so the store never looks fresh to the bot
 * and a restarted bot always refreshes at start-up.
 */
const DAYS = [HF_FIXTURES.latest, HF_FIXTURES.jul20, HF_FIXTURES.aug19] as const;

/** One captured day as the bot will store it. */
export interface FixtureDay {
  name: string;
  papers: PaperInput[];
}

/** A stand-in for huggingface.co that serves captured Daily Papers and can leave requests hanging. */
export interface FixtureDaysServer {
  /** For HF_API_URL. */
  baseUrl: string;
  /** Every captured day, parsed as the bot parses it. */
  days: readonly FixtureDay[];
  /** The captured days in the order they were served (a held request counts when it arrives). */
  served: FixtureDay[];
  /** From the `n`th request on (0-based), requests are left unanswered; undefined answers all. */
  holdFrom(n: number | undefined): void;
  /** From now on every paper has `n` more upvotes than captured: the lists moved on meanwhile. */
  addUpvotes(n: number): void;
  close(): Promise<void>;
}

/**
 * Serves `GET /api/daily_papers?date=D`: the captured day picked by D's day number mod 3, so the
 * bot's three-day refresh window gets each captured day once, even when a restart falls on the
 * next UTC day. A held request is answered never: the socket closes when its process dies.
 */
export async function serveFixtureDays(): Promise<FixtureDaysServer> {
  const days = DAYS.map((name) => ({ name, papers: parseDailyPapersText(readFixture(`hf/${name}`)).papers }));
  const served: FixtureDay[] = [];
  let holdFrom: number | undefined;
  let extraUpvotes = 0;
  const server = await startTestServer((_req, res, received, index) => {
    const date = received.query.get('date') ?? '';
    const day = days[Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000) % days.length];
    // A second page is asked for only after a full one; every captured day fits in one.
    if (!day || received.query.get('p') !== '0') return send(res, 200, '[]');
    served.push(day);
    if (holdFrom !== undefined && index >= holdFrom) return;
    const items = readHfFixture(day.name).map((item) => {
      const paper = item.paper as { upvotes: number };
      return { ...item, paper: { ...paper, upvotes: paper.upvotes + extraUpvotes } };
    });
    send(res, 200, JSON.stringify(items));
  });
  return {
    baseUrl: server.baseUrl,
    days,
    served,
    holdFrom: (n) => {
      holdFrom = n;
    },
    addUpvotes: (n) => {
      extraUpvotes = n;
    },
    close: () => server.close(),
  };
}

import { createHash } from 'node:crypto';
import { classifyDeliveryError } from '../digests/classifyDeliveryError.ts';
import { type DigestRun, retryDelayMs, SETTLED } from '../digests/digestRun.ts';
import { formatDigestHeader, formatDigestPaper, formatEmptyNotice } from '../digests/formatDigestMessages.ts';
import type { Occurrence } from '../digests/planDigests.ts';
import { type DigestSettings, VOTE_EMOJI } from '../digests/subscription.ts';
import type { Paper } from '../papers/paper.ts';
import { chooseDigestPapers, newSweepMemo, type SweepMemo } from './chooseDigestPapers.ts';
import type { DigestDeps } from './DigestDeps.ts';
import { pauseDigest, recordOutcome } from './recordOutcome.ts';

/** How one delivery attempt ended. `busy`: another process holds the channel's claim until `until`. */
export type DeliveryResult = { status: DigestRun['status'] } | { status: 'busy'; until: number };

export interface DeliveryRequest {
  guildId: string;
  settings: DigestSettings;
  occurrence: Occurrence;
  late: boolean;
  /** A `/digest test`: posted now, not recorded as the day's digest. */
  test?: boolean;
}

const HEADER = 'header';

/**
 * Posts one channel's digest for one day, exactly once. The channel is claimed in the store
 * first (of two processes, one posts); the papers are chosen once and recorded, so a restart
 * posts the same ones; each message is recorded the moment Discord accepts it, and carries a
 * nonce, so nothing is posted twice; a run cut short is resumed where it stopped, after checking
 * the channel for posts that landed just before the cut. A lost permission stops the channel at
 * once and pauses the digest; a passing failure is retried later.
 */
export async function deliverDigest(
  deps: DigestDeps,
  request: DeliveryRequest,
  memo: SweepMemo = newSweepMemo(),
): Promise<DeliveryResult> {
  const { settings, occurrence } = request;
  const channelId = settings.channelId;
  const day = request.test ? `test-${deps.clock().getTime()}` : occurrence.day;
  const claimKey = `digest:${channelId}:${day}`;
  const claimed = await deps.claims.claim(claimKey, deps.owner, deps.clock().getTime(), deps.claimTtlMs);
  if (!claimed.ok) return { status: 'busy', until: claimed.until };
  let claimedAt = deps.clock().getTime();
  const renewClaim = async () => {
    // Renewed when half used: one store write per few messages, not one per message.
    if (deps.clock().getTime() - claimedAt < deps.claimTtlMs / 2) return;
    const again = await deps.claims.claim(claimKey, deps.owner, deps.clock().getTime(), deps.claimTtlMs);
    if (!again.ok) throw new ClaimLostError();
    claimedAt = deps.clock().getTime();
  };
  let run = await deps.runs.get(channelId, day);
  const resuming = run !== undefined;
  try {
    if (!run) {
      run = await startRun(deps, request, day, memo);
      if (run.status === 'empty') {
        if (settings.emptyNotice && !request.test)
          await deps.poster.send(channelId, formatEmptyNotice(day, run.reason ?? ''), nonceOf(claimKey, 'empty'));
        await recordOutcome(deps, request, run);
        return { status: 'empty' };
      }
    } else if (SETTLED.has(run.status)) {
      return { status: run.status };
    } else {
      run = { ...run, status: 'sending', attempts: run.attempts + 1 };
      await deps.runs.put(run);
    }
    await postRun(deps, request, run, claimKey, resuming, renewClaim);
    run = {
      ...run,
      status: 'delivered',
      finishedAt: deps.clock().toISOString(),
      reason: undefined,
      nextAttemptAt: undefined,
    };
    await deps.runs.put(run);
    await recordOutcome(deps, request, run);
    return { status: 'delivered' };
  } catch (error) {
    if (error instanceof ClaimLostError || !run) throw error;
    return { status: await recordFailure(deps, request, run, error) };
  } finally {
    await deps.claims
      .release(claimKey, deps.owner)
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, channel: channelId }, 'could not release a digest claim'),
      );
  }
}

/** Chooses the papers and records the run before anything is posted. */
async function startRun(deps: DigestDeps, request: DeliveryRequest, day: string, memo: SweepMemo): Promise<DigestRun> {
  const plan = await chooseDigestPapers(deps, request.settings, request.occurrence.day, memo);
  const now = deps.clock().toISOString();
  const run: DigestRun = {
    guildId: request.guildId,
    channelId: request.settings.channelId,
    day,
    kind: request.test ? 'test' : 'digest',
    status: 'empty' in plan ? 'empty' : 'sending',
    scheduledAt: request.occurrence.at.toISOString(),
    startedAt: now,
    ...('empty' in plan ? { finishedAt: now, reason: plan.empty } : {}),
    late: request.late,
    paperIds: plan.papers.map((p) => p.id),
    posted: 0,
    attempts: 1,
  };
  await deps.runs.put(run);
  return run;
}

/** Posts what is not yet in the delivery log: the header, then each paper with the vote reaction. */
async function postRun(
  deps: DigestDeps,
  request: DeliveryRequest,
  run: DigestRun,
  claimKey: string,
  resuming: boolean,
  renewClaim: () => Promise<void>,
): Promise<void> {
  const { channelId } = request.settings;
  const papers = new Map((await deps.catalog.papers(run.paperIds)).map((p) => [p.id, p]));
  const sent = await deps.runs.sent(channelId, run.day, [HEADER, ...run.paperIds]);
  if (resuming) await recoverLandedPosts(deps, run, papers, sent);
  if (!sent.has(HEADER)) {
    const header = formatDigestHeader(request.settings, request.occurrence.day, run.paperIds.length, {
      late: run.late,
      test: request.test,
    });
    const id = await deps.poster.send(channelId, header, nonceOf(claimKey, HEADER));
    await deps.runs.markSent(channelId, run.day, HEADER, id);
    run.headerMessageId = id;
    await deps.runs.put(run);
  }
  for (const paperId of run.paperIds) {
    const paper = papers.get(paperId);
    const landed = sent.get(paperId);
    if (landed) {
      // Re-adding one's own reaction is harmless: a restart may have cut in before it.
      if (resuming) await deps.poster.react(channelId, landed, VOTE_EMOJI);
      continue;
    }
    if (!paper) continue;
    await renewClaim();
    const id = await deps.poster.send(channelId, formatDigestPaper(paper), nonceOf(claimKey, paperId));
    await deps.runs.markSent(channelId, run.day, paperId, id);
    run.posted += 1;
    await deps.poster.react(channelId, id, VOTE_EMOJI);
  }
  run.posted = (await deps.runs.sent(channelId, run.day, run.paperIds)).size;
}

/**
 * A process killed between Discord accepting a post and the log recording it leaves a post the
 * log does not know. Before resuming, the channel's messages after the header are read and
 * matched to the run's papers by their link, and the log is completed from them.
 */
async function recoverLandedPosts(
  deps: DigestDeps,
  run: DigestRun,
  papers: ReadonlyMap<string, Paper>,
  sent: Map<string, string>,
): Promise<void> {
  const after = run.headerMessageId ?? sent.get(HEADER);
  if (!after || run.paperIds.every((id) => sent.has(id))) return;
  const byLink = new Map([...papers.values()].map((p) => [p.links.hf, p.id]));
  for (const message of await deps.poster.ownMessagesAfter(run.channelId, after)) {
    const paperId = message.url ? byLink.get(message.url) : undefined;
    if (paperId && !sent.has(paperId)) {
      await deps.runs.markSent(run.channelId, run.day, paperId, message.id);
      sent.set(paperId, message.id);
      deps.logger.info({ channel: run.channelId, paper: paperId }, 'digest post found in the channel after a restart');
    }
  }
}

/** Records a failed attempt: pause on a lost channel, retry later on a passing failure. */
async function recordFailure(
  deps: DigestDeps,
  request: DeliveryRequest,
  run: DigestRun,
  error: unknown,
): Promise<DigestRun['status']> {
  const failure = classifyDeliveryError(error);
  const now = deps.clock();
  const posted = (await deps.runs.sent(run.channelId, run.day, run.paperIds)).size;
  const log = { channel: run.channelId, guild: run.guildId, day: run.day, reason: failure.reason, posted };
  let next: DigestRun;
  if (failure.kind === 'gone') {
    next = { ...run, posted, status: 'stopped', reason: failure.reason };
    deps.logger.warn(log, 'digest channel unusable: pausing its digest');
  } else if (failure.kind === 'transient' && !request.test) {
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(run.attempts)).toISOString();
    next = { ...run, posted, status: 'retrying', reason: failure.reason, nextAttemptAt };
    deps.logger.warn({ ...log, err: error, nextAttemptAt }, 'digest failed for now: will retry');
  } else {
    next = { ...run, posted, status: 'failed', reason: failure.reason, finishedAt: now.toISOString() };
    deps.logger.error({ ...log, err: error }, 'digest failed');
  }
  await deps.runs.put(next);
  if (next.status === 'stopped' && !request.test) await pauseDigest(deps, run.guildId, run.channelId, failure.reason);
  await recordOutcome(deps, request, next);
  return next.status;
}

/** Another process took the channel over (this one stalled past its claim): stop quietly. */
class ClaimLostError extends Error {}

/** Discord keeps nonces up to 25 characters: a digest of the run and the slot. */
function nonceOf(claimKey: string, slot: string): string {
  return createHash('sha256').update(`${claimKey}:${slot}`).digest('hex').slice(0, 25);
}

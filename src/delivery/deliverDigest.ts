import { createHash } from 'node:crypto';
import { classifyDeliveryError } from '../digests/classifyDeliveryError.ts';
import { type DigestRun, retryDelayMs, SETTLED } from '../digests/digestRun.ts';
import {
  formatDigestHeader,
  formatDigestPaper,
  formatEmptyNotice,
  formatWeeklyHeader,
  headerPrefix,
  weeklyPrefix,
} from '../digests/formatDigestMessages.ts';
import { type Occurrence, runDayOf } from '../digests/planDigests.ts';
import type { DigestSettings } from '../digests/subscription.ts';
import type { Paper } from '../papers/paper.ts';
import { chooseDigestPapers, newSweepMemo, type SweepMemo } from './chooseDigestPapers.ts';
import { chooseWeeklyPapers } from './chooseWeeklyPapers.ts';
import type { DigestDeps } from './DigestDeps.ts';
import { forgetDigests, pauseDigest, recordOutcome } from './recordOutcome.ts';

/** How one delivery attempt ended. `busy`: another process holds the channel's claim until `until`. */
export type DeliveryResult = { status: DigestRun['status']; reason?: string } | { status: 'busy'; until: number };

export interface DeliveryRequest {
  guildId: string;
  settings: DigestSettings;
  occurrence: Occurrence;
  late: boolean;
  /** A `/digest test`: posted now, not recorded as the day's digest. */
  test?: boolean;
}

const HEADER = 'header';
const EMPTY_NOTICE = 'empty-notice';
/** What the log holds for a paper Discord refused as malformed: skipped, never tried again. */
const SKIPPED = 'skipped';

/** The claim on a channel: one poster at a time, whatever it posts (a day's digest or a test). */
export const channelClaimKey = (channelId: string) => `digest:${channelId}`;

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
  const channelId = request.settings.channelId;
  const day = request.test ? `test-${deps.clock().getTime()}` : runDayOf(request.occurrence);
  const claim = await takeClaim(deps, channelId);
  if (!claim.ok) return { status: 'busy', until: claim.until };
  try {
    let run = await deps.runs.get(channelId, day);
    if (run && SETTLED.has(run.status)) return { status: run.status };
    const resuming = run !== undefined;
    if (run) {
      run = { ...run, status: 'sending', attempts: run.attempts + 1 };
      await deps.runs.put(run);
    } else {
      run = await startRun(deps, request, day, memo);
    }
    try {
      if (run.emptyReason !== undefined) await postEmptyNotice(deps, request, run);
      else await postRun(deps, request, run, resuming, claim.keep);
    } catch (error) {
      if (error instanceof ClaimLostError) throw error;
      const status = await recordFailure(deps, request, run, error);
      return { status, reason: classifyDeliveryError(error).reason };
    }
    const status = run.emptyReason !== undefined ? 'empty' : 'delivered';
    run = { ...run, status, finishedAt: deps.clock().toISOString(), reason: run.emptyReason, nextAttemptAt: undefined };
    await deps.runs.put(run);
    await recordOutcome(deps, request, run);
    return { status };
  } catch (error) {
    if (!(error instanceof ClaimLostError)) throw error;
    deps.logger.warn({ channel: channelId, day }, 'another process took this digest over: stopping here');
    return { status: 'busy', until: deps.clock().getTime() };
  } finally {
    await deps.claims
      .release(channelClaimKey(channelId), deps.owner)
      .catch((error: unknown) => deps.logger.warn({ err: error, channel: channelId }, 'could not release a claim'));
  }
}

/**
 * Takes the channel's claim. `keep` renews it when half used (one store write per few messages)
 * and says whether it had lapsed meanwhile: then another process may have posted, and the log
 * must be read again before anything more is sent.
 */
async function takeClaim(deps: DigestDeps, channelId: string) {
  const key = channelClaimKey(channelId);
  const first = await deps.claims.claim(key, deps.owner, deps.clock().getTime(), deps.claimTtlMs);
  if (!first.ok) return first;
  let claimedAt = deps.clock().getTime();
  const keep = async (): Promise<'held' | 'lapsed'> => {
    if (deps.clock().getTime() - claimedAt < deps.claimTtlMs / 2) return 'held';
    const again = await deps.claims.claim(key, deps.owner, deps.clock().getTime(), deps.claimTtlMs);
    if (!again.ok) throw new ClaimLostError();
    claimedAt = deps.clock().getTime();
    return again.renewed ? 'held' : 'lapsed';
  };
  return { ok: true as const, keep };
}

/** Chooses the papers and records the run before anything is posted. */
async function startRun(deps: DigestDeps, request: DeliveryRequest, day: string, memo: SweepMemo): Promise<DigestRun> {
  const weekly = request.occurrence.weekly === true && !request.test;
  const plan = weekly
    ? await chooseWeeklyPapers(deps, request.guildId, request.settings, request.occurrence.day)
    : await chooseDigestPapers(deps, request.settings, request.occurrence.day, memo);
  const run: DigestRun = {
    guildId: request.guildId,
    channelId: request.settings.channelId,
    day,
    kind: request.test ? 'test' : weekly ? 'weekly' : 'digest',
    status: 'sending',
    scheduledAt: request.occurrence.at.toISOString(),
    startedAt: deps.clock().toISOString(),
    late: request.late,
    paperIds: plan.papers.map((p) => p.id),
    posted: 0,
    attempts: 1,
    ...('empty' in plan ? { emptyReason: plan.empty } : {}),
  };
  await deps.runs.put(run);
  return run;
}

/** A day with nothing to post: the optional one-line notice, once. */
async function postEmptyNotice(deps: DigestDeps, request: DeliveryRequest, run: DigestRun): Promise<void> {
  // A week without votes stays quiet: the notice is for days without papers.
  if (!request.settings.emptyNotice || request.test || run.kind === 'weekly') return;
  if ((await deps.runs.sent(run.channelId, run.day, [EMPTY_NOTICE])).size > 0) return;
  const notice = formatEmptyNotice(run.day, run.emptyReason ?? '');
  const id = await deps.poster.send(run.channelId, notice, nonceOf(run, EMPTY_NOTICE));
  await deps.runs.markSent(run.channelId, run.day, EMPTY_NOTICE, id);
}

/** Posts what is not yet in the delivery log: the header, then each paper with the vote reaction. */
async function postRun(
  deps: DigestDeps,
  request: DeliveryRequest,
  run: DigestRun,
  resuming: boolean,
  keepClaim: () => Promise<'held' | 'lapsed'>,
): Promise<void> {
  const { channelId } = run;
  const emoji = await deps.voteEmoji(run.guildId);
  const slots = [HEADER, ...run.paperIds];
  const papers = new Map((await deps.catalog.papers(run.paperIds)).map((p) => [p.id, p]));
  let sent = await deps.runs.sent(channelId, run.day, slots);
  if (resuming && !request.test) await recoverLandedPosts(deps, run, papers, sent, emoji);
  /** Before each post: if the claim had lapsed, someone else may have posted; read the log again. */
  const beforePost = async () => {
    if ((await keepClaim()) === 'held') return;
    const current = await deps.runs.get(channelId, run.day);
    if (current && SETTLED.has(current.status)) throw new ClaimLostError();
    sent = await deps.runs.sent(channelId, run.day, slots);
  };
  if (!sent.has(HEADER)) {
    await beforePost();
    const header =
      run.kind === 'weekly'
        ? formatWeeklyHeader(request.occurrence.day, run.paperIds.length, emoji)
        : formatDigestHeader(request.settings, request.occurrence.day, run.paperIds.length, {
            late: run.late,
            test: request.test,
            emoji,
          });
    const id = await deps.poster.send(channelId, header, nonceOf(run, HEADER));
    await deps.runs.markSent(channelId, run.day, HEADER, id);
    run.headerMessageId = id;
    await deps.runs.put(run);
  }
  for (const paperId of run.paperIds) {
    const landed = sent.get(paperId);
    if (landed === SKIPPED) continue;
    if (landed) {
      // A restart may have cut in before the reaction: adding one's own again is harmless.
      if (resuming) await react(deps, channelId, landed, emoji);
      continue;
    }
    const paper = papers.get(paperId);
    if (!paper) continue;
    await beforePost();
    if (sent.has(paperId)) continue;
    let id: string;
    try {
      id = await deps.poster.send(channelId, formatDigestPaper(paper), nonceOf(run, paperId));
    } catch (error) {
      const failure = classifyDeliveryError(error);
      if (failure.kind !== 'broken') throw error;
      // Discord refuses this one paper's card (a bad link, AutoMod): skip it, post the rest.
      deps.logger.error({ err: error, channel: channelId, paper: paperId }, 'a digest paper was refused: skipped');
      await deps.runs.markSent(channelId, run.day, paperId, SKIPPED);
      continue;
    }
    await deps.runs.markSent(channelId, run.day, paperId, id);
    await deps.onPaperPosted({ messageId: id, channelId, guildId: run.guildId, paperId, day: postDay(deps), emoji });
    await react(deps, channelId, id, emoji);
  }
  const final = await deps.runs.sent(channelId, run.day, run.paperIds);
  run.posted = [...final.values()].filter((v) => v !== SKIPPED).length;
}

/** Adds the vote reaction; a message deleted meanwhile, or a refused reaction, is not a reason to stop. */
async function react(deps: DigestDeps, channelId: string, messageId: string, emoji: string): Promise<void> {
  try {
    await deps.poster.react(channelId, messageId, emoji);
  } catch (error) {
    const failure = classifyDeliveryError(error);
    if (failure.kind !== 'message-gone' && failure.kind !== 'broken') throw error;
    deps.logger.info({ channel: channelId, message: messageId, reason: failure.reason }, 'vote reaction not added');
  }
}

/**
 * A process killed between Discord accepting a post and the log recording it leaves a post the
 * log does not know. Before resuming, the bot's own recent messages in the channel (not its
 * command answers) are read and matched — the header by its first line, papers by their link
 * after the header — and the log is completed from them.
 */
async function recoverLandedPosts(
  deps: DigestDeps,
  run: DigestRun,
  papers: ReadonlyMap<string, Paper>,
  sent: Map<string, string>,
  emoji: string,
): Promise<void> {
  if ([HEADER, ...run.paperIds].every((slot) => sent.has(slot))) return;
  const record = async (slot: string, messageId: string) => {
    await deps.runs.markSent(run.channelId, run.day, slot, messageId);
    sent.set(slot, messageId);
    deps.logger.info({ channel: run.channelId, slot }, 'digest post found in the channel after a restart');
  };
  if (!sent.has(HEADER)) {
    const prefix = run.kind === 'weekly' ? weeklyPrefix(run.day.slice('weekly-'.length)) : headerPrefix(run.day);
    const header = (await deps.poster.ownMessages(run.channelId)).find((m) => m.content.startsWith(prefix));
    if (!header) return;
    await record(HEADER, header.id);
    run.headerMessageId = header.id;
  }
  const after = run.headerMessageId ?? sent.get(HEADER);
  if (!after) return;
  const byLink = new Map([...papers.values()].map((p) => [p.links.hf, p.id]));
  for (const message of await deps.poster.ownMessages(run.channelId, after)) {
    const paperId = message.url ? byLink.get(message.url) : undefined;
    if (paperId && !sent.has(paperId)) {
      await record(paperId, message.id);
      await deps.onPaperPosted({
        messageId: message.id,
        channelId: run.channelId,
        guildId: run.guildId,
        paperId,
        day: postDay(deps),
        emoji,
      });
    }
  }
}

/** Records a failed attempt: pause (or forget) a lost channel, retry later on a passing failure. */
async function recordFailure(
  deps: DigestDeps,
  request: DeliveryRequest,
  run: DigestRun,
  error: unknown,
): Promise<DigestRun['status']> {
  const failure = classifyDeliveryError(error);
  const now = deps.clock();
  const posted = [...(await deps.runs.sent(run.channelId, run.day, run.paperIds)).values()].filter(
    (v) => v !== SKIPPED,
  ).length;
  const log = { channel: run.channelId, guild: run.guildId, day: run.day, reason: failure.reason, posted };
  let next: DigestRun;
  if (failure.kind === 'gone') {
    next = { ...run, posted, status: 'stopped', reason: failure.reason };
    deps.logger.warn(log, 'digest channel unusable: stopping there');
  } else if (failure.kind === 'transient' && !request.test) {
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(run.attempts)).toISOString();
    next = { ...run, posted, status: 'retrying', reason: failure.reason, nextAttemptAt };
    deps.logger.warn({ ...log, err: error, nextAttemptAt }, 'digest failed for now: will retry');
  } else {
    next = { ...run, posted, status: 'failed', reason: failure.reason, finishedAt: now.toISOString() };
    deps.logger.error({ ...log, err: error }, 'digest failed');
  }
  await deps.runs.put(next);
  if (request.test) return next.status;
  if (failure.kind === 'gone' && failure.removed) {
    await forgetDigests(deps, run.guildId, failure.removed === 'channel' ? run.channelId : undefined, failure.reason);
    return next.status;
  }
  if (failure.kind === 'gone') await pauseDigest(deps, run.guildId, run.channelId, failure.reason);
  await recordOutcome(deps, request, next, { countsAsFailedDay: next.status === 'failed' });
  return next.status;
}

/** The UTC day a message is posted on: votes are reconciled over the recent ones. */
const postDay = (deps: DigestDeps) => deps.clock().toISOString().slice(0, 10);

/** Another process took the channel over (this one stalled past its claim): stop quietly. */
class ClaimLostError extends Error {}

/** Discord keeps nonces up to 25 characters: a digest of the run and the slot. */
function nonceOf(run: DigestRun, slot: string): string {
  return createHash('sha256').update(`${run.channelId}:${run.day}:${slot}`).digest('hex').slice(0, 25);
}

import cron, { type ScheduledTask } from 'node-cron';
import type { Job, JobContext } from '../jobs.ts';

/** Running jobs: stop scheduling, then wait for whatever is mid-run. */
export interface JobRunner {
  /** Runs a job now (e.g. at start-up), unless it is already running. */
  runNow(name: string): Promise<void>;
  /** Stops scheduling and waits for running jobs, at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Schedules each job with node-cron in its own timezone. A run that is still going when the next
 * is due is not started twice; a failed run is logged and the schedule goes on.
 */
export function startJobs(jobs: readonly Job[], ctx: JobContext): JobRunner {
  const running = new Map<string, Promise<void>>();
  const run = (job: Job): Promise<void> => {
    const current = running.get(job.name);
    if (current) return current;
    const started = Date.now();
    const next = job
      .run(ctx)
      .then(() => ctx.logger.debug({ job: job.name, ms: Date.now() - started }, 'job done'))
      .catch((error: unknown) => ctx.logger.error({ job: job.name, err: error }, 'job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, next);
    return next;
  };
  const tasks: ScheduledTask[] = jobs.map((job) => {
    const { cron: expression, timezone } = job.schedule(ctx.config);
    const task = cron.schedule(expression, () => run(job), { name: job.name, timezone, noOverlap: true });
    // node-cron would print these unstructured to the console; they belong in the log.
    task.on('execution:missed', (event) =>
      ctx.logger.warn({ job: job.name, at: event.date }, 'a scheduled run was missed: the process was busy'),
    );
    task.on('execution:overlap', () => ctx.logger.debug({ job: job.name }, 'still running: this run is skipped'));
    return task;
  });
  return {
    runNow: async (name) => {
      const job = jobs.find((j) => j.name === name);
      if (job) await run(job);
    },
    stop: async (graceMs = 10_000) => {
      for (const task of tasks) await task.destroy();
      // A job waiting out a source's Retry-After must not hold a shutdown for minutes; writes
      // are transactions, so one cut short leaves the store as it was.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.all(running.values()), grace]);
      clearTimeout(timer);
    },
  };
}

/** Vitest global setup: says once per run why the Redis contract tests did not run. */
export default function redisNotice(): void {
  if (!process.env.REDIS_URL) console.warn('REDIS_URL not set: Redis contract tests skipped');
}

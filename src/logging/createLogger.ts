import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr, so stdout stays free for command output.
 * The token and anything that looks like a secret is redacted wherever it appears in a log object.
 */
export function createLogger(level: string = 'info'): Logger {
  return pino(
    {
      level,
      base: { app: 'paperboy' },
      redact: {
        paths: [
          'token',
          '*.token',
          'DISCORD_TOKEN',
          '*.DISCORD_TOKEN',
          'headers.authorization',
          '*.headers.authorization',
          // discord.js REST errors carry the interaction token in the URL and the whole payload.
          'err.url',
          'err.requestBody',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything: for tests and benchmarks that assert on behaviour, not logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

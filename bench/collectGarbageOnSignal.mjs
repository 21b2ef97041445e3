/**
 * Loaded into the bot by `npm run soak`, with `--expose-gc`: SIGUSR2 asks for a full garbage
 * collection, so the memory read just after is what the bot keeps, not garbage V8 has yet to collect.
 */
process.on('SIGUSR2', () => globalThis.gc?.());

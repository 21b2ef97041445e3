/**
 * Why the store could not do its job, as an operator would put it: its disk is full, its file or
 * volume is read-only, its disk failed, or the Redis server does not answer.
 */
export type StoreFaultKind = 'disk_full' | 'read_only' | 'io_error' | 'unreachable';

/** The words each kind is logged with: the first thing an operator reads. */
const CAUSE: Record<StoreFaultKind, string> = {
  disk_full: 'disk full',
  read_only: 'store is read-only',
  io_error: 'disk I/O error',
  unreachable: 'Redis unreachable',
};

/**
 * A store operation failed because of the store's surroundings, not the data: the same operation
 * succeeds once the operator (or Redis's restart) fixes them. A failed write was a whole
 * transaction, so nothing of it was applied — except when Redis went away between running a
 * commit and answering it, which is why every repository write can be applied twice.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';

  constructor(
    readonly kind: StoreFaultKind,
    operation: 'read' | 'write',
    cause: unknown,
  ) {
    super(`store ${operation} failed: ${CAUSE[kind]} (${cause instanceof Error ? cause.message : String(cause)})`, {
      cause,
    });
  }
}

/** Redis client errors (by class: node-redis leaves `name` as "Error") that mean the connection is gone or not back yet. */
const REDIS_GONE = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'SocketTimeoutError',
  'ReconnectStrategyError',
  'TimeoutError',
]);
const NET_GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * The fault an error of SQLite, the file system or the Redis client stands for; undefined for
 * anything else (a bug, bad data), which retrying would not fix.
 */
export function classifyStoreFault(error: unknown): StoreFaultKind | undefined {
  if (error instanceof StoreUnavailableError) return error.kind;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  const message = error.message;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'disk_full';
  if (code === 'SQLITE_READONLY' || code === 'EROFS' || message.startsWith('READONLY ')) return 'read_only';
  if (code === 'SQLITE_IOERR' || code === 'EIO') return 'io_error';
  // Redis refusing writes because it cannot persist them (a failed RDB save: usually its disk).
  if (message.startsWith('MISCONF ')) return 'disk_full';
  if (REDIS_GONE.has(error.constructor.name) || (typeof code === 'string' && NET_GONE.has(code))) return 'unreachable';
  // Redis restarted and still loading its data, or @keyv/redis's own "not connected" error.
  if (message.startsWith('LOADING ') || message.startsWith('Redis client is not connected')) return 'unreachable';
  return undefined;
}

/** The error as a `StoreUnavailableError` when it is a store fault; anything else unchanged. */
export function asStoreFault(error: unknown, operation: 'read' | 'write'): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const kind = classifyStoreFault(error);
  return kind ? new StoreUnavailableError(kind, operation, error) : error;
}

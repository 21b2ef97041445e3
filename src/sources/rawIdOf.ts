import { normalizePaperId } from '../papers/normalizePaperId.ts';

/**
 * The paper id at `path` inside an item that failed validation, for its skip report,
 * when there is a readable one; `{}` otherwise.
 */
export function rawIdOf(item: unknown, path: readonly string[]): { id?: string } {
  let node: unknown = item;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return {};
    node = (node as Record<string, unknown>)[key];
  }
  const id = typeof node === 'string' ? normalizePaperId(node) : undefined;
  return id === undefined ? {} : { id };
}

import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

/**
 * The layout Paperboy avoids, measured for comparison: one keyv record per paper, each `set`
 * its own transaction, and a start-up that scans every record with the adapter's default
 * iterator (LIMIT/OFFSET pages of 10). Returns papers written per second and the scan time.
 */
export async function naiveKeyvLayout(
  file: string,
  papers: ReadonlyArray<{ id: string }>,
): Promise<{ setsPerSecond: number; scanSeconds: number }> {
  const keyv = new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${file}` }), namespace: 'papers' });
  let start = performance.now();
  for (const paper of papers) await keyv.set(paper.id, paper);
  const setsPerSecond = papers.length / ((performance.now() - start) / 1000);
  start = performance.now();
  let seen = 0;
  for await (const _entry of keyv.iterator?.(undefined) ?? []) seen++;
  const scanSeconds = (performance.now() - start) / 1000;
  await keyv.disconnect();
  if (seen !== papers.length) throw new Error(`naive scan saw ${seen} of ${papers.length} papers`);
  return { setsPerSecond, scanSeconds };
}

import sqlite3 from 'sqlite3';

/**
 * The baseline the import is compared with: the same rows (one JSON document per paper)
 * inserted with sqlite3 directly, one prepared statement, one transaction, WAL. Returns seconds.
 */
export async function rawSqliteInsert(file: string, rows: ReadonlyArray<{ id: string }>): Promise<number> {
  const db = new sqlite3.Database(file);
  const run = (sql: string) => new Promise<void>((ok, fail) => db.run(sql, (e: Error | null) => (e ? fail(e) : ok())));
  await run('PRAGMA journal_mode=WAL');
  await run('PRAGMA synchronous=NORMAL');
  await run('CREATE TABLE papers(key VARCHAR(255) PRIMARY KEY, value TEXT)');
  const start = performance.now();
  await run('BEGIN');
  const stmt = db.prepare('INSERT INTO papers(key, value) VALUES (?, ?)');
  await Promise.all(
    rows.map(
      (row) =>
        new Promise<void>((ok, fail) =>
          stmt.run(row.id, JSON.stringify(row), (e: Error | null) => (e ? fail(e) : ok())),
        ),
    ),
  );
  await new Promise<void>((ok) => stmt.finalize(() => ok()));
  await run('COMMIT');
  const seconds = (performance.now() - start) / 1000;
  await new Promise<void>((ok) => db.close(() => ok()));
  return seconds;
}

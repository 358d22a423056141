import { missingPackageError, TIMESTAMPTZ_OID } from './sql-store.js';
import type { SqlDatabase, SqlQueryable } from './sql-store.js';

/**
 * The embedded database: in memory when `dataDir` is undefined. PGlite has one connection and queues
 * its work itself: `query` and `transaction` share one lock, so transactions run one at a time and a
 * plain query waits for an open transaction to end.
 */
export async function openPglite(options: { dataDir?: string } = {}): Promise<SqlDatabase> {
  let pglite: typeof import('@electric-sql/pglite');
  try {
    pglite = await import('@electric-sql/pglite');
  } catch (error) {
    throw missingPackageError(error, '@electric-sql/pglite', 'the embedded database') ?? error;
  }
  // timestamptz stays text (the store turns it into RFC 3339 itself): no Date per value on a 10,000-row read.
  const db = await pglite.PGlite.create(options.dataDir, { parsers: { [TIMESTAMPTZ_OID]: (value: string) => value } });
  const queryable = (target: Pick<typeof db, 'query'>): SqlQueryable => ({
    query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await target.query<R>(sql, params)).rows }),
  });
  return {
    ...queryable(db),
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    close: () => db.close(),
  };
}

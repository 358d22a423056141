import { missingPackageError, TIMESTAMPTZ_OID } from './sql-store.js';
import type { SqlDatabase, SqlQueryable } from './sql-store.js';

/**
 * PostgreSQL through a `pg` pool. timestamptz comes back as text in UTC, bigint as a string.
 */
export async function openPostgres(options: { connectionString: string; max?: number }): Promise<SqlDatabase> {
  let pg: typeof import('pg').default;
  try {
    pg = (await import('pg')).default;
  } catch (error) {
    throw missingPackageError(error, 'pg', 'PostgreSQL') ?? error;
  }
  const types = pg.types;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // timestamptz stays text, in UTC (the store turns it into RFC 3339 itself): no Date per value.
    options: '-c TimeZone=UTC',
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMPTZ_OID ? (value: string) => value : types.getTypeParser(oid, format))) as typeof types.getTypeParser },
  });
  // An idle client whose connection dies emits 'error' on the pool; unheard, it would end the process.
  // The pool drops that client, and the next query connects afresh (or fails where it can be handled).
  pool.on('error', () => {});

  const listeners = new Set<() => Promise<void>>();
  const queryable = (target: Pick<import('pg').PoolClient, 'query'>): SqlQueryable => ({
    query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await target.query(sql, params)).rows as R[] }),
  });

  return {
    ...queryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A client that could not roll back is destroyed rather than returned to the pool mid-transaction.
        client.release(broken);
      }
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
    async listen(channel, onPayload) {
      // A connection of its own, outside the pool: LISTEN lasts as long as the connection. When it
      // drops, a new one listens again (changes in between are missed; pages resume with a refresh).
      let client: InstanceType<typeof pg.Client> | null = null;
      let stopped = false;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: options.connectionString });
        next.on('notification', (message) => {
          if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
        });
        next.on('error', () => {
          next.end().catch(() => {});
          if (!stopped) setTimeout(() => void connect().catch(() => {}), 1_000);
        });
        await next.connect();
        await next.query(`LISTEN ${channel}`);
        client = next;
      };
      await connect();
      const stop = async () => {
        stopped = true;
        listeners.delete(stop);
        await client?.end().catch(() => {});
      };
      listeners.add(stop);
      return stop;
    },
  };
}

import type { ChannelStore } from './channel-store.js';
import { migrate } from './migrations.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { SqlStore } from './sql-store.js';
import type { SqlDatabase } from './sql-store.js';

/** PostgreSQL when `databaseUrl` is given, else PGlite (on `dataDir`, or in memory); migrated. */
export async function openStore(options: { databaseUrl?: string; dataDir?: string; poolSize?: number } = {}): Promise<ChannelStore> {
  const { databaseUrl, dataDir, poolSize } = options;
  if (databaseUrl && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new Error('channel-kit/server: the database URL must start with postgres:// or postgresql://.');
  }
  const db: SqlDatabase = databaseUrl ? await openPostgres({ connectionString: databaseUrl, max: poolSize }) : await openPglite({ dataDir });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return new SqlStore(db);
}

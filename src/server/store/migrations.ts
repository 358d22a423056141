import type { SqlDatabase } from './sql-store.js';

export interface Migration {
  version: number;
  name: string;
  /** Statements separated by a `;` at the end of a line (PGlite runs one statement per query). */
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'channels and authorizations',
    sql: `
      CREATE TABLE channel_kit_channels (
        workspace_id text NOT NULL,
        id text NOT NULL,
        seq bigserial NOT NULL UNIQUE,
        type text NOT NULL,
        name text NOT NULL,
        account_id text NOT NULL,
        avatar_url text,
        status text NOT NULL,
        connected_at timestamptz,
        disconnected_at timestamptz,
        token_expires_at timestamptz,
        last_error jsonb,
        setup_checks jsonb NOT NULL DEFAULT '[]',
        sealed_token text,
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE INDEX channel_kit_channels_workspace_seq ON channel_kit_channels (workspace_id, seq);
      CREATE INDEX channel_kit_channels_account ON channel_kit_channels (type, account_id);
      CREATE TABLE channel_kit_authorizations (
        workspace_id text NOT NULL,
        id text NOT NULL,
        state text NOT NULL UNIQUE,
        mode text NOT NULL,
        channel_type text NOT NULL,
        channel_id text,
        opener_origin text,
        status text NOT NULL,
        code text,
        "grant" jsonb,
        error jsonb,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (workspace_id, id)
      );
    `,
  },
];

/** Any fixed number: every migrator takes the same transaction-scoped advisory lock, so racing processes take turns. */
const MIGRATION_LOCK = 7_411_360_215;

/** Applies the missing migrations, each in its own transaction; returns the versions it applied. */
export async function migrate(db: SqlDatabase): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(
        'CREATE TABLE IF NOT EXISTS channel_kit_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await tx.query('SELECT 1 FROM channel_kit_migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      for (const statement of statements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO channel_kit_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

function statements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

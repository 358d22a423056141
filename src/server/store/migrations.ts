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
  {
    version: 2,
    name: 'the ids Meta names a channel by',
    sql: `
      ALTER TABLE channel_kit_channels ADD COLUMN meta_refs text[] NOT NULL DEFAULT '{}';
      CREATE INDEX channel_kit_channels_meta_refs ON channel_kit_channels USING gin (meta_refs);
    `,
  },
  {
    version: 3,
    name: 'jobs',
    sql: `
      CREATE TABLE channel_kit_jobs (
        id text PRIMARY KEY,
        kind text NOT NULL,
        payload jsonb NOT NULL,
        run_after timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        leased_until timestamptz,
        last_error text,
        done_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX channel_kit_jobs_due ON channel_kit_jobs (run_after) WHERE done_at IS NULL;
      CREATE INDEX channel_kit_jobs_done ON channel_kit_jobs (done_at) WHERE done_at IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'health-check leases',
    // The index's predicate is the one SqlHealthLeases.claimDue filters on: only the checkable channels, oldest check first.
    sql: `
      ALTER TABLE channel_kit_channels ADD COLUMN health_checked_at timestamptz;
      ALTER TABLE channel_kit_channels ADD COLUMN health_leased_until timestamptz;
      CREATE INDEX channel_kit_channels_health_due ON channel_kit_channels (health_checked_at NULLS FIRST)
        WHERE sealed_token IS NOT NULL AND status <> 'disconnected' AND type IN ('facebook', 'instagram', 'whatsapp');
    `,
  },
  {
    version: 5,
    name: 'authorizations purged after they expire',
    sql: `
      CREATE INDEX channel_kit_authorizations_expires ON channel_kit_authorizations (expires_at);
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

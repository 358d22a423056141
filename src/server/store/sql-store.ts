import { ChannelKitError } from '../../core/errors.js';
import type {
  ChannelPageQuery,
  ChannelStore,
  NewAuthorization,
  NewChannel,
  StoreTransaction,
  StoredAuthorization,
  StoredChannel,
  StoredChannelPage,
  ChangeChannel,
} from './channel-store.js';
import { SqlHealthLeases } from './sql-health-leases.js';
import { SqlJobQueue } from './sql-job-queue.js';
import {
  AUTHORIZATION_COLUMNS,
  authorizationParams,
  CHANNEL_COLUMNS,
  CHANNEL_INSERT_COLUMNS,
  channelParams,
  channelValues,
  LISTED_COLUMNS,
  toAuthorization,
  toChannel,
  toListed,
  type Row,
} from './sql-rows.js';

export interface SqlQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** One database, PGlite or PostgreSQL: `$1` placeholders, one statement per `query`. */
export interface SqlDatabase extends SqlQueryable {
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL: `LISTEN` on a connection of its own, for changes made by other server instances. */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/** The one-line error for an optional database package that is not installed, or null for any other failure. */
export function missingPackageError(error: unknown, name: string, purpose: string): Error | null {
  const missing =
    error instanceof Error &&
    (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes(`'${name}'`);
  return missing ? new Error(`channel-kit/server: ${purpose} needs ${name}. Install it: npm install ${name}`) : null;
}

export function invalidCursor(): ChannelKitError {
  return new ChannelKitError('invalid_request', 'Unknown cursor.', { status: 400, code: 'invalid_cursor' });
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ChannelKitError('invalid_request', 'The page size must be a positive integer.', { status: 400, code: 'invalid_limit' });
  }
}

export function duplicateRow(cause?: unknown): ChannelKitError {
  return new ChannelKitError('conflict', 'A row with this id or state already exists.', { status: 409, code: 'duplicate', cause });
}

export function missingRow(what: 'channel' | 'authorization'): ChannelKitError {
  return new ChannelKitError('not_found', `No such ${what}.`, { status: 404, code: 'not_found' });
}

/** Chunks of 1,000 rows keep each INSERT under PostgreSQL's 65,535 parameters (14 a row). */
const IMPORT_CHUNK = 1000;
const ANALYZE_AFTER_ROWS = 1000;

/** PostgreSQL's type id for timestamptz, which both drivers are told to return as text. */
export const TIMESTAMPTZ_OID = 1184;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function insertOne<T>(db: SqlQueryable, sql: string, params: unknown[], map: (row: Row) => T): Promise<T> {
  try {
    const { rows } = await db.query(sql, params);
    return map(rows[0] as Row);
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateRow(error) : error;
  }
}

class SqlTransaction implements StoreTransaction {
  constructor(private readonly db: SqlQueryable) {}

  async getChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null> {
    return this.oneChannel('', workspaceId, channelId);
  }

  async lockChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null> {
    return this.oneChannel(' FOR UPDATE', workspaceId, channelId);
  }

  async channelsForAccount(type: string, accountId: string): Promise<StoredChannel[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${CHANNEL_COLUMNS} FROM channel_kit_channels WHERE type = $1 AND account_id = $2 ORDER BY seq`,
      [type, accountId],
    );
    return rows.map(toChannel);
  }

  async channelsByMetaRef(ref: string): Promise<StoredChannel[]> {
    // `@>` on the array is what the GIN index answers.
    const { rows } = await this.db.query<Row>(
      `SELECT ${CHANNEL_COLUMNS} FROM channel_kit_channels WHERE meta_refs @> ARRAY[$1::text] ORDER BY seq`,
      [ref],
    );
    return rows.map(toChannel);
  }

  async insertChannel(channel: NewChannel): Promise<StoredChannel> {
    const sql = `INSERT INTO channel_kit_channels (${CHANNEL_INSERT_COLUMNS}) VALUES ${channelValues(0)} RETURNING ${CHANNEL_COLUMNS}`;
    return insertOne(this.db, sql, channelParams(channel), toChannel);
  }

  async saveChannel(channel: StoredChannel): Promise<StoredChannel> {
    const { rows } = await this.db.query<Row>(
      `UPDATE channel_kit_channels SET type = $3, name = $4, account_id = $5, avatar_url = $6, status = $7,
         connected_at = $8, disconnected_at = $9, token_expires_at = $10, last_error = $11::jsonb,
         setup_checks = $12::jsonb, sealed_token = $13, meta_refs = $14::text[], version = version + 1
       WHERE workspace_id = $1 AND id = $2 RETURNING ${CHANNEL_COLUMNS}`,
      channelParams(channel),
    );
    if (!rows[0]) throw missingRow('channel');
    return toChannel(rows[0]);
  }

  async getAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null> {
    return this.oneAuthorization('workspace_id = $1 AND id = $2', [workspaceId, authorizationId], '');
  }

  async lockAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null> {
    return this.oneAuthorization('workspace_id = $1 AND id = $2', [workspaceId, authorizationId], ' FOR UPDATE');
  }

  async lockAuthorizationByState(state: string): Promise<StoredAuthorization | null> {
    return this.oneAuthorization('state = $1', [state], ' FOR UPDATE');
  }

  async insertAuthorization(authorization: NewAuthorization): Promise<StoredAuthorization> {
    const sql = `INSERT INTO channel_kit_authorizations
        (workspace_id, id, state, mode, channel_type, channel_id, opener_origin, status, code, "grant", error, created_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13) RETURNING ${AUTHORIZATION_COLUMNS}`;
    return insertOne(this.db, sql, authorizationParams(authorization), toAuthorization);
  }

  async saveAuthorization(authorization: StoredAuthorization): Promise<StoredAuthorization> {
    try {
      const { rows } = await this.db.query<Row>(
        `UPDATE channel_kit_authorizations SET state = $3, mode = $4, channel_type = $5, channel_id = $6,
           opener_origin = $7, status = $8, code = $9, "grant" = $10::jsonb, error = $11::jsonb, created_at = $12,
           expires_at = $13, version = version + 1
         WHERE workspace_id = $1 AND id = $2 RETURNING ${AUTHORIZATION_COLUMNS}`,
        authorizationParams(authorization),
      );
      if (!rows[0]) throw missingRow('authorization');
      return toAuthorization(rows[0]);
    } catch (error) {
      throw isUniqueViolation(error) ? duplicateRow(error) : error;
    }
  }

  private async oneChannel(lock: string, workspaceId: string, channelId: string): Promise<StoredChannel | null> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${CHANNEL_COLUMNS} FROM channel_kit_channels WHERE workspace_id = $1 AND id = $2${lock}`,
      [workspaceId, channelId],
    );
    return rows[0] ? toChannel(rows[0]) : null;
  }

  private async oneAuthorization(where: string, params: unknown[], lock: string): Promise<StoredAuthorization | null> {
    const { rows } = await this.db.query<Row>(`SELECT ${AUTHORIZATION_COLUMNS} FROM channel_kit_authorizations WHERE ${where}${lock}`, params);
    return rows[0] ? toAuthorization(rows[0]) : null;
  }
}

/** The `NOTIFY` channel every instance listens on. */
const CHANGES_CHANNEL = 'channel_kit_changes';

/** The store over PGlite or PostgreSQL: one SQL for both. Run `migrate` on the database first. */
export class SqlStore implements ChannelStore {
  private readonly reads: SqlTransaction;
  readonly changes?: ChangeChannel;
  readonly jobs: SqlJobQueue;
  readonly health: SqlHealthLeases;

  constructor(private readonly db: SqlDatabase) {
    this.reads = new SqlTransaction(db);
    this.jobs = new SqlJobQueue(db);
    this.health = new SqlHealthLeases(db);
    const listen = db.listen?.bind(db);
    if (listen) {
      this.changes = {
        publish: async (payload) => void (await db.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, payload])),
        listen: (onPayload) => listen(CHANGES_CHANNEL, onPayload),
      };
    }
  }

  async listChannels(workspaceId: string, query: ChannelPageQuery): Promise<StoredChannelPage> {
    checkLimit(query.limit);
    const cursor = query.cursor ?? null;
    // bigint holds 19 digits; a longer "cursor" was not made here.
    if (cursor !== null && !/^\d{1,18}$/.test(cursor)) throw invalidCursor();
    const { rows } = await this.db.query<Row>(
      `SELECT ${LISTED_COLUMNS} FROM channel_kit_channels WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [workspaceId, cursor ?? '0', query.limit + 1],
    );
    const more = rows.length > query.limit;
    const pageRows = more ? rows.slice(0, query.limit) : rows;
    const page: StoredChannelPage = {
      channels: pageRows.map(toListed),
      nextCursor: more ? String(pageRows[pageRows.length - 1]?.seq) : null,
    };
    if (cursor === null) {
      const counted = await this.db.query<{ total: number }>(
        'SELECT count(*)::int AS total FROM channel_kit_channels WHERE workspace_id = $1',
        [workspaceId],
      );
      page.total = Number(counted.rows[0]?.total ?? 0);
    }
    return page;
  }

  getChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null> {
    return this.reads.getChannel(workspaceId, channelId);
  }

  getAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null> {
    return this.reads.getAuthorization(workspaceId, authorizationId);
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new SqlTransaction(tx)));
  }

  async importChannels(channels: NewChannel[]): Promise<number> {
    const inserted = await this.db.transaction(async (tx) => {
      let inserted = 0;
      for (let start = 0; start < channels.length; start += IMPORT_CHUNK) {
        const chunk = channels.slice(start, start + IMPORT_CHUNK);
        const { rows } = await tx.query<{ inserted: number }>(
          `WITH added AS (
             INSERT INTO channel_kit_channels (${CHANNEL_INSERT_COLUMNS}) VALUES ${chunk.map((_, i) => channelValues(i)).join(', ')}
             ON CONFLICT DO NOTHING RETURNING 1
           ) SELECT count(*)::int AS inserted FROM added`,
          chunk.flatMap(channelParams),
        );
        inserted += Number(rows[0]?.inserted ?? 0);
      }
      return inserted;
    });
    // After a bulk load the planner's statistics are stale until autovacuum comes by: without them it
    // sorts a whole workspace for every page (a 10,000-row listing took twice as long).
    if (inserted >= ANALYZE_AFTER_ROWS) await this.db.query('ANALYZE channel_kit_channels');
    return inserted;
  }

  async purgeAuthorizations(expiredBefore: string): Promise<number> {
    const { rows } = await this.db.query<{ purged: number }>(
      'WITH gone AS (DELETE FROM channel_kit_authorizations WHERE expires_at < $1 RETURNING 1) SELECT count(*)::int AS purged FROM gone',
      [expiredBefore],
    );
    return Number(rows[0]?.purged ?? 0);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

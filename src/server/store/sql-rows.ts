// How the SQL store reads and writes its rows: the columns, and rows turned into values and back.
import type { ListedChannel, NewAuthorization, NewChannel, StoredAuthorization, StoredChannel } from './channel-store.js';

export type Row = Record<string, unknown>;

/** A listing reads neither the token nor the Meta refs: it has no use for them. */
export const LISTED_COLUMNS =
  'workspace_id, id, seq, type, name, account_id, avatar_url, status, connected_at, disconnected_at, token_expires_at, last_error, setup_checks, version';
export const CHANNEL_COLUMNS = `${LISTED_COLUMNS}, sealed_token, meta_refs`;
export const AUTHORIZATION_COLUMNS =
  'workspace_id, id, state, mode, channel_type, channel_id, opener_origin, status, code, "grant", error, created_at, expires_at, version';

/** The written columns of a channel, in `channelParams` order. */
export const CHANNEL_INSERT_COLUMNS =
  'workspace_id, id, type, name, account_id, avatar_url, status, connected_at, disconnected_at, token_expires_at, last_error, setup_checks, sealed_token, meta_refs';
export const CHANNEL_PARAM_COUNT = 14;

/** `2025-01-31 09:30:00.123456+00` (PostgreSQL's text in UTC) → `2025-01-31T09:30:00.123Z`, as `toISOString` writes it. */
const PG_UTC = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00$/;

/** A timestamptz as read (text, see `TIMESTAMPTZ_OID`) → ISO 8601. */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? PG_UTC.exec(value) : null;
  if (text) return `${text[1]}T${text[2]}.${(text[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  return new Date(value as string | Date).toISOString();
}

/** jsonb parameters go in as JSON text: `pg` would turn a JS array into a PostgreSQL array literal. */
export function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function toChannel(row: Row): StoredChannel {
  const metaRefs = (row.meta_refs as string[] | null) ?? [];
  return { ...toListed(row), sealedToken: (row.sealed_token as string | null) ?? null, ...(metaRefs.length ? { metaRefs } : {}) };
}

export function toListed(row: Row): ListedChannel {
  return {
    workspaceId: row.workspace_id as string,
    id: row.id as string,
    type: row.type as string,
    name: row.name as string,
    accountId: row.account_id as string,
    avatarUrl: (row.avatar_url as string | null) ?? null,
    status: row.status as string,
    connectedAt: iso(row.connected_at),
    disconnectedAt: iso(row.disconnected_at),
    tokenExpiresAt: iso(row.token_expires_at),
    lastError: (row.last_error as StoredChannel['lastError']) ?? null,
    setupChecks: (row.setup_checks as StoredChannel['setupChecks']) ?? [],
    version: Number(row.version),
  };
}

export function toAuthorization(row: Row): StoredAuthorization {
  return {
    workspaceId: row.workspace_id as string,
    id: row.id as string,
    mode: row.mode as StoredAuthorization['mode'],
    channelType: row.channel_type as StoredAuthorization['channelType'],
    channelId: (row.channel_id as string | null) ?? null,
    state: row.state as string,
    openerOrigin: (row.opener_origin as string | null) ?? null,
    status: row.status as StoredAuthorization['status'],
    code: (row.code as string | null) ?? null,
    grant: (row.grant as StoredAuthorization['grant']) ?? null,
    error: (row.error as StoredAuthorization['error']) ?? null,
    createdAt: iso(row.created_at) as string,
    expiresAt: iso(row.expires_at) as string,
    version: Number(row.version),
  };
}

/** The written fields of a channel, in CHANNEL_INSERT_COLUMNS order. */
export function channelParams(c: NewChannel): unknown[] {
  return [
    c.workspaceId, c.id, c.type, c.name, c.accountId, c.avatarUrl, c.status, c.connectedAt, c.disconnectedAt,
    c.tokenExpiresAt, json(c.lastError), json(c.setupChecks ?? []), c.sealedToken, c.metaRefs ?? [],
  ];
}

/** The placeholders of the `rowIndex`th channel in a multi-row INSERT. */
export function channelValues(rowIndex: number): string {
  const p = (n: number) => `$${rowIndex * CHANNEL_PARAM_COUNT + n}`;
  return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}::jsonb, ${p(12)}::jsonb, ${p(13)}, ${p(14)}::text[])`;
}

export function authorizationParams(a: NewAuthorization): unknown[] {
  return [
    a.workspaceId, a.id, a.state, a.mode, a.channelType, a.channelId, a.openerOrigin, a.status, a.code,
    json(a.grant), json(a.error), a.createdAt, a.expiresAt,
  ];
}

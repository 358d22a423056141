// A real channel-kit server on a free port for the server's tests: one store (memory, PGlite or a
// throwaway PostgreSQL), the fake Meta, and an `authenticate` that reads two test headers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RestBackend } from '../../../src/adapters/rest-backend.js';
import type { AuthorizationSession } from '../../../src/core/authorization.js';
import type { ChannelWire } from '../../../src/core/channel.js';
import type { Viewer } from '../../../src/core/viewer.js';
import { FakeMeta } from '../../../src/mocks/fake-meta.js';
import { toNewChannel } from '../../../src/mocks/in-page-server.js';
import type { MetaWorld } from '../../../src/mocks/meta-world.js';
import { createScenario } from '../../../src/mocks/scenarios.js';
import { generateTokenKey } from '../../../src/server/crypto/token-vault.js';
import { createChannelKitServer, type ChannelKitServer, type ChannelKitServerOptions } from '../../../src/server/create-server.js';
import type { RequestLogEntry } from '../../../src/server/http/handler.js';
import type { MetaClient } from '../../../src/server/meta/meta-client.js';
import type { ChannelStore } from '../../../src/server/store/channel-store.js';
import { MemoryStore } from '../../../src/server/store/memory-store.js';
import { migrate } from '../../../src/server/store/migrations.js';
import { openPglite } from '../../../src/server/store/pglite.js';
import { openPostgres } from '../../../src/server/store/postgres.js';
import { SqlStore, type SqlDatabase } from '../../../src/server/store/sql-store.js';
import { startPostgres } from './postgres.js';

export const WORKSPACE_HEADER = 'x-test-workspace';
export const VIEWER_HEADER = 'x-test-viewer';
export const BASE_PATH = '/api/channel-kit';

export type StoreKind = 'memory' | 'pglite' | 'postgres';

export interface TestServer {
  url: string;
  /** The contract's base URL: `url` + the base path. */
  api: string;
  server: ChannelKitServer;
  store: ChannelStore;
  meta: FakeMeta;
  /** Every log entry the server wrote. */
  logs: RequestLogEntry[];
  /** Each workspace's viewer (default: a CAAC owner). */
  viewers: Map<string, Viewer>;
  /** Adds a workspace holding these channels. */
  seed(workspaceId: string, channels: ChannelWire[]): Promise<void>;
  /** Empties every table (SQL stores) or the store (memory), so accounts are not connected in another test's workspace. */
  reset(): Promise<void>;
  /** A REST adapter calling as this workspace. */
  backendFor(workspaceId: string): RestBackend;
  /** Plays Meta's consent and its redirect to the server's callback page; returns the code. */
  grant(session: AuthorizationSession, accountIds: string[]): Promise<{ code: string }>;
  close(): Promise<void>;
}

/** Opens the database for a kind of store (migrated); `{ skipped }` with a reason when PostgreSQL cannot be had. */
export async function openDatabase(kind: StoreKind): Promise<{ store: ChannelStore; db: SqlDatabase | null; stop(): Promise<void> } | { skipped: string }> {
  if (kind === 'memory') return { store: new MemoryStore(), db: null, stop: async () => {} };
  if (kind === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return { store: new SqlStore(db), db, stop: async () => {} };
  }
  const postgres = await startPostgres();
  if ('skipped' in postgres) return postgres;
  const db = await openPostgres({ connectionString: postgres.url, max: 20 });
  await migrate(db);
  return { store: new SqlStore(db), db, stop: () => postgres.stop() };
}

export interface TestServerOptions extends Partial<Omit<ChannelKitServerOptions, 'store' | 'meta'>> {
  world?: MetaWorld;
  /** Wraps the fake Meta (to plant a token, inject a failure…). */
  wrapMeta?: (meta: FakeMeta) => MetaClient;
  /** Wraps the store (to inject a failure). */
  wrapStore?: (store: ChannelStore) => ChannelStore;
}

export async function startTestServer(kind: StoreKind, options: TestServerOptions = {}): Promise<TestServer | { skipped: string }> {
  const opened = await openDatabase(kind);
  if ('skipped' in opened) return opened;
  const meta = new FakeMeta({ world: options.world ?? createScenario('typical').world, consentUrl: 'http://meta.test/consent' });
  const logs: RequestLogEntry[] = [];
  const viewers = new Map<string, Viewer>();
  const store = options.wrapStore ? options.wrapStore(opened.store) : opened.store;
  const key = generateTokenKey('t1');
  const server = await createChannelKitServer({
    tokenKeys: `${key.id}:${key.key}`,
    basePath: BASE_PATH,
    authenticate: (request) => {
      const workspaceId = request.headers.get(WORKSPACE_HEADER);
      if (!workspaceId) return null;
      return { workspaceId, viewer: viewers.get(workspaceId) ?? { product: 'caac', role: 'owner' } };
    },
    log: (entry) => logs.push(entry),
    ...options,
    store,
    meta: options.wrapMeta ? options.wrapMeta(meta) : meta,
  });
  const { url } = await server.listen();
  const api = `${url}${BASE_PATH}`;
  return {
    url,
    api,
    server,
    store,
    meta,
    logs,
    viewers,
    async seed(workspaceId, channels) {
      await opened.store.importChannels(channels.map((c) => toNewChannel(workspaceId, c)));
    },
    async reset() {
      if (!opened.db) throw new Error('reset() needs a SQL store; use a new server for a fresh memory store.');
      await opened.db.query('TRUNCATE channel_kit_channels, channel_kit_authorizations, channel_kit_jobs');
    },
    backendFor(workspaceId) {
      return new RestBackend({ baseUrl: api, readRetries: 0, prepareRequest: ({ headers }) => headers.set(WORKSPACE_HEADER, workspaceId) });
    },
    async grant(session, accountIds) {
      const redirectUri = `${api}/authorizations/callback`;
      const { code } = meta.grant({ channelType: session.channelType, accountIds, redirectUri });
      const page = await fetch(`${redirectUri}?${new URLSearchParams({ state: session.state, code })}`);
      assert.equal(page.status, 200, 'the callback page answers');
      return { code };
    },
    async close() {
      await server.close(2_000);
      await opened.stop();
    },
  };
}

/**
 * Runs `body` once per kind of store. PostgreSQL that cannot be had fails the run with one line under
 * `CI=true`, and is skipped with one line elsewhere.
 */
export function forEachStore(kinds: StoreKind[], title: string, body: (kind: StoreKind) => void): void {
  for (const kind of kinds) describe(`${title} (${kind})`, () => body(kind));
}

/**
 * The first test of a suite that needs a database: PostgreSQL that cannot be had fails the run with one
 * line under `CI=true`; elsewhere the suite's tests skip, each saying why.
 */
export function itHasADatabase(kind: StoreKind, server: () => TestServer | { skipped: string } | undefined): void {
  it('has a database', () => {
    const current = server();
    if (current && 'skipped' in current && process.env.CI === 'true') throw new Error(`${kind}: ${current.skipped}`);
  });
}

/** The fake Meta behind the port, with some of its answers replaced (a planted token, a failing Meta). */
export function delegatingMeta(meta: FakeMeta, overrides: Partial<MetaClient>): MetaClient {
  return {
    authorizeUrl: (input) => meta.authorizeUrl(input),
    embeddedSignupOrigin: (type) => meta.embeddedSignupOrigin(type),
    exchangeCode: (input) => meta.exchangeCode(input),
    setupChecks: (asset, token) => meta.setupChecks(asset, token),
    ...overrides,
  };
}

let workspaces = 0;
/** A workspace id no other test uses. */
export function freshWorkspace(label = 'ws'): string {
  return `${label}_${process.pid}_${++workspaces}_${Math.random().toString(36).slice(2, 8)}`;
}

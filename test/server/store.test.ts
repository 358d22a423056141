import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelStore, NewAuthorization, NewChannel, StoredChannel } from '../../src/server/store/channel-store.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { migrate, migrations } from '../../src/server/store/migrations.js';
import { openStore } from '../../src/server/store/open-store.js';
import { openPglite } from '../../src/server/store/pglite.js';
import { openPostgres } from '../../src/server/store/postgres.js';
import { SqlStore } from '../../src/server/store/sql-store.js';
import type { SqlDatabase } from '../../src/server/store/sql-store.js';
import { startPostgres } from './support/postgres.js';

interface Subject {
  store: ChannelStore;
  /** The SQL stores' database, for the migration tests. */
  db?: SqlDatabase;
  /** A second, empty database (migrations racing on it). */
  freshDb?: () => Promise<{ db: SqlDatabase; dispose(): Promise<void> }>;
}

function channel(workspaceId: string, id: string, extra: Partial<NewChannel> = {}): NewChannel {
  return {
    workspaceId,
    id,
    type: 'facebook',
    name: `Channel ${id}`,
    accountId: `account-${id}`,
    avatarUrl: null,
    status: 'connected',
    connectedAt: '2025-03-01T09:30:00.000Z',
    disconnectedAt: null,
    tokenExpiresAt: null,
    lastError: null,
    setupChecks: [],
    sealedToken: null,
    ...extra,
  };
}

function authorization(workspaceId: string, id: string, state: string): NewAuthorization {
  return {
    workspaceId,
    id,
    mode: 'connect',
    channelType: 'instagram',
    channelId: null,
    state,
    openerOrigin: 'https://admin.example.com',
    status: 'pending',
    code: null,
    grant: null,
    error: null,
    createdAt: '2025-03-01T09:30:00.000Z',
    expiresAt: '2025-03-01T09:40:00.000Z',
  };
}

const insert = (store: ChannelStore, ...rows: NewChannel[]) =>
  store.transaction(async (tx) => {
    const out: StoredChannel[] = [];
    for (const row of rows) out.push(await tx.insertChannel(row));
    return out;
  });

async function listAll(store: ChannelStore, workspaceId: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await store.listChannels(workspaceId, { cursor, limit });
    ids.push(...page.channels.map((c) => c.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null);
  return { ids, pages };
}

function storeSuite(name: string, open: () => Promise<Subject>): void {
  describe(name, () => {
    let subject: Subject;
    let store: ChannelStore;
    before(async () => {
      subject = await open();
      store = subject.store;
    });
    after(() => store.close());

    it('answers ping', () => store.ping());

    it('applies each migration once, however often or concurrently migrate runs', { skip: name.startsWith('MemoryStore') && 'no SQL in memory' }, async () => {
      const db = subject.db as SqlDatabase;
      assert.deepEqual(await migrate(db), []);
      const { rows } = await db.query<{ version: number; n: number }>(
        'SELECT version, count(*)::int AS n FROM channel_kit_migrations GROUP BY version ORDER BY version',
      );
      assert.deepEqual(rows.map((r) => [r.version, r.n]), migrations.map((m) => [m.version, 1]));

      const fresh = await (subject.freshDb as NonNullable<Subject['freshDb']>)();
      try {
        const racing = await Promise.all([migrate(fresh.db), migrate(fresh.db), migrate(fresh.db)]);
        assert.deepEqual(racing.flat().sort(), migrations.map((m) => m.version));
        const counted = await fresh.db.query<{ n: number }>('SELECT count(*)::int AS n FROM channel_kit_migrations');
        assert.equal(counted.rows[0]?.n, migrations.length);
      } finally {
        await fresh.dispose();
      }
    });

    it('inserts, gets and lists in insertion order, page by page, with the total on the first page', async () => {
      const ids = ['c', 'a', 'g', 'b', 'f', 'd', 'e'];
      await insert(store, ...ids.map((id) => channel('ws-list', id)));
      const first = await store.listChannels('ws-list', { limit: 3 });
      assert.equal(first.total, 7);
      assert.deepEqual(first.channels.map((c) => c.id), ['c', 'a', 'g']);
      assert.ok(first.nextCursor);
      const second = await store.listChannels('ws-list', { cursor: first.nextCursor, limit: 3 });
      assert.equal(second.total, undefined);
      assert.deepEqual(second.channels.map((c) => c.id), ['b', 'f', 'd']);
      const third = await store.listChannels('ws-list', { cursor: second.nextCursor, limit: 3 });
      assert.deepEqual(third.channels.map((c) => c.id), ['e']);
      assert.equal(third.nextCursor, null);
      // A last page that is exactly full has no next cursor.
      assert.equal((await store.listChannels('ws-list', { cursor: first.nextCursor, limit: 4 })).nextCursor, null);
      const got = await store.getChannel('ws-list', 'g');
      assert.deepEqual(got, { ...channel('ws-list', 'g'), version: 1 });
    });

    it('rejects a cursor it did not make', async () => {
      await insert(store, channel('ws-cursor', 'one'), channel('ws-cursor', 'two'));
      for (const cursor of ['abc', '-1', '1.5', '1e3', ' 1', 'x'.repeat(40), '9'.repeat(30)]) {
        await assert.rejects(store.listChannels('ws-cursor', { cursor, limit: 1 }), {
          name: 'ChannelKitError',
          kind: 'invalid_request',
          status: 400,
          code: 'invalid_cursor',
          message: 'Unknown cursor.',
        });
      }
    });

    it('forgets authorizations that expired before the cutoff, with their grants, and keeps the others', async () => {
      const old = { ...authorization('ws-purge', 'auth-old', 'state-purge-old'), expiresAt: '2025-03-01T08:00:00.000Z' };
      const recent = { ...authorization('ws-purge', 'auth-new', 'state-purge-new'), expiresAt: '2025-03-01T12:00:00.000Z' };
      await store.transaction(async (tx) => {
        await tx.insertAuthorization(old);
        await tx.insertAuthorization(recent);
      });
      assert.ok((await store.purgeAuthorizations('2025-03-01T10:00:00.000Z')) >= 1);
      assert.equal(await store.getAuthorization('ws-purge', 'auth-old'), null);
      assert.equal((await store.getAuthorization('ws-purge', 'auth-new'))?.id, 'auth-new');
      await store.transaction(async (tx) => {
        assert.equal(await tx.lockAuthorizationByState('state-purge-old'), null, 'its state is forgotten too');
        // The state can be used again once it is forgotten (states are random; this only shows nothing lingers).
        await tx.insertAuthorization({ ...old, id: 'auth-again' });
      });
    });

    it('keeps workspaces apart', async () => {
      await insert(store, channel('ws-a', 'same', { name: 'A' }), channel('ws-b', 'same', { name: 'B' }));
      await store.transaction((tx) => tx.insertAuthorization(authorization('ws-a', 'auth-same', 'state-ws-a')));
      assert.equal((await store.getChannel('ws-a', 'same'))?.name, 'A');
      assert.equal((await store.getChannel('ws-b', 'same'))?.name, 'B');
      assert.equal(await store.getChannel('ws-c', 'same'), null);
      assert.deepEqual(await store.listChannels('ws-c', { limit: 10 }), { channels: [], nextCursor: null, total: 0 });
      assert.equal(await store.getAuthorization('ws-b', 'auth-same'), null);
      await store.transaction(async (tx) => {
        assert.equal(await tx.lockChannel('ws-c', 'same'), null);
        assert.equal(await tx.lockAuthorization('ws-b', 'auth-same'), null);
        const a = await tx.lockChannel('ws-a', 'same');
        await tx.saveChannel({ ...(a as StoredChannel), name: 'A2' });
      });
      assert.equal((await store.getChannel('ws-b', 'same'))?.name, 'B');
      assert.equal((await store.getChannel('ws-a', 'same'))?.version, 2);
    });

    it('rolls a transaction back when its work throws', async () => {
      await insert(store, channel('ws-rollback', 'kept', { name: 'before' }));
      const boom = new Error('boom');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertChannel(channel('ws-rollback', 'new'));
          const kept = await tx.lockChannel('ws-rollback', 'kept');
          await tx.saveChannel({ ...(kept as StoredChannel), name: 'after' });
          await tx.insertAuthorization(authorization('ws-rollback', 'auth', 'state-rollback'));
          assert.equal((await tx.getChannel('ws-rollback', 'kept'))?.name, 'after');
          throw boom;
        }),
        (error) => error === boom,
      );
      assert.equal(await store.getChannel('ws-rollback', 'new'), null);
      assert.equal((await store.getChannel('ws-rollback', 'kept'))?.name, 'before');
      assert.equal((await store.getChannel('ws-rollback', 'kept'))?.version, 1);
      assert.equal(await store.getAuthorization('ws-rollback', 'auth'), null);
      assert.deepEqual((await store.listChannels('ws-rollback', { limit: 10 })).total, 1);
      // The state is free again: nothing of the rolled-back authorization is left.
      await store.transaction((tx) => tx.insertAuthorization(authorization('ws-rollback', 'auth', 'state-rollback')));
    });

    it('a read outside a transaction never sees its uncommitted writes', async () => {
      let written!: () => void;
      const wrote = new Promise<void>((resolve) => (written = resolve));
      const failing = store.transaction(async (tx) => {
        await tx.insertChannel(channel('ws-dirty', 'ghost'));
        written();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('rolled back');
      });
      // Expected at once: on PostgreSQL the reads below may finish before the transaction fails.
      const rolledBack = assert.rejects(failing, /rolled back/);
      await wrote;
      // PGlite has one connection: this read must wait for the transaction instead of running inside it.
      const [seen, listed] = await Promise.all([store.getChannel('ws-dirty', 'ghost'), store.listChannels('ws-dirty', { limit: 5 })]);
      await rolledBack;
      assert.equal(seen, null);
      assert.equal(listed.total, 0);
    });

    it('lockChannel makes concurrent read-modify-writes take turns', async () => {
      await insert(store, channel('ws-lock', 'counter', { name: '0' }));
      await Promise.all(
        Array.from({ length: 20 }, () =>
          store.transaction(async (tx) => {
            const row = (await tx.lockChannel('ws-lock', 'counter')) as StoredChannel;
            await new Promise((resolve) => setTimeout(resolve, 2));
            await tx.saveChannel({ ...row, name: String(Number(row.name) + 1) });
          }),
        ),
      );
      const row = await store.getChannel('ws-lock', 'counter');
      assert.equal(row?.name, '20');
      assert.equal(row?.version, 21);
    });

    it('inserts, locks by state and saves authorizations; a state is used once', async () => {
      const inserted = await store.transaction((tx) => tx.insertAuthorization(authorization('ws-auth', 'auth-1', 'state-1')));
      assert.deepEqual(inserted, { ...authorization('ws-auth', 'auth-1', 'state-1'), version: 1 });
      const grant = {
        assets: [{ id: 'ig-1', type: 'instagram' as const, name: 'Shop', username: 'shop', portfolio: { id: 'bp-1', name: 'Shop Ltd' }, isBusiness: true }],
        sealedToken: 'v1.sealed.token',
        tokenExpiresAt: '2025-05-01T00:00:00.000Z',
      };
      const saved = await store.transaction(async (tx) => {
        const found = await tx.lockAuthorizationByState('state-1');
        assert.equal(found?.id, 'auth-1');
        assert.equal(await tx.lockAuthorizationByState('state-unknown'), null);
        return tx.saveAuthorization({ ...(found as NonNullable<typeof found>), status: 'completed', code: 'code-1', grant });
      });
      assert.equal(saved.version, 2);
      const read = await store.getAuthorization('ws-auth', 'auth-1');
      assert.deepEqual(read, { ...authorization('ws-auth', 'auth-1', 'state-1'), status: 'completed', code: 'code-1', grant, version: 2 });

      await assert.rejects(
        store.transaction((tx) => tx.insertAuthorization(authorization('ws-other', 'auth-2', 'state-1'))),
        { name: 'ChannelKitError', kind: 'conflict', status: 409 },
      );
      assert.equal(await store.getAuthorization('ws-other', 'auth-2'), null);
      await assert.rejects(store.transaction((tx) => tx.insertChannel(channel('ws-auth', 'dup')).then(() => tx.insertChannel(channel('ws-auth', 'dup')))), {
        kind: 'conflict',
      });
      assert.equal(await store.getChannel('ws-auth', 'dup'), null);
    });

    it('finds an account’s channels in every workspace', async () => {
      await insert(
        store,
        channel('ws-acc-1', 'p1', { type: 'facebook', accountId: 'page-42' }),
        channel('ws-acc-2', 'p2', { type: 'facebook', accountId: 'page-42' }),
        channel('ws-acc-2', 'ig', { type: 'instagram', accountId: 'page-42' }),
      );
      const found = await store.transaction((tx) => tx.channelsForAccount('facebook', 'page-42'));
      assert.deepEqual(found.map((c) => `${c.workspaceId}/${c.id}`).sort(), ['ws-acc-1/p1', 'ws-acc-2/p2']);
      // Rows written earlier in the same transaction count too.
      const inTx = await store.transaction(async (tx) => {
        await tx.insertChannel(channel('ws-acc-3', 'p3', { accountId: 'page-42' }));
        return tx.channelsForAccount('facebook', 'page-42');
      });
      assert.equal(inTx.length, 3);
    });

    it('round-trips timestamps as ISO strings, JSON fields and the sealed token', async () => {
      const full = channel('ws-fields', 'full', {
        type: 'whatsapp',
        avatarUrl: 'https://cdn.example.com/a.png',
        status: 'token_expired',
        connectedAt: '2025-03-01T09:30:00.000Z',
        disconnectedAt: '2025-03-02T10:00:00.123Z',
        tokenExpiresAt: '2025-04-30T23:59:59.999Z',
        lastError: { code: 'token_expired', message: 'The token expired.', fbtraceId: 'AbC123' },
        setupChecks: [
          { id: 'webhook', state: 'verified', applies: true },
          { id: 'handover_primary_receiver', state: 'unknown', applies: false },
        ],
        sealedToken: 'v1.iv.ciphertext.tag',
      });
      const [inserted] = await insert(store, full);
      assert.deepEqual(inserted, { ...full, version: 1 });
      assert.deepEqual(await store.getChannel('ws-fields', 'full'), { ...full, version: 1 });
      const saved = await store.transaction((tx) =>
        tx.saveChannel({ ...(inserted as StoredChannel), sealedToken: null, lastError: null, setupChecks: [], tokenExpiresAt: null }),
      );
      assert.deepEqual(saved, { ...full, sealedToken: null, lastError: null, setupChecks: [], tokenExpiresAt: null, version: 2 });
    });

    it('hands out copies: changing a returned row changes nothing stored', async () => {
      const [row] = await insert(store, channel('ws-copy', 'x', { setupChecks: [{ id: 'webhook', state: 'verified', applies: true }] }));
      (row as StoredChannel).setupChecks.push({ id: 'connected_app', state: 'unknown', applies: true });
      const got = (await store.getChannel('ws-copy', 'x')) as StoredChannel;
      got.name = 'changed';
      assert.equal((await store.getChannel('ws-copy', 'x'))?.name, 'Channel x');
      assert.equal((await store.getChannel('ws-copy', 'x'))?.setupChecks.length, 1);
    });

    it('imports 10,000 channels and lists them all in order, 500 a page', async (t) => {
      const rows = Array.from({ length: 10_000 }, (_, i) => channel('ws-import', `ch-${String(i).padStart(5, '0')}`, { lastError: null }));
      let started = performance.now();
      assert.equal(await store.importChannels(rows), 10_000);
      const importMs = performance.now() - started;
      // Ids that exist are left as they are.
      const again = [channel('ws-import', 'ch-00000', { name: 'changed' }), channel('ws-import', 'ch-extra')];
      assert.equal(await store.importChannels(again), 1);
      assert.equal((await store.getChannel('ws-import', 'ch-00000'))?.name, 'Channel ch-00000');

      started = performance.now();
      const { ids, pages } = await listAll(store, 'ws-import', 500);
      const listMs = performance.now() - started;
      assert.equal(pages, 21);
      assert.deepEqual(ids, [...rows.map((r) => r.id), 'ch-extra']);
      assert.equal((await store.listChannels('ws-import', { limit: 500 })).total, 10_001);
      t.diagnostic(`${name}: import 10,000 rows ${importMs.toFixed(0)} ms, list 21 pages of 500 ${listMs.toFixed(0)} ms`);
    });
  });
}

async function pgliteSubject(): Promise<Subject> {
  const db = await openPglite();
  await migrate(db);
  return {
    store: new SqlStore(db),
    db,
    freshDb: async () => {
      const fresh = await openPglite();
      return { db: fresh, dispose: () => fresh.close() };
    },
  };
}

storeSuite('MemoryStore', async () => ({ store: new MemoryStore() }));
storeSuite('SqlStore on PGlite (in memory)', pgliteSubject);

const postgres = await startPostgres();
if ('skipped' in postgres) {
  if (process.env.CI === 'true') {
    describe('SqlStore on PostgreSQL', () => it('PostgreSQL is available', () => assert.fail(postgres.skipped)));
  } else {
    describe('SqlStore on PostgreSQL', () => it(`skipped: ${postgres.skipped}`, { skip: postgres.skipped }, () => {}));
  }
} else {
  const others: { stop(): Promise<void> }[] = [];
  after(async () => {
    await Promise.all(others.map((o) => o.stop()));
    await postgres.stop();
  });
  storeSuite('SqlStore on PostgreSQL', async () => {
    const db = await openPostgres({ connectionString: postgres.url });
    await migrate(db);
    return {
      store: new SqlStore(db),
      db,
      freshDb: async () => {
        const other = await startPostgres();
        if ('skipped' in other) throw new Error(other.skipped);
        others.push(other);
        const fresh = await openPostgres({ connectionString: other.url });
        return { db: fresh, dispose: () => fresh.close() };
      },
    };
  });

  describe('openStore on PostgreSQL', () => {
    it('connects to a postgres:// URL and migrates', async () => {
      const store = await openStore({ databaseUrl: postgres.url });
      try {
        await store.ping();
        assert.equal((await store.listChannels('ws-open-store', { limit: 1 })).total, 0);
      } finally {
        await store.close();
      }
    });
  });
}

describe('PGlite on a data directory', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ck-pglite-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps rows across a close and a reopen, and does not migrate twice', async () => {
    const first = await openPglite({ dataDir: dir });
    assert.deepEqual(await migrate(first), migrations.map((m) => m.version));
    const appliedAt = (await first.query<{ applied_at: Date }>('SELECT applied_at FROM channel_kit_migrations ORDER BY version')).rows;
    await insert(new SqlStore(first), channel('ws-disk', 'kept'));
    await first.close();

    const second = await openPglite({ dataDir: dir });
    try {
      assert.deepEqual(await migrate(second), []);
      const again = (await second.query<{ applied_at: Date }>('SELECT applied_at FROM channel_kit_migrations ORDER BY version')).rows;
      assert.deepEqual(again, appliedAt);
      assert.deepEqual(await new SqlStore(second).getChannel('ws-disk', 'kept'), { ...channel('ws-disk', 'kept'), version: 1 });
    } finally {
      await second.close();
    }
  });

  it('openStore() without options is a migrated in-memory store', async () => {
    const store = await openStore();
    try {
      assert.deepEqual(await store.listChannels('ws', { limit: 5 }), { channels: [], nextCursor: null, total: 0 });
    } finally {
      await store.close();
    }
  });
});

describe('missing database packages', () => {
  // A resolve hook stands in for an uninstalled package: Node's own error, with Node's own message.
  const hook = `data:text/javascript,${encodeURIComponent(`
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(\`
      export async function resolve(specifier, context, next) {
        if (specifier === 'pg' || specifier === '@electric-sql/pglite') {
          const error = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
          error.code = 'ERR_MODULE_NOT_FOUND';
          throw error;
        }
        return next(specifier, context);
      }\`));
  `)}`;
  const script = `
    import { openPglite } from './src/server/store/pglite.ts';
    import { openPostgres } from './src/server/store/postgres.ts';
    for (const open of [() => openPglite(), () => openPostgres({ connectionString: 'postgres://x' })]) {
      try { await open(); } catch (error) { console.log(error.message); }
    }
  `;

  it('names the package to install, in one line', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--import', hook, '--input-type=module', '--eval', script], {
      encoding: 'utf8',
    });
    assert.equal(child.stderr, '');
    assert.deepEqual(child.stdout.trim().split('\n'), [
      'channel-kit/server: the embedded database needs @electric-sql/pglite. Install it: npm install @electric-sql/pglite',
      'channel-kit/server: PostgreSQL needs pg. Install it: npm install pg',
    ]);
  });
});

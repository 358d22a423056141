// The durable work behind Meta's calls, on each database: the job queue (a replayed id is queued once,
// two instances never run one job, a dead instance's lease runs out, a retry keeps its error), the
// runner over it (backoff, a bad payload left with its error, purging), and the health-check leases.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GAVE_UP_RUN_AFTER, startJobRunner } from '../../src/server/jobs/job-runner.js';
import { META_CHANGE_JOB, metaChangeHandler } from '../../src/server/jobs/meta-change-job.js';
import type { ChannelStore, Job, NewChannel, NewJob } from '../../src/server/store/channel-store.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { SqlStore, type SqlDatabase } from '../../src/server/store/sql-store.js';
import { forEachStore, itHasADatabase, openDatabase, type StoreKind } from './support/test-server.js';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const job = (id: string, runAfter = T0, payload: unknown = { n: id }): NewJob => ({ id, kind: 'test', payload, runAfter: at(runAfter) });

function channel(id: string, extra: Partial<NewChannel> = {}): NewChannel {
  return {
    workspaceId: 'ws-health',
    id,
    type: 'facebook',
    name: `Channel ${id}`,
    accountId: `acct-${id}`,
    avatarUrl: null,
    status: 'connected',
    connectedAt: '2026-01-01T00:00:00.000Z',
    disconnectedAt: null,
    tokenExpiresAt: null,
    lastError: null,
    setupChecks: [],
    sealedToken: `sealed-${id}`,
    ...extra,
  };
}

/** Claims until nothing is left, running each job (a record, then `complete`), as one instance would. */
async function claimLoop(store: ChannelStore, runs: Map<string, number>, claimer: string, by: Map<string, string>): Promise<void> {
  for (;;) {
    const claimed = await store.jobs.claim({ now: T0, leaseMs: 60_000, limit: 3 });
    if (claimed.length === 0) return;
    for (const { id } of claimed) {
      runs.set(id, (runs.get(id) ?? 0) + 1);
      by.set(id, claimer);
      await new Promise((resolve) => setImmediate(resolve));
      await store.jobs.complete(id, T0);
    }
  }
}

forEachStore(['memory', 'pglite', 'postgres'], 'the job queue and the health leases', (kind: StoreKind) => {
  let opened: { store: ChannelStore; db: SqlDatabase | null; stop(): Promise<void> } | { skipped: string } | undefined;
  let store: ChannelStore;

  before(async () => {
    opened = await openDatabase(kind);
  });
  after(async () => {
    if (opened && !('skipped' in opened)) await opened.stop();
  });
  // Each test starts from empty tables: a claim sees every job and every channel.
  beforeEach(async () => {
    if (!opened || 'skipped' in opened) return;
    if (opened.db) await opened.db.query('TRUNCATE channel_kit_channels, channel_kit_authorizations, channel_kit_jobs');
    store = opened.db ? opened.store : new MemoryStore();
  });
  itHasADatabase(kind, () => (opened && 'skipped' in opened ? opened : undefined));
  const test = (name: string, body: () => Promise<void>) =>
    it(name, async (t) => (opened && 'skipped' in opened ? t.skip(opened.skipped) : body()));

  /**
   * Starts `claims` while another transaction holds every row of `table` (another instance claiming),
   * and resolves with what each got once that transaction has ended. On PostgreSQL the claims must
   * finish before it ends: they pass over held rows rather than wait (PGlite has one connection, so
   * there they wait their turn).
   */
  async function whileHeld<T>(table: string, claims: () => Promise<T>[]): Promise<T[]> {
    const db = (opened as { db: SqlDatabase }).db;
    let started: Promise<T[]> = Promise.resolve([]);
    await db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM ${table} FOR UPDATE`);
      started = Promise.all(claims());
      if (kind !== 'postgres') return;
      const early = await Promise.race([started, pause(2000).then(() => null)]);
      assert.ok(early, 'the claims did not wait for the rows held elsewhere');
    });
    return started;
  }

  describe('JobQueue', () => {
    test('queues an id once: a replay is not queued again, even once the job is done', async () => {
      assert.equal(await store.jobs.enqueue([job('a'), job('b')]), 2);
      assert.equal(await store.jobs.enqueue([job('b'), job('c')]), 1);
      const [first] = await store.jobs.claim({ now: T0, leaseMs: 1000, limit: 1 });
      assert.equal(first?.id, 'a');
      await store.jobs.complete('a', T0);
      assert.equal(await store.jobs.enqueue([job('a', T0, { n: 'changed' })]), 0);
      const a = await store.jobs.get('a');
      assert.deepEqual(a, { id: 'a', kind: 'test', payload: { n: 'a' }, runAfter: at(T0), attempts: 1, lastError: null, doneAt: at(T0) });
      assert.equal(await store.jobs.get('nope'), null);
    });

    test('two instances claiming at once never get the same job: 50 jobs, each run exactly once', async () => {
      await store.jobs.enqueue(Array.from({ length: 50 }, (_, i) => job(`j${String(i).padStart(2, '0')}`)));
      const runs = new Map<string, number>();
      const by = new Map<string, string>();
      await Promise.all([claimLoop(store, runs, 'one', by), claimLoop(store, runs, 'two', by)]);
      assert.equal(runs.size, 50);
      assert.deepEqual([...runs.values()].filter((n) => n !== 1), [], 'no job ran twice');
      if (kind === 'postgres') assert.ok(new Set(by.values()).size === 2, 'both instances ran some jobs');
      assert.deepEqual(await store.jobs.claim({ now: T0 + 3_600_000, leaseMs: 1000, limit: 10 }), [], 'done jobs are not claimed again');
    });

    if (kind !== 'memory') test('a claim passes over jobs another instance is claiming; two claims never both get one', async () => {
      await store.jobs.enqueue(Array.from({ length: 10 }, (_, i) => job(`held${i}`)));
      const [a, b] = await whileHeld('channel_kit_jobs', () => [store.jobs.claim({ now: T0, leaseMs: 60_000, limit: 10 }), store.jobs.claim({ now: T0, leaseMs: 60_000, limit: 10 })]);
      assert.deepEqual(a!.filter((j) => b!.some((k) => k.id === j.id)).map((j) => j.id), [], 'no job claimed by both');
      const rest = await store.jobs.claim({ now: T0, leaseMs: 60_000, limit: 10 });
      assert.equal(a!.length + b!.length + rest.length, 10, 'every job claimed once in the end');
    });

    test('claims only due jobs, oldest first, and a lease that ran out (its instance died) is claimed again', async () => {
      await store.jobs.enqueue([job('later', T0 + 5000), job('second', T0 - 1000), job('first', T0 - 2000)]);
      const claimed = await store.jobs.claim({ now: T0, leaseMs: 1000, limit: 10 });
      assert.deepEqual(claimed.map((j) => [j.id, j.attempts]), [['first', 1], ['second', 1]]);
      assert.deepEqual(await store.jobs.claim({ now: T0 + 999, leaseMs: 1000, limit: 10 }), [], 'leased: no one else gets them');
      const again = await store.jobs.claim({ now: T0 + 1000, leaseMs: 1000, limit: 10 });
      assert.deepEqual(again.map((j) => [j.id, j.attempts]), [['first', 2], ['second', 2]]);
    });

    test('a retry waits for its time and keeps its error; complete keeps it too', async () => {
      await store.jobs.enqueue([job('r')]);
      await store.jobs.claim({ now: T0, leaseMs: 60_000, limit: 1 });
      await store.jobs.retry('r', { runAfter: at(T0 + 4000), error: 'Error: Meta said no' });
      assert.deepEqual(await store.jobs.claim({ now: T0 + 3999, leaseMs: 60_000, limit: 1 }), [], 'not before its time, though its lease was let go');
      const [retried] = await store.jobs.claim({ now: T0 + 4000, leaseMs: 60_000, limit: 1 });
      assert.equal(retried?.attempts, 2);
      assert.equal(retried?.lastError, 'Error: Meta said no');
      await store.jobs.complete('r', T0 + 4100);
      const done = await store.jobs.get('r');
      assert.equal(done?.doneAt, at(T0 + 4100));
      assert.equal(done?.lastError, 'Error: Meta said no');
    });

    test('purges done jobs older than the cutoff only', async () => {
      await store.jobs.enqueue([job('old'), job('recent'), job('pending')]);
      await store.jobs.claim({ now: T0, leaseMs: 1000, limit: 3 });
      await store.jobs.complete('old', T0);
      await store.jobs.complete('recent', T0 + 10_000);
      assert.equal(await store.jobs.purgeDone(at(T0 + 5000)), 1);
      assert.equal(await store.jobs.get('old'), null);
      assert.ok(await store.jobs.get('recent'));
      assert.ok(await store.jobs.get('pending'), 'a job not done is never purged');
    });
  });

  describe('the job runner', () => {
    test('runs a kicked job at once, retries a failure with backoff keeping its error, then completes it', async () => {
      let clock = T0;
      const calls: unknown[] = [];
      let failures = 2;
      const runner = startJobRunner({
        store,
        pollMs: 60_000,
        now: () => clock,
        handlers: {
          async test(payload) {
            calls.push(payload);
            if (failures-- > 0) throw new Error(`failure ${2 - failures}`);
          },
        },
      });
      try {
        await store.jobs.enqueue([job('k')]);
        assert.equal(await runner.runOnce(), 1);
        let k = (await store.jobs.get('k')) as Job;
        assert.equal(k.lastError, 'Error: failure 1');
        assert.equal(k.runAfter, at(T0 + 2000), 'waits 2^1 s after its first run');
        assert.equal(await runner.runOnce(), 0, 'not before its time');
        clock = T0 + 2000;
        await runner.runOnce();
        k = (await store.jobs.get('k')) as Job;
        assert.equal(k.runAfter, at(T0 + 2000 + 4000), 'waits 2^2 s after its second');
        clock = T0 + 6000;
        await runner.runOnce();
        k = (await store.jobs.get('k')) as Job;
        assert.equal(k.doneAt, at(T0 + 6000));
        assert.equal(k.attempts, 3);
        assert.equal(k.lastError, 'Error: failure 2', 'the last error is kept');
        assert.equal(calls.length, 3);
      } finally {
        await runner.stop();
      }
    });

    test('kick() runs a job just queued without waiting for the poll', async () => {
      const ran: string[] = [];
      const runner = startJobRunner({ store, pollMs: 60_000, handlers: { test: async (payload) => void ran.push((payload as { n: string }).n) } });
      try {
        await runner.runOnce();
        await store.jobs.enqueue([job('now', Date.now() - 1)]);
        runner.kick();
        const started = Date.now();
        while (ran.length === 0 && Date.now() - started < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
        assert.deepEqual(ran, ['now']);
        assert.ok(Date.now() - started < 1000, 'within a second');
      } finally {
        await runner.stop();
      }
    });

    test('a meta_change job with a bad payload is retried a few times, then left with its error; the others still run', async () => {
      let clock = T0;
      const applied: unknown[] = [];
      const errors: string[] = [];
      const service = {
        applyMetaChange: async (...args: unknown[]) => {
          applied.push(args);
          return 1;
        },
      };
      const runner = startJobRunner({
        store,
        pollMs: 60_000,
        now: () => clock,
        maxAttempts: 3,
        handlers: { [META_CHANGE_JOB]: metaChangeHandler(service) },
        onError: (error) => errors.push(String(error)),
      });
      try {
        const good = { target: { ref: 'waba:77' }, change: 'removed_at_meta', error: { code: 'removed_at_meta', message: 'Removed at Meta.' } };
        await store.jobs.enqueue([
          { id: 'bad', kind: META_CHANGE_JOB, payload: { target: { ref: 'waba:77' }, change: 'explode' }, runAfter: at(T0) },
          { id: 'good', kind: META_CHANGE_JOB, payload: good, runAfter: at(T0) },
          { id: 'unknown-kind', kind: 'nobody_runs_this', payload: {}, runAfter: at(T0) },
        ]);
        for (let i = 0; i < 3; i++) {
          await runner.runOnce();
          clock += 3_600_000;
        }
        assert.deepEqual(applied, [[good.target, good.change, good.error]], 'the good one applied once; the bad one never');
        const bad = (await store.jobs.get('bad')) as Job;
        assert.equal(bad.attempts, 3);
        assert.equal(bad.doneAt, null);
        assert.equal(bad.runAfter, GAVE_UP_RUN_AFTER, 'left alone');
        assert.match(bad.lastError ?? '', /change/);
        assert.match((await store.jobs.get('unknown-kind'))?.lastError ?? '', /No handler for jobs of kind "nobody_runs_this"/);
        assert.equal(await runner.runOnce(), 0, 'never claimed again');
        assert.equal(errors.length, 6);
      } finally {
        await runner.stop();
      }
    });

    test('purges done jobs older than 8 days (a replay within WhatsApp’s 7 days is still recognised)', async () => {
      const day = 86_400_000;
      await store.jobs.enqueue([job('nine-days'), job('seven-days')]);
      await store.jobs.claim({ now: T0, leaseMs: 1000, limit: 2 });
      await store.jobs.complete('nine-days', T0 - 9 * day);
      await store.jobs.complete('seven-days', T0 - 7 * day);
      const runner = startJobRunner({ store, pollMs: 60_000, now: () => T0, handlers: {} });
      try {
        await runner.runOnce();
        assert.equal(await store.jobs.get('nine-days'), null);
        assert.ok(await store.jobs.get('seven-days'));
        assert.equal(await store.jobs.enqueue([job('seven-days')]), 0, 'a replay of it is still not queued');
      } finally {
        await runner.stop();
      }
    });
  });

  describe('HealthLeases', () => {
    const checkable = [
      channel('fb'),
      channel('ig', { type: 'instagram', status: 'expiring' }),
      channel('wa', { type: 'whatsapp', status: 'token_expired' }),
      channel('fb2', { status: 'setup_incomplete' }),
      channel('ig2', { type: 'instagram' }),
      channel('wa2', { type: 'whatsapp' }),
    ];
    const skipped = [
      channel('gone', { status: 'disconnected', disconnectedAt: '2026-02-01T00:00:00.000Z' }),
      channel('chat', { type: 'webchat', accountId: 'shop.example.com' }),
      channel('tokenless', { sealedToken: null }),
      channel('line', { type: 'line' }),
    ];

    test('two instances claiming at once never get the same channel, and skip disconnected, Webchat and tokenless rows', async () => {
      await store.importChannels([...checkable, ...skipped]);
      const got: string[][] = [[], []];
      const claimAll = async (mine: string[]) => {
        for (;;) {
          const due = await store.health.claimDue({ now: T0, checkedBefore: at(T0 - 60_000), leaseMs: 60_000, limit: 2 });
          if (due.length === 0) return;
          mine.push(...due.map((c) => c.id));
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await Promise.all([claimAll(got[0]!), claimAll(got[1]!)]);
      const all = got.flat();
      assert.deepEqual([...all].sort(), checkable.map((c) => c.id).sort());
      assert.equal(new Set(all).size, all.length, 'no channel claimed twice');
    });

    if (kind !== 'memory') test('a health claim passes over channels another instance is claiming; two claims never both get one', async () => {
      await store.importChannels(checkable);
      const claim = () => store.health.claimDue({ now: T0, checkedBefore: at(T0 - 60_000), leaseMs: 60_000, limit: 10 });
      const [a, b] = await whileHeld('channel_kit_channels', () => [claim(), claim()]);
      assert.deepEqual(a!.filter((c) => b!.some((d) => d.id === c.id)).map((c) => c.id), [], 'no channel claimed by both');
      const rest = await store.health.claimDue({ now: T0, checkedBefore: at(T0 - 60_000), leaseMs: 60_000, limit: 10 });
      assert.equal(a!.length + b!.length + rest.length, checkable.length);
    });

    test('a checked channel is not due until the interval has passed; an unchecked one is claimed again once its lease runs out', async () => {
      await store.importChannels([channel('a'), channel('b')]);
      const claim = (now: number) => store.health.claimDue({ now, checkedBefore: at(now - 60_000), leaseMs: 10_000, limit: 10 });
      const first = await claim(T0);
      assert.deepEqual(first.map((c) => c.id).sort(), ['a', 'b']);
      assert.equal(first[0]?.sealedToken?.startsWith('sealed-'), true, 'the checker gets the sealed token');
      await store.health.checked('ws-health', 'a', at(T0 + 1000));
      assert.deepEqual(await claim(T0 + 5000), [], 'b is still leased');
      assert.deepEqual((await claim(T0 + 10_000)).map((c) => c.id), ['b'], "b's lease ran out; a was checked");
      assert.deepEqual((await claim(T0 + 61_001)).map((c) => c.id).sort(), ['a', 'b'], "a is due again after the interval, and b's second lease ran out");
    });

    if (kind !== 'memory') test('the claim reads the partial index, not every channel', async () => {
      const db = (opened as { db: SqlDatabase }).db;
      const seen: { sql: string; params: unknown[] }[] = [];
      const recording: SqlDatabase = { ...db, query: ((sql: string, params?: unknown[]) => (seen.push({ sql, params: params ?? [] }), db.query(sql, params))) as SqlDatabase['query'] };
      await new SqlStore(recording).health.claimDue({ now: T0, checkedBefore: at(T0), leaseMs: 1000, limit: 25 });
      const claim = seen.at(-1)!;
      // With a small table the planner rightly reads all of it; forbid that to see which index it can use.
      await db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const plan = await tx.query<Record<string, string>>(`EXPLAIN ${claim.sql}`, claim.params);
        assert.match(plan.rows.map((r) => Object.values(r)[0]).join('\n'), /channel_kit_channels_health_due/);
      });
    });
  });

  describe('Meta refs', () => {
    test('keeps a channel’s refs through import, save and read, and finds channels by a ref in every workspace', async () => {
      await store.importChannels([
        channel('w1', { workspaceId: 'ws-a', type: 'whatsapp', metaRefs: ['user:1', 'business:9', 'waba:5'] }),
        channel('w2', { workspaceId: 'ws-b', type: 'whatsapp', metaRefs: ['waba:5'] }),
        channel('f1', { workspaceId: 'ws-b', metaRefs: ['user:1', 'page:3'] }),
        channel('none', { workspaceId: 'ws-b' }),
        channel('empty', { workspaceId: 'ws-b', metaRefs: [] }),
      ]);
      const found = (ref: string) => store.transaction(async (tx) => (await tx.channelsByMetaRef(ref)).map((c) => `${c.workspaceId}/${c.id}`).sort());
      assert.deepEqual(await found('waba:5'), ['ws-a/w1', 'ws-b/w2']);
      assert.deepEqual(await found('user:1'), ['ws-a/w1', 'ws-b/f1']);
      assert.deepEqual(await found('waba:9'), [], 'a ref is matched whole');
      assert.deepEqual((await store.getChannel('ws-a', 'w1'))?.metaRefs, ['user:1', 'business:9', 'waba:5']);
      assert.equal((await store.getChannel('ws-b', 'none'))?.metaRefs, undefined, 'no refs: none said');
      assert.equal('metaRefs' in ((await store.getChannel('ws-b', 'empty')) ?? {}), false, 'empty refs read back as none, in every store');
      await store.transaction(async (tx) => {
        const row = (await tx.lockChannel('ws-b', 'w2'))!;
        await tx.saveChannel({ ...row, metaRefs: ['waba:6'] });
        assert.deepEqual(await tx.channelsByMetaRef('waba:6').then((rows) => rows.map((c) => c.id)), ['w2'], 'a transaction sees its own writes');
      });
      assert.deepEqual(await found('waba:5'), ['ws-a/w1']);
      assert.deepEqual((await store.getChannel('ws-b', 'w2'))?.metaRefs, ['waba:6']);
      const listed = await store.listChannels('ws-a', { limit: 10 });
      assert.equal('metaRefs' in (listed.channels[0] ?? {}), false, 'a listing has no use for them');
    });
  });
});

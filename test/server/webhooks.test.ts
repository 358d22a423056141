// Meta's calls to the server over real HTTP, on each database, sent the way Meta sends them (the
// Graph API emulator's senders): the verification handshake, deliveries signed over their raw bytes,
// the deauthorize and data-deletion callbacks' signed_request. What each changes, and that a bad
// signature or a replay changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChannelStore, NewChannel, NewJob, StoredChannel } from '../../src/server/store/channel-store.js';
import { metaJson, sendSignedRequest, sendWebhook, signedRequest, verifyWebhookEndpoint, webhookSignature } from '../../src/testing/graph-emulator/index.js';
import { forEachStore, freshWorkspace, itHasADatabase, startTestServer, type StoreKind, type TestServer } from './support/test-server.js';

const APP_SECRET = 'webhooks-test-app-secret';
const VERIFY_TOKEN = 'webhooks-test-verify-token';
/** A page origin the host allows: the contract's routes answer it with CORS headers, Meta's routes do not. */
const ADMIN_ORIGIN = 'https://admin.example.com';

let ids = 0;
/** A Meta id no other test uses (digits, as Meta's are). */
const metaId = () => `${Date.now()}${++ids}${Math.floor(Math.random() * 1000)}`;

function channel(workspaceId: string, type: string, metaRefs: string[], extra: Partial<NewChannel> = {}): NewChannel {
  const id = `ch_${metaId()}`;
  return {
    workspaceId,
    id,
    type,
    name: `${type} ${id}`,
    accountId: `acct_${id}`,
    avatarUrl: null,
    status: 'connected',
    connectedAt: '2026-01-05T10:00:00.000Z',
    disconnectedAt: null,
    tokenExpiresAt: null,
    lastError: null,
    setupChecks: [],
    sealedToken: `v1.t1.sealed-${id}`,
    metaRefs,
    ...extra,
  };
}

/** WhatsApp's `account_update` delivery for a WABA (the entry's id). */
function accountUpdate(wabaId: string, event: string, time = Math.floor(Date.now() / 1000)) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: wabaId,
        time,
        changes: [
          {
            field: 'account_update',
            value: { event, waba_info: { waba_id: wabaId, owner_business_id: '1' }, disconnection_info: { reason: 'Partner removed — ลบแล้ว', initiated_by: 'BUSINESS' } },
          },
        ],
      },
    ],
  };
}

function businessUninstall(businessId: string) {
  return {
    object: 'application',
    entry: [{ id: '424242', time: Math.floor(Date.now() / 1000), changes: [{ field: 'business_integration_uninstall', value: { business_manager_id: businessId } }] }],
  };
}

/** Records what the server queues: how many jobs each enqueue added, and their ids. */
interface QueueSpy {
  added: number[];
  ids: string[];
}

function spyOnQueue(spy: QueueSpy) {
  return (store: ChannelStore): ChannelStore => {
    const jobs = new Proxy(store.jobs, {
      get(target, prop, receiver) {
        if (prop === 'enqueue') {
          return async (queued: NewJob[]) => {
            const added = await target.enqueue(queued);
            spy.added.push(added);
            spy.ids.push(...queued.map((j) => j.id));
            return added;
          };
        }
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return new Proxy(store, {
      get(target, prop) {
        if (prop === 'jobs') return jobs;
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) assert.fail(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEachStore(['memory', 'pglite', 'postgres'], "Meta's webhooks", (kind: StoreKind) => {
  let started: TestServer | { skipped: string } | undefined;
  const spy: QueueSpy = { added: [], ids: [] };
  before(async () => {
    started = await startTestServer(kind, { webhooks: { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN }, allowedOrigins: [ADMIN_ORIGIN], wrapStore: spyOnQueue(spy) });
  });
  after(async () => {
    if (started && !('skipped' in started)) await started.close();
  });
  itHasADatabase(kind, () => started);
  const test = (name: string, body: (server: TestServer, urls: { webhook: string; deauthorize: string; dataDeletion: string }) => Promise<void>) =>
    it(name, async (t) => {
      if (!started || 'skipped' in started) return t.skip(started?.skipped);
      const webhook = `${started.api}/webhooks/meta`;
      return body(started, { webhook, deauthorize: `${webhook}/deauthorize`, dataDeletion: `${webhook}/data-deletion` });
    });

  const row = (server: TestServer, c: NewChannel) => server.store.getChannel(c.workspaceId, c.id) as Promise<StoredChannel>;

  describe('the verification handshake', () => {
    test('answers the challenge as text when the verify token matches, else 403', async (server, { webhook }) => {
      const ok = await verifyWebhookEndpoint(webhook, VERIFY_TOKEN, '1158201444');
      assert.equal(ok.verified, true);
      assert.equal(ok.body, '1158201444');
      const head = await fetch(`${webhook}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`);
      assert.match(head.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal((await verifyWebhookEndpoint(webhook, `${VERIFY_TOKEN}x`)).status, 403);
      assert.equal((await verifyWebhookEndpoint(webhook, '')).status, 403);
      assert.equal((await fetch(`${webhook}?hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`)).status, 403);
      assert.equal((await fetch(webhook)).status, 403);
      const reflected = await fetch(`${webhook}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=${encodeURIComponent('<script>x</script>')}`);
      assert.equal(reflected.status, 403, 'a challenge Meta would not send is not echoed');
      const entries = server.logs.filter((e) => e.path === new URL(webhook).pathname);
      assert.ok(entries.length >= 6 && entries.every((e) => e.operation === 'webhook'), 'one log line per request, operation webhook');
      assert.ok(!JSON.stringify(server.logs).includes(VERIFY_TOKEN), 'the verify token is never logged');
    });
  });

  describe('deliveries', () => {
    test('PARTNER_REMOVED disconnects the channels carrying the WABA, within a second, history kept, others untouched', async (server, { webhook }) => {
      const waba = metaId();
      const ws = freshWorkspace('wa');
      const other = freshWorkspace('other');
      const first = channel(ws, 'whatsapp', [`user:${metaId()}`, `waba:${waba}`]);
      const second = channel(ws, 'whatsapp', [`waba:${waba}`]);
      const unrelated = [channel(other, 'whatsapp', [`waba:${metaId()}`]), channel(other, 'facebook', [`business:${waba}`, `page:${waba}`])];
      await server.store.importChannels([first, second, ...unrelated]);
      const before = await Promise.all(unrelated.map((c) => row(server, c)));

      const sent = Date.now();
      const delivery = await sendWebhook(webhook, accountUpdate(waba, 'PARTNER_REMOVED'), { appSecret: APP_SECRET });
      assert.equal(delivery.status, 200);
      assert.ok(Date.now() - sent < 2000, 'answered at once');
      const after = await until('the first channel', () => row(server, first), (r) => r.status === 'disconnected');
      assert.ok(Date.now() - sent < 1000, `the row turned within a second (${Date.now() - sent} ms)`);
      assert.equal((await until('the second channel', () => row(server, second), (r) => r.status === 'disconnected')).status, 'disconnected');

      assert.equal(after.lastError?.code, 'removed_at_meta');
      assert.match(after.lastError?.message ?? '', /disconnected from this app at Meta\. Reconnect/);
      assert.ok(after.disconnectedAt);
      assert.deepEqual({ ...after, status: first.status, lastError: null, disconnectedAt: null, version: 1 }, { ...first, version: 1 }, 'nothing else changed: name, account, history');
      const listed = await server.backendFor(ws).getChannel(first.id);
      assert.equal(listed.status, 'disconnected', 'still there, disconnected, over the API');
      assert.equal(listed.lastError?.code, 'removed_at_meta');
      assert.deepEqual(await Promise.all(unrelated.map((c) => row(server, c))), before, "other workspaces' channels are untouched");
    });

    test('a replayed delivery is not queued twice and moves no row', async (server, { webhook }) => {
      const waba = metaId();
      const target = channel(freshWorkspace('replay'), 'whatsapp', [`waba:${waba}`]);
      await server.store.importChannels([target]);
      const payload = accountUpdate(waba, 'PARTNER_APP_UNINSTALLED');
      spy.added.length = 0;
      spy.ids.length = 0;
      const original = await sendWebhook(webhook, payload, { appSecret: APP_SECRET });
      assert.equal(original.status, 200);
      const changed = await until('the channel', () => row(server, target), (r) => r.status === 'disconnected');
      assert.match(changed.lastError?.message ?? '', /uninstalled this app/);
      const replay = await sendWebhook(webhook, original.rawBody, { appSecret: APP_SECRET });
      assert.equal(replay.status, 200, 'a replay is acknowledged');
      assert.deepEqual(spy.added, [1, 0], 'queued once');
      assert.equal(spy.ids[0], spy.ids[1], 'under the same id');
      const done = await until('the job', () => server.store.jobs.get(spy.ids[0]!), (j) => j?.doneAt !== null);
      assert.equal(done?.attempts, 1, 'run once');
      await pause(100);
      assert.equal((await row(server, target)).version, changed.version, 'the version did not move');
    });

    test('the same event sent again later (removed, reconnected, removed again) is no replay', async (server, { webhook }) => {
      const waba = metaId();
      const target = channel(freshWorkspace('again'), 'whatsapp', [`waba:${waba}`]);
      await server.store.importChannels([target]);
      const time = Math.floor(Date.now() / 1000);
      assert.equal((await sendWebhook(webhook, accountUpdate(waba, 'PARTNER_REMOVED', time), { appSecret: APP_SECRET })).status, 200);
      await until('the first removal', () => row(server, target), (r) => r.status === 'disconnected');
      // Reconnected here (as a reauthorization would leave it).
      await server.store.transaction(async (tx) => {
        const current = (await tx.lockChannel(target.workspaceId, target.id))!;
        await tx.saveChannel({ ...current, status: 'connected', disconnectedAt: null, lastError: null });
      });
      assert.equal((await sendWebhook(webhook, accountUpdate(waba, 'PARTNER_REMOVED', time + 3600), { appSecret: APP_SECRET })).status, 200);
      await until('the second removal', () => row(server, target), (r) => r.status === 'disconnected');
    });

    test('business_integration_uninstall disconnects the business’s channels', async (server, { webhook }) => {
      const business = metaId();
      const ws = freshWorkspace('biz');
      const page = channel(ws, 'facebook', [`business:${business}`]);
      const instagram = channel(ws, 'instagram', [`business:${business}`, `page:${metaId()}`], { status: 'token_expired' });
      const webchat = channel(ws, 'webchat', [`business:${business}`], { sealedToken: null });
      const disconnected = channel(ws, 'facebook', [`business:${business}`], { status: 'disconnected', disconnectedAt: '2026-01-06T00:00:00.000Z' });
      await server.store.importChannels([page, instagram, webchat, disconnected]);
      assert.equal((await sendWebhook(webhook, businessUninstall(business), { appSecret: APP_SECRET })).status, 200);
      for (const c of [page, instagram]) {
        const after = await until(c.type, () => row(server, c), (r) => r.status === 'disconnected');
        assert.deepEqual(after.lastError, { code: 'removed_at_meta', message: 'The business removed this app at Meta. Reconnect the channel to receive its messages again.' });
      }
      await pause(100);
      assert.equal((await row(server, webchat)).version, 1, 'Webchat is not Meta’s');
      assert.deepEqual(await row(server, disconnected), { ...disconnected, version: 1 }, 'a channel disconnected here stays as it was');
    });

    test('a bad or missing signature is refused with 403 and changes nothing', async (server, { webhook }) => {
      const waba = metaId();
      const target = channel(freshWorkspace('sig'), 'whatsapp', [`waba:${waba}`]);
      await server.store.importChannels([target]);
      const payload = accountUpdate(waba, 'PARTNER_REMOVED');
      spy.added.length = 0;
      assert.equal((await sendWebhook(webhook, payload, { appSecret: APP_SECRET, badSignature: true })).status, 403);
      assert.equal((await sendWebhook(webhook, payload, { appSecret: APP_SECRET, unsigned: true })).status, 403);
      const raw = metaJson(payload);
      const sha1Style = { 'x-hub-signature-256': webhookSignature(raw, APP_SECRET).replace('sha256=', 'sha1=') };
      assert.equal((await sendWebhook(webhook, raw, { appSecret: APP_SECRET, unsigned: true, headers: sha1Style })).status, 403);
      const truncated = { 'x-hub-signature-256': webhookSignature(raw, APP_SECRET).slice(0, -2) };
      assert.equal((await sendWebhook(webhook, raw, { appSecret: APP_SECRET, unsigned: true, headers: truncated })).status, 403);
      await pause(200);
      assert.deepEqual(spy.added, [], 'nothing queued');
      assert.deepEqual(await row(server, target), { ...target, version: 1 }, 'the row is unchanged');
      // The same delivery, signed right, does change it: the refusals above were the signature's.
      assert.equal((await sendWebhook(webhook, raw, { appSecret: APP_SECRET })).status, 200);
      await until('the channel', () => row(server, target), (r) => r.status === 'disconnected');
      const refused = server.logs.filter((e) => e.operation === 'webhook' && e.status === 403);
      assert.ok(refused.some((e) => e.error === 'invalid_signature'));
      const logged = JSON.stringify(server.logs);
      assert.ok(!logged.includes(webhookSignature(raw, APP_SECRET).slice(7)) && !logged.includes(waba), 'neither a signature nor a body is logged');
    });

    test('the signature is over the raw bytes: the same JSON re-serialized, with the original signature, is refused', async (server, { webhook }) => {
      const waba = metaId();
      const target = channel(freshWorkspace('bytes'), 'whatsapp', [`waba:${waba}`]);
      await server.store.importChannels([target]);
      const payload = accountUpdate(waba, 'PARTNER_REMOVED');
      const asMetaSends = metaJson(payload);
      const reserialized = JSON.stringify(JSON.parse(asMetaSends));
      assert.notEqual(reserialized, asMetaSends, 'Meta escapes Unicode and /; JSON.stringify does not');
      assert.deepEqual(JSON.parse(reserialized), JSON.parse(asMetaSends));
      const headers = { 'x-hub-signature-256': webhookSignature(asMetaSends, APP_SECRET) };
      assert.equal((await sendWebhook(webhook, reserialized, { appSecret: APP_SECRET, unsigned: true, headers })).status, 403);
      await pause(200);
      assert.equal((await row(server, target)).status, 'connected');
      assert.equal((await sendWebhook(webhook, asMetaSends, { appSecret: APP_SECRET, unsigned: true, headers })).status, 200);
      await until('the channel', () => row(server, target), (r) => r.status === 'disconnected');
    });

    test('acknowledges and ignores what it does not act on: messages, other account events, unknown shapes', async (server, { webhook }) => {
      const waba = metaId();
      const target = channel(freshWorkspace('ignored'), 'whatsapp', [`waba:${waba}`]);
      await server.store.importChannels([target]);
      spy.added.length = 0;
      const messages = {
        object: 'whatsapp_business_account',
        entry: [{ id: waba, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', messages: [{ from: '15551234567', text: { body: 'สวัสดี' } }] } }] }],
      };
      const page = { object: 'page', entry: [{ id: metaId(), time: 1, messaging: [{ sender: { id: '1' }, message: { text: 'hi' } }] }] };
      for (const body of [messages, page, accountUpdate(waba, 'PARTNER_APP_INSTALLED'), accountUpdate(waba, 'constructor'), { object: 'application' }, [1, 2], 'null']) {
        assert.equal((await sendWebhook(webhook, body, { appSecret: APP_SECRET })).status, 200, JSON.stringify(body));
      }
      assert.equal((await sendWebhook(webhook, '{not json', { appSecret: APP_SECRET })).status, 400);
      await pause(200);
      assert.deepEqual(spy.added, [], 'nothing queued');
      assert.deepEqual(await row(server, target), { ...target, version: 1 });
    });

    test('refuses a body over the size limit, and other methods', async (server, { webhook }) => {
      const big = { object: 'page', entry: [{ id: '1', padding: 'x'.repeat(70 * 1024) }] };
      assert.equal((await sendWebhook(webhook, big, { appSecret: APP_SECRET })).status, 413);
      const put = await fetch(webhook, { method: 'PUT', body: '{}' });
      assert.equal(put.status, 405);
      assert.equal(put.headers.get('allow'), 'GET, POST');
    });

    test('answers with no CORS headers, even to an origin the host allows', async (server, { webhook }) => {
      const cors = (answer: Response) => [...answer.headers.keys()].filter((name) => name.startsWith('access-control-'));
      const contract = await fetch(`${server.api}/health`, { headers: { origin: ADMIN_ORIGIN } });
      assert.ok(cors(contract).length > 0, 'the contract’s routes do answer that origin');
      const answer = await fetch(`${webhook}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=7`, { headers: { origin: ADMIN_ORIGIN } });
      assert.equal(answer.status, 200);
      assert.deepEqual(cors(answer), []);
      const preflight = await fetch(webhook, { method: 'OPTIONS', headers: { origin: ADMIN_ORIGIN, 'access-control-request-method': 'POST' } });
      assert.equal(preflight.status, 405);
      assert.deepEqual(cors(preflight), []);
    });
  });

  describe('the deauthorize and data-deletion callbacks', () => {
    test('deauthorize: the channels the person granted are token_expired, saying why', async (server, { deauthorize }) => {
      const user = metaId();
      const ws = freshWorkspace('deauth');
      const granted = [channel(ws, 'facebook', [`user:${user}`, `business:${metaId()}`]), channel(freshWorkspace('deauth'), 'instagram', [`user:${user}`])];
      const someoneElse = channel(ws, 'facebook', [`user:${metaId()}`]);
      await server.store.importChannels([...granted, someoneElse]);
      const answer = await sendSignedRequest(deauthorize, { user_id: user }, APP_SECRET);
      assert.equal(answer.status, 200);
      for (const c of granted) {
        const after = await until(c.id, () => row(server, c), (r) => r.status === 'token_expired');
        assert.equal(after.lastError?.code, 'app_removed_by_user');
        assert.match(after.lastError?.message ?? '', /removed the app from their Facebook account/);
      }
      assert.equal((await server.backendFor(ws).getChannel(granted[0]!.id)).status, 'token_expired');
      await pause(100);
      assert.deepEqual(await row(server, someoneElse), { ...someoneElse, version: 1 });
    });

    test('data deletion: answers {url, confirmation_code}; the token is forgotten and the status page says done', async (server, { dataDeletion }) => {
      const user = metaId();
      const granted = channel(freshWorkspace('deletion'), 'whatsapp', [`user:${user}`, `waba:${metaId()}`]);
      await server.store.importChannels([granted]);
      const answer = await sendSignedRequest(dataDeletion, { user_id: user }, APP_SECRET);
      assert.equal(answer.status, 200);
      const body = JSON.parse(answer.body) as { url: string; confirmation_code: string };
      assert.match(body.confirmation_code, /^[0-9a-f]{64}$/);
      assert.equal(body.url, `${dataDeletion}/${body.confirmation_code}`);
      const after = await until('the channel', () => row(server, granted), (r) => r.sealedToken === null);
      assert.equal(after.status, 'token_expired');
      assert.equal(after.lastError?.code, 'data_deleted');
      await until('the job', () => server.store.jobs.get(body.confirmation_code), (j) => j?.doneAt !== null);

      const page = await fetch(body.url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const html = await page.text();
      assert.match(html, /Data deletion: Deleted/);
      assert.match(html, /has been deleted/);
      assert.ok(html.includes(body.confirmation_code));

      const again = await sendSignedRequest(dataDeletion, { user_id: user, issued_at: 1 }, APP_SECRET);
      assert.equal(JSON.parse(again.body).confirmation_code === body.confirmation_code, false, 'another request, another code');
      const unknown = await fetch(`${dataDeletion}/${'0'.repeat(64)}`);
      assert.equal(unknown.status, 404);
      assert.match(await unknown.text(), /No data-deletion request has this confirmation code/);
      const odd = await fetch(`${dataDeletion}/%3Cb%3E"'&`);
      assert.equal(odd.status, 404);
      assert.ok(!(await odd.text()).includes("'&"), 'what the path says is escaped');
    });

    test('a code that is another kind of job says nothing of it', async (server, { webhook, dataDeletion }) => {
      const waba = metaId();
      await server.store.importChannels([channel(freshWorkspace('code'), 'whatsapp', [`waba:${waba}`])]);
      spy.ids.length = 0;
      await sendWebhook(webhook, accountUpdate(waba, 'PARTNER_REMOVED'), { appSecret: APP_SECRET });
      const jobId = spy.ids[0]!;
      assert.match(jobId, /^[0-9a-f]{64}$/);
      assert.equal((await fetch(`${dataDeletion}/${jobId}`)).status, 404);
    });

    test('a signed_request with a bad signature, a wrong algorithm or no user is refused with 403 and changes nothing', async (server, { deauthorize, dataDeletion }) => {
      const user = metaId();
      const granted = channel(freshWorkspace('bad-sr'), 'facebook', [`user:${user}`]);
      await server.store.importChannels([granted]);
      spy.added.length = 0;
      const post = (url: string, value: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ signed_request: value }).toString() });
      const forged = signedRequest({ user_id: user }, `${APP_SECRET}-wrong`);
      const [, payloadSegment] = signedRequest({ user_id: user }, APP_SECRET).split('.');
      const swapped = `${forged.split('.')[0]}.${payloadSegment}`;
      const md5 = signedRequest({ user_id: user, algorithm: 'MD5' }, APP_SECRET);
      const noUser = signedRequest({}, APP_SECRET);
      for (const url of [deauthorize, dataDeletion]) {
        for (const value of [forged, swapped, md5, noUser, 'no-dot', `${forged}.extra`]) assert.equal((await post(url, value)).status, 403, `${url} ${value}`);
        const empty = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
        assert.equal(empty.status, 400);
      }
      await pause(200);
      assert.deepEqual(spy.added, []);
      assert.deepEqual(await row(server, granted), { ...granted, version: 1 });
      assert.ok(!JSON.stringify(server.logs).includes(payloadSegment!), 'a signed_request is never logged');
    });
  });
});

describe('a server without webhooks', () => {
  let server: TestServer;
  before(async () => {
    const started = await startTestServer('memory');
    assert.ok(!('skipped' in started));
    server = started;
  });
  after(() => server.close());

  it('has none of their routes', async () => {
    for (const path of ['/webhooks/meta', '/webhooks/meta/deauthorize', '/webhooks/meta/data-deletion', `/webhooks/meta/data-deletion/${'a'.repeat(64)}`]) {
      assert.equal((await fetch(`${server.api}${path}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`)).status, 404, path);
    }
  });
});

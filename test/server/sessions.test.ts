// Embedded sessions for partner portals, over real HTTP: minting with the secret key, using the
// token as a bearer (or a cookie) from the origins it names, every refusal changing nothing, the
// preflight, the REST adapter's one-retry refresh, and the popup's callback page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import type { ChannelWire } from '../../src/core/channel.js';
import { isChannelKitError } from '../../src/core/errors.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import { SessionSigner } from '../../src/server/http/session-tokens.js';
import { freshWorkspace, startTestServer, type TestServer, type TestServerOptions } from './support/test-server.js';

const SECRET_KEY = 'sk_test_partner_portal_0123456789';
const SIGNING_SECRET = 'signing-secret-for-the-tests-0123456789-abcdef';
const PORTAL = 'https://portal.example';
const OWNER = { product: 'caac', role: 'owner' } as const;

async function start(options: TestServerOptions): Promise<TestServer> {
  const started = await startTestServer('memory', options);
  assert.ok(!('skipped' in started), 'the memory store is always there');
  return started;
}

interface Call {
  token?: string;
  origin?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

function call(server: TestServer, method: string, path: string, { token, origin, body, headers = {} }: Call = {}): Promise<Response> {
  const all: Record<string, string> = { ...headers };
  if (token) all.authorization = `Bearer ${token}`;
  if (origin) all.origin = origin;
  if (body !== undefined && !all['content-type']) all['content-type'] = 'application/json';
  return fetch(`${server.api}${path}`, { method, headers: all, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
}

async function errorOf(response: Response): Promise<{ code: string; message: string; path?: string }> {
  const body = (await response.json()) as { error: { code: string; message: string; path?: string } };
  assert.equal(typeof body.error?.code, 'string', 'an error body');
  return body.error;
}

async function mint(server: TestServer, body: unknown, key: string | null = SECRET_KEY): Promise<Response> {
  return call(server, 'POST', '/sessions', { body, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
}

async function tokenFor(server: TestServer, workspaceId: string, allowedOrigins = [PORTAL]): Promise<{ token: string; expiresAt: string }> {
  const response = await mint(server, { workspaceId, viewer: OWNER, allowedOrigins });
  assert.equal(response.status, 200, 'minted');
  return (await response.json()) as { token: string; expiresAt: string };
}

/** A row as stored, to prove a refused request changed nothing. */
async function rowOf(server: TestServer, workspaceId: string, channelId: string) {
  const row = await server.store.getChannel(workspaceId, channelId);
  assert.ok(row, `${channelId} exists`);
  return row;
}

/** A token with its payload edited and the original signature kept. */
function withEditedPayload(token: string, edit: (payload: Record<string, unknown>) => void): string {
  const [signed = '', signature = ''] = token.split('.');
  const payload = JSON.parse(Buffer.from(signed.slice(4), 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(payload);
  return `cks_${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('embedded sessions: bearer tokens', () => {
  let server: TestServer;
  const ws = freshWorkspace('portal');
  const other = freshWorkspace('other');
  const otherChannels: ChannelWire[] = [
    { id: 'other_1', type: 'facebook', name: 'Other Page', accountId: 'fb_other', status: 'connected', connectedAt: '2026-01-01T00:00:00.000Z' },
  ];

  before(async () => {
    server = await start({ sessions: { secretKey: SECRET_KEY, signingSecret: SIGNING_SECRET } });
    await server.seed(ws, createScenario('typical').channels);
    await server.seed(other, otherChannels);
  });
  after(() => server.close());

  describe('POST /sessions', () => {
    it('mints a token and its expiry with the secret key', async () => {
      const before = Date.now();
      const response = await mint(server, { workspaceId: ws, viewer: OWNER, allowedOrigins: [PORTAL], ttlSeconds: 120 });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { token: string; expiresAt: string; workspaceId: string; allowedOrigins: string[] };
      assert.match(body.token, /^cks_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      const expires = Date.parse(body.expiresAt);
      assert.ok(expires >= before + 119_000 && expires <= Date.now() + 121_000, `expires in about 120 s: ${body.expiresAt}`);
      assert.equal(body.workspaceId, ws);
      assert.deepEqual(body.allowedOrigins, [PORTAL]);
      // The token it gave is one the server's signer accepts.
      const session = await (await SessionSigner.create(SIGNING_SECRET)).verify(body.token);
      assert.equal(session?.workspaceId, ws);
    });

    it('refuses a wrong or missing secret key with 401', async () => {
      const body = { workspaceId: ws, viewer: OWNER, allowedOrigins: [PORTAL] };
      for (const key of [null, '', 'sk_wrong', `${SECRET_KEY}x`, SECRET_KEY.slice(0, -1), SIGNING_SECRET]) {
        const response = await mint(server, body, key);
        assert.equal(response.status, 401, `key ${JSON.stringify(key)}`);
        const error = await errorOf(response);
        assert.equal(error.code, 'unauthenticated');
        assert.ok(!JSON.stringify(error).includes('cks_'), 'no token');
      }
      // The key sent some other way than as a bearer is not the key.
      const asHeader = await call(server, 'POST', '/sessions', { body, headers: { 'x-secret-key': SECRET_KEY } });
      assert.equal(asHeader.status, 401);
    });

    it('refuses a bad body with 400 and the path of the field', async () => {
      const good = { workspaceId: ws, viewer: OWNER, allowedOrigins: [PORTAL] };
      const cases: [unknown, string][] = [
        [{ ...good, workspaceId: undefined }, 'workspaceId'],
        [{ ...good, workspaceId: 42 }, 'workspaceId'],
        [{ ...good, workspaceId: 'w'.repeat(201) }, 'workspaceId'],
        [{ ...good, viewer: { product: '', role: 'owner' } }, 'viewer.product'],
        [{ ...good, allowedOrigins: [] }, 'allowedOrigins'],
        [{ ...good, allowedOrigins: ['https://portal.example/'] }, 'allowedOrigins.0'],
        [{ ...good, allowedOrigins: [PORTAL, 'https://*.example'] }, 'allowedOrigins.1'],
        [{ ...good, ttlSeconds: 10 }, 'ttlSeconds'],
        [{ ...good, ttlSeconds: 7200 }, 'ttlSeconds'],
        [[], 'body'],
      ];
      for (const [body, path] of cases) {
        const response = await mint(server, body);
        assert.equal(response.status, 400, `${JSON.stringify(body)}`);
        const error = await errorOf(response);
        assert.equal(error.code, 'invalid_request');
        assert.equal(error.path, path, `path for ${JSON.stringify(body)}`);
      }
      const notJson = await call(server, 'POST', '/sessions', { body: '{nope', headers: { authorization: `Bearer ${SECRET_KEY}` } });
      assert.equal(notJson.status, 400);
      assert.equal((await errorOf(notJson)).code, 'invalid_json');
    });

    it('is 404 on a server without embedded sessions', async () => {
      const plain = await start({});
      try {
        const response = await mint(plain, { workspaceId: ws, viewer: OWNER, allowedOrigins: [PORTAL] });
        assert.equal(response.status, 404);
        assert.equal((await errorOf(response)).code, 'not_found');
        // And a token from elsewhere is not a credential there.
        const { token } = await tokenFor(server, ws);
        const list = await call(plain, 'GET', '/channels', { token, origin: PORTAL });
        assert.equal(list.status, 403, 'a cross-origin call with no configured origin');
        const sameOrigin = await call(plain, 'GET', '/channels', { token });
        assert.equal(sameOrigin.status, 401);
      } finally {
        await plain.close();
      }
    });
  });

  describe('using the token', () => {
    it('lists the workspace from an allowed origin, with the CORS headers', async () => {
      const { token } = await tokenFor(server, ws);
      const response = await call(server, 'GET', '/channels', { token, origin: PORTAL });
      assert.equal(response.status, 200);
      const page = (await response.json()) as { channels: ChannelWire[] };
      assert.deepEqual(page.channels.map((c) => c.id), ['ch_1', 'ch_2', 'ch_3', 'ch_4', 'ch_5', 'ch_6', 'ch_7']);
      assert.equal(response.headers.get('access-control-allow-origin'), PORTAL);
      assert.ok((response.headers.get('vary') ?? '').split(/,\s*/).includes('Origin'), `vary: ${response.headers.get('vary')}`);
      assert.ok((response.headers.get('access-control-expose-headers') ?? '').split(/,\s*/).includes('retry-after'));
      assert.equal(response.headers.get('access-control-allow-credentials'), null, 'bearer use is never credentialed');
      assert.equal(server.logs.at(-1)?.workspaceId, ws, 'the session names the workspace');
    });

    it('changes things with the token (disconnect)', async () => {
      const { token } = await tokenFor(server, ws);
      const response = await call(server, 'POST', '/channels/ch_3/disconnect', { token, origin: PORTAL });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as ChannelWire).status, 'disconnected');
      assert.equal(response.headers.get('access-control-allow-origin'), PORTAL);
      assert.equal((await rowOf(server, ws, 'ch_3')).status, 'disconnected');
    });

    it('refuses an expired token with 401 session_invalid, changing nothing', async () => {
      const signer = await SessionSigner.create(SIGNING_SECRET);
      const { token } = await signer.mint({ workspaceId: ws, viewer: OWNER, allowedOrigins: [PORTAL], ttlSeconds: 60 }, Date.now() - 61_000);
      const before = await rowOf(server, ws, 'ch_1');
      const refused = await call(server, 'POST', '/channels/ch_1/disconnect', { token, origin: PORTAL });
      assert.equal(refused.status, 401);
      assert.equal((await errorOf(refused)).code, 'session_invalid');
      assert.deepEqual(await rowOf(server, ws, 'ch_1'), before);
      assert.equal(before.status, 'connected');
      const list = await call(server, 'GET', '/channels', { token, origin: PORTAL });
      assert.equal(list.status, 401);
      // The same session a minute younger works: it is the expiry that was refused.
      const { token: fresh } = await signer.mint({ workspaceId: ws, viewer: OWNER, allowedOrigins: [PORTAL], ttlSeconds: 60 }, Date.now() - 30_000);
      assert.equal((await call(server, 'GET', '/channels', { token: fresh, origin: PORTAL })).status, 200);
    });

    it("cannot reach another workspace's channels", async () => {
      const { token } = await tokenFor(server, other);
      const list = await call(server, 'GET', '/channels', { token, origin: PORTAL });
      assert.equal(list.status, 200);
      assert.deepEqual(((await list.json()) as { channels: ChannelWire[] }).channels.map((c) => c.id), ['other_1']);
      const before = await rowOf(server, ws, 'ch_1');
      for (const [method, path] of [
        ['GET', '/channels/ch_1'],
        ['GET', '/channels/ch_1/setup-checks'],
        ['POST', '/channels/ch_1/disconnect'],
      ] as const) {
        const response = await call(server, method, path, { token, origin: PORTAL });
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.ok(!(await response.text()).includes('Bangkok'), 'nothing of the other workspace');
      }
      assert.deepEqual(await rowOf(server, ws, 'ch_1'), before);
      assert.equal(before.status, 'connected');
    });

    it('refuses the token from another origin with 403 origin_not_allowed and no CORS header', async () => {
      const { token } = await tokenFor(server, ws);
      const before = await rowOf(server, ws, 'ch_1');
      for (const origin of ['https://evil.example', 'https://portal.example:8443', 'http://portal.example', 'https://sub.portal.example', 'null']) {
        const refused = await call(server, 'POST', '/channels/ch_1/disconnect', { token, origin });
        assert.equal(refused.status, 403, origin);
        assert.equal((await errorOf(refused)).code, 'origin_not_allowed');
        assert.equal(refused.headers.get('access-control-allow-origin'), null, `no ACAO for ${origin}`);
        const read = await call(server, 'GET', '/channels', { token, origin });
        assert.equal(read.status, 403, `read from ${origin}`);
        assert.equal(read.headers.get('access-control-allow-origin'), null);
      }
      assert.deepEqual(await rowOf(server, ws, 'ch_1'), before);
    });

    it('refuses a forged token with 401, changing nothing', async () => {
      const { token: otherToken } = await tokenFor(server, other);
      const { token: own } = await tokenFor(server, ws);
      const foreign = await (await SessionSigner.create('another-signing-secret-0123456789-abcdefgh')).mint({ workspaceId: ws, viewer: OWNER, allowedOrigins: [PORTAL] });
      const [signed = '', signature = ''] = own.split('.');
      const forgeries = [
        withEditedPayload(otherToken, (p) => (p.workspaceId = ws)),
        withEditedPayload(own, (p) => (p.expiresAt = Date.now() + 86_400_000)),
        withEditedPayload(own, (p) => (p.allowedOrigins = ['https://evil.example'])),
        foreign.token,
        `${signed}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`,
        `${signed}.`,
        `${signed}.${signature}.${signature}`,
        `${signed}.${signature}=`,
      ];
      const before = await rowOf(server, ws, 'ch_1');
      for (const forged of forgeries) {
        const refused = await call(server, 'POST', '/channels/ch_1/disconnect', { token: forged, origin: PORTAL });
        assert.equal(refused.status, 401, forged.slice(0, 40));
        assert.equal((await errorOf(refused)).code, 'session_invalid');
      }
      assert.deepEqual(await rowOf(server, ws, 'ch_1'), before);
      assert.equal(before.status, 'connected');
    });

    it('answers the preflight for bearer use without credentials', async () => {
      const response = await fetch(`${server.api}/channels/ch_1/disconnect`, {
        method: 'OPTIONS',
        headers: { origin: PORTAL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), PORTAL);
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.equal(response.headers.get('access-control-allow-credentials'), null);
      // Not asking for the bearer header: an unconfigured origin gets nothing.
      const plain = await fetch(`${server.api}/channels`, { method: 'OPTIONS', headers: { origin: PORTAL, 'access-control-request-method': 'GET' } });
      assert.equal(plain.headers.get('access-control-allow-origin'), null);
    });
  });

  describe('RestBackend with sessionToken', () => {
    const portalFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('origin', PORTAL);
      return fetch(input, { ...init, headers });
    };

    function backendWith(tokens: (() => Promise<{ token: string; expiresAt: string }>)[]) {
      let calls = 0;
      const backend = new RestBackend({
        baseUrl: server.api,
        readRetries: 0,
        fetch: portalFetch,
        sessionToken: async () => {
          const next = tokens[Math.min(calls, tokens.length - 1)]!;
          calls += 1;
          return next();
        },
      });
      return { backend, calls: () => calls };
    }

    it('sends the token as a bearer', async () => {
      const sent: (string | null)[] = [];
      let calls = 0;
      const backend = new RestBackend({
        baseUrl: server.api,
        readRetries: 0,
        fetch: (input, init) => {
          sent.push(new Headers(init?.headers).get('authorization'));
          return portalFetch(input, init);
        },
        sessionToken: async () => {
          calls += 1;
          return tokenFor(server, ws);
        },
      });
      const page = await backend.listChannels();
      assert.equal(page.channels.length, 7);
      await backend.getChannel('ch_1');
      assert.equal(calls, 1, 'one token for both calls');
      assert.equal(sent.length, 2);
      assert.match(sent[0]!, /^Bearer cks_/);
      assert.equal(sent[0], sent[1]);
    });

    it('asks for a new token once when the server answers 401, then succeeds', async () => {
      const signer = await SessionSigner.create(SIGNING_SECRET);
      // Expired at the server, though the host says it is good for an hour: only the 401 tells.
      const expired = async () => ({
        token: (await signer.mint({ workspaceId: ws, viewer: OWNER, allowedOrigins: [PORTAL], ttlSeconds: 60 }, Date.now() - 120_000)).token,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const { backend, calls } = backendWith([expired, () => tokenFor(server, ws)]);
      assert.equal((await backend.listChannels()).channels.length, 7);
      assert.equal(calls(), 2);
      await backend.getChannel('ch_1');
      assert.equal(calls(), 2, 'the new token is kept');

      // A forged first token, on a write: refused, refreshed, done once.
      const forged = async () => ({ token: withEditedPayload((await tokenFor(server, other)).token, (p) => (p.workspaceId = ws)), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      const second = backendWith([forged, () => tokenFor(server, ws)]);
      assert.equal((await second.backend.disconnect('ch_6')).status, 'disconnected');
      assert.equal(second.calls(), 2);
    });

    it('fails with unauthenticated after exactly one retry when the new token is refused too', async () => {
      const forged = async () => ({ token: withEditedPayload((await tokenFor(server, other)).token, (p) => (p.workspaceId = ws)), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      const before = await rowOf(server, ws, 'ch_1');
      const logged = server.logs.length;
      const requestsSince = () => server.logs.slice(logged).filter((e) => e.operation !== 'createEmbeddedSession').length;
      for (const run of [(b: RestBackend) => b.listChannels(), (b: RestBackend) => b.disconnect('ch_1')]) {
        const { backend, calls } = backendWith([forged]);
        await assert.rejects(run(backend), (error: unknown) => isChannelKitError(error) && error.kind === 'unauthenticated');
        assert.equal(calls(), 2, 'one token, one retry');
      }
      assert.equal(requestsSince(), 4, 'two requests for each call, never a loop');
      assert.deepEqual(await rowOf(server, ws, 'ch_1'), before);
    });
  });

  describe('the popup callback page', () => {
    async function page(query: Record<string, string>) {
      const response = await fetch(`${server.api}/authorizations/callback?${new URLSearchParams(query)}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      const html = await response.text();
      const csp = response.headers.get('content-security-policy') ?? '';
      const data = /<script type="application\/json" id="result">([\s\S]*?)<\/script>/.exec(html);
      assert.ok(data, 'a JSON data block');
      const parsed = JSON.parse(data[1]!) as { message: { state: string; code: string | null; error: { code: string; message?: string } | null }; targetOrigin: string | null };
      return { html, csp, data: parsed };
    }

    it('posts to exactly the origin that started the flow, under a nonce CSP', async () => {
      const { token } = await tokenFor(server, ws);
      const started = await call(server, 'POST', '/authorizations', { token, origin: PORTAL, body: { channelType: 'facebook', mode: 'connect' } });
      assert.equal(started.status, 200);
      const session = (await started.json()) as { id: string; state: string };
      const { html, csp, data } = await page({ state: session.state, code: 'x' });
      const nonce = /script-src 'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp)?.[1];
      assert.ok(nonce && nonce.length >= 16, `a nonce in the CSP: ${csp}`);
      assert.match(csp, /default-src 'none'/);
      assert.ok(html.includes(`<script nonce="${nonce}">`), 'the script carries the nonce');
      assert.equal(data.targetOrigin, PORTAL);
      assert.deepEqual(data.message, { type: 'channel-kit:authorization', state: session.state, code: 'x', error: null });
      // A second page load gives a fresh nonce.
      const again = await page({ state: session.state, code: 'x' });
      assert.notEqual(/nonce-([^']+)/.exec(again.csp)?.[1], nonce);
    });

    it('posts nowhere for an unknown state', async () => {
      assert.equal((await page({ state: 'z'.repeat(48), code: 'x' })).data.targetOrigin, null);
      assert.equal((await page({ state: 'short', code: 'x' })).data.targetOrigin, null);
      assert.equal((await page({ code: 'x' })).data.targetOrigin, null);
    });

    it('escapes a script in the code or the error description', async () => {
      const evil = '</script><script>alert(document.domain)</script><!--';
      const queries: Record<string, string>[] = [
        { state: 'u'.repeat(32), code: evil },
        { state: 'u'.repeat(32), error: 'access_denied', error_description: evil },
        { state: 'u'.repeat(32), error: evil, error_description: 'x' },
      ];
      for (const query of queries) {
        const { html, data } = await page(query);
        assert.equal(html.match(/<\/script>/gi)?.length, 2, 'only the two closing tags of the page');
        assert.ok(!html.includes('<script>alert'), 'no injected script element');
        assert.ok(!html.includes('<!--'), 'no comment opener');
        const echoed = data.message.code ?? data.message.error?.message ?? '';
        assert.ok(echoed === evil || data.message.error?.code === evil, 'the text itself survives as data');
      }
    });
  });
});

describe('embedded sessions: cookie mode', () => {
  let server: TestServer;
  const ws = freshWorkspace('cookie');
  const APP = 'https://app.example';
  const COOKIE = 'ck_session';
  let token: string;

  before(async () => {
    server = await start({ sessions: { secretKey: SECRET_KEY, signingSecret: SIGNING_SECRET, cookieName: COOKIE }, allowedOrigins: [APP] });
    await server.seed(ws, createScenario('typical').channels);
    token = (await tokenFor(server, ws, [APP])).token;
  });
  after(() => server.close());

  it('refuses a cross-site form post carrying the cookie, changing nothing', async () => {
    const before = await rowOf(server, ws, 'ch_1');
    const refused = await call(server, 'POST', '/channels/ch_1/disconnect', {
      origin: 'https://evil.example',
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `other=1; ${COOKIE}=${token}` },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    // With the CSRF header too (which a form cannot send), the origin still refuses it.
    const withHeader = await call(server, 'POST', '/channels/ch_1/disconnect', {
      origin: 'https://evil.example',
      headers: { cookie: `${COOKIE}=${token}`, 'x-channel-kit-csrf': '1' },
    });
    assert.equal(withHeader.status, 403);
    assert.equal((await errorOf(withHeader)).code, 'origin_not_allowed');
    assert.deepEqual(await rowOf(server, ws, 'ch_1'), before);
    assert.equal(before.status, 'connected');
  });

  it('needs x-channel-kit-csrf on a same-site POST with the cookie', async () => {
    const before = await rowOf(server, ws, 'ch_1');
    for (const origin of [APP, undefined]) {
      const refused = await call(server, 'POST', '/channels/ch_1/disconnect', { origin, headers: { cookie: `${COOKIE}=${token}` } });
      assert.equal(refused.status, 403, `from ${origin ?? 'no origin'}`);
      assert.equal((await errorOf(refused)).code, 'csrf_header_missing');
    }
    assert.deepEqual(await rowOf(server, ws, 'ch_1'), before);
    // Reads need no header.
    const read = await call(server, 'GET', '/channels/ch_1', { origin: APP, headers: { cookie: `${COOKIE}=${token}` } });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('access-control-allow-origin'), APP);
    assert.equal(read.headers.get('access-control-allow-credentials'), 'true');

    const done = await call(server, 'POST', '/channels/ch_1/disconnect', { origin: APP, headers: { cookie: `${COOKIE}=${token}`, 'x-channel-kit-csrf': '1' } });
    assert.equal(done.status, 200);
    assert.equal(((await done.json()) as ChannelWire).status, 'disconnected');
    assert.equal((await rowOf(server, ws, 'ch_1')).status, 'disconnected');
  });

  it('refuses a cookie that is not a valid session', async () => {
    const forged = withEditedPayload(token, (p) => (p.workspaceId = 'someone_else'));
    const refused = await call(server, 'GET', '/channels', { origin: APP, headers: { cookie: `${COOKIE}=${forged}` } });
    assert.equal(refused.status, 401);
    assert.equal((await errorOf(refused)).code, 'session_invalid');
  });

  it('gives the configured origin a credentialed preflight, and others none', async () => {
    const preflight = (origin: string, headers = 'content-type, x-channel-kit-csrf') =>
      fetch(`${server.api}/channels/ch_2/disconnect`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
      });
    const configured = await preflight(APP);
    assert.equal(configured.status, 204);
    assert.equal(configured.headers.get('access-control-allow-origin'), APP);
    assert.equal(configured.headers.get('access-control-allow-credentials'), 'true');
    const evil = await preflight('https://evil.example');
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    assert.equal(evil.headers.get('access-control-allow-credentials'), null);
    const evilBearer = await preflight('https://evil.example', 'authorization');
    assert.equal(evilBearer.headers.get('access-control-allow-origin'), 'https://evil.example', 'a bearer request may be tried, and is judged by its token');
    assert.equal(evilBearer.headers.get('access-control-allow-credentials'), null, 'never with credentials');
  });
});

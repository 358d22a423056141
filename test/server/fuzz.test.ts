/**
 * Property-based fuzzing (fast-check) of the server's HTTP layer, over real HTTP to one server: at
 * least 5,000 malformed requests — random methods; paths built from the contract's routes with garbage
 * segments (broken percent-encoding, very long ids, unicode); random query strings and headers
 * (tokens, origins, cookies, content types); bodies that are random bytes, wrong JSON, deep JSON, huge
 * numbers, prototype-pollution keys — about eight in flight at a time.
 *
 * The oracle: the server never crashes (it answers /health at the end), never answers 5xx, every
 * error is the contract's `{ error: { code, message } }` in JSON, no answer takes over 2 s, and
 * nothing reached Object.prototype.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { OPERATIONS } from '../../src/core/operations.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import { freshWorkspace, startTestServer, WORKSPACE_HEADER, type TestServer } from './support/test-server.js';

const SECRET_KEY = 'sk_fuzz_0123456789abcdef';
const SIGNING_SECRET = 'fuzz-signing-secret-0123456789-abcdefghijkl';
const PORTAL = 'https://portal.example';
const APP = 'https://app.example';
const COOKIE = 'ck_session';
const BATCH = 8;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const SLOW_MS = 2_000;

interface Fixture {
  ws: string;
  token: string;
  sessionId: string;
  state: string;
}

// ---- generators ------------------------------------------------------------------------------

/** Percent-encodes what a URL cannot carry raw, leaving `%` as it is (so broken escapes reach the server). */
function pathSafe(text: string): string {
  let out = '';
  for (const char of text) {
    if (/^[A-Za-z0-9\-._~!$&'()*+,;=:@%]$/.test(char)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const garbageSegment = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'ch_1', 'ch_2', 'ch_7', 'nope', '%', '%%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '%2F', '%2e%2e', '%FF%FE', '..', '.', '',
      '%F0%9F%98', '%ED%A0%80', '%20', '+', '__proto__', 'constructor', 'prototype', 'toString', '%u0041', '%25', ';', ':', '@',
      'é', '😀', '\u202E', 'ch_1 OR 1=1', "ch_1'--", 'ch_1%0d%0aSet-Cookie:x=1',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 199, max: 6_000 }).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 400 }).map((n) => '%41'.repeat(n)) },
);

const ROUTES: { method: string; template: string }[] = [
  ...Object.values(OPERATIONS).map((o) => ({ method: o.method, template: o.path })),
  { method: 'GET', template: '/health' },
  { method: 'GET', template: '/authorizations/callback' },
];

/** Mostly nothing; now and then one more segment (which no route has). */
const tail = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: garbageSegment.map((segment) => `/${pathSafe(segment)}`) }, { weight: 1, arbitrary: fc.constantFrom('/', '//', '/.', '/..') });

/** A route's path, its parameters real (known ids) or garbage. */
const routePath = (fixture: Fixture, template: string) =>
  fc.tuple(fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: garbageSegment }), { minLength: 2, maxLength: 2 }), tail).map(([segments, end]) => {
    let i = 0;
    const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const segment = segments[i++];
      if (segment === null || segment === undefined) return name === 'sessionId' ? fixture.sessionId : 'ch_1';
      return pathSafe(segment);
    });
    return `/api/channel-kit${filled}${end}`;
  });

/** Paths of no route: random segments under the base path, or outside it. */
const freePath = fc.oneof(
  { weight: 2, arbitrary: fc.array(garbageSegment, { maxLength: 5 }).map((segments) => `/api/channel-kit/${segments.map(pathSafe).join('/')}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('/', '/api', '/api/channel-kit', '/api/channel-kit/', '//api/channel-kit/channels', '/api/channel-kit//channels', '/api/channel-kitx', '/API/CHANNEL-KIT/channels', '/api/channel-kit/channels/', '/api/channel-kit/%2e%2e/%2e%2e/etc/passwd', '/api/channel-kit/channels/ch_1/../../viewer'),
  },
);

const queryValue = fc.oneof(
  fc.constantFrom('', '0', '-1', '1', '2', '500', '501', '9999', '1e3', '1.5', 'NaN', 'abc', '%', '%zz', 'null', '[]', '{}', 'a'.repeat(300), '__proto__', 'x%00y'),
  fc.string({ unit: 'binary', maxLength: 20 }).map(pathSafe),
);
const query = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom('limit', 'cursor', 'state', 'code', 'error', 'error_description', '__proto__', 'constructor', 'limit[]', ''), fc.string({ maxLength: 8 }).map(pathSafe)), queryValue), { maxLength: 5 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${pathSafe(k)}=${v}`).join('&')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?', '??', '?&&&', '?==', '?limit', '?limit=1&limit=2', '?%', '?cursor=%FF', '?state=&code=', '#frag') },
);

/** A header value a client can send: printable ASCII and Latin-1, no CR/LF/NUL. */
const headerValue = (maxLength = 60) =>
  fc
    .array(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }) }), { maxLength })
    .map((codes) => String.fromCharCode(...codes).trim());

/** Headers the server knows nothing of. */
const extraHeaders = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).map((name) => `x-f-${name}`), headerValue(100), { maxKeys: 3 });

/** Present with probability `p`. */
const sometimes = <T>(p: number, arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: Math.round(p * 100), arbitrary }, { weight: Math.round((1 - p) * 100), arbitrary: fc.constant(undefined) });

const headers = (fixture: Fixture) =>
  fc
    .tuple(
      fc.record({
        authorization: sometimes(
          0.35,
          fc.oneof(
            fc.constant(`Bearer ${SECRET_KEY}`),
            fc.constant(`Bearer ${fixture.token}`),
            fc.constant(`Bearer ${fixture.token.slice(0, -3)}abc`),
            headerValue(40).map((v) => `Bearer cks_${v}`),
            headerValue(40).map((v) => `Bearer ${v}`),
            fc.constantFrom('Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'bearer cks_x.y', `Bearer ${'A'.repeat(9000)}`),
          ),
        ),
        origin: sometimes(0.3, fc.oneof(fc.constantFrom(PORTAL, APP, 'https://evil.example', 'null', 'http://127.0.0.1', 'file://'), headerValue(30))),
        'content-type': sometimes(
          0.6,
          fc.oneof(
            { weight: 3, arbitrary: fc.constant('application/json') },
            { weight: 2, arbitrary: fc.constantFrom('application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', '') },
            { weight: 1, arbitrary: headerValue(30) },
          ),
        ),
        cookie: sometimes(0.15, fc.oneof(fc.constant(`${COOKIE}=${fixture.token}`), headerValue(40).map((v) => `${COOKIE}=${v}`), headerValue(60))),
        'x-channel-kit-csrf': sometimes(0.5, fc.constantFrom('1', '', 'yes')),
        'x-request-id': sometimes(0.3, headerValue(80)),
        [WORKSPACE_HEADER]: sometimes(0.85, fc.oneof({ weight: 6, arbitrary: fc.constant(fixture.ws) }, { weight: 1, arbitrary: headerValue(30) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', ' ') })),
        'access-control-request-method': sometimes(0.15, fc.constantFrom('GET', 'POST', 'DELETE', 'x')),
        'access-control-request-headers': sometimes(0.15, fc.oneof(fc.constantFrom('authorization', 'content-type, x-channel-kit-csrf', 'AUTHORIZATION,x'), headerValue(40))),
        accept: sometimes(0.3, fc.constantFrom('application/json', 'text/html', '*/*', '')),
        'accept-encoding': sometimes(0.2, fc.constantFrom('gzip', 'br', 'identity', 'x')),
      }),
      extraHeaders,
    )
    .map(([known, extra]) => {
      const all: Record<string, string> = { ...extra };
      for (const [name, value] of Object.entries(known)) if (value !== undefined) all[name] = value;
      return all;
    });

/** Objects shaped like the routes' bodies, with fields of the wrong type, missing, or odd. */
const anyValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('facebook', 'instagram', 'whatsapp', 'webchat', 'line', 'connect', 'reauthorize', 'ch_1', 'fb_1001', 'shop.example.com', '*.example.com', 'x'.repeat(3000)),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);
const bodyObject = (fixture: Fixture) =>
  fc
    .dictionary(
      fc.constantFrom('channelType', 'mode', 'channelId', 'state', 'code', 'embeddedSignup', 'sessionId', 'accountId', 'name', 'domains', 'workspaceId', 'viewer', 'allowedOrigins', 'ttlSeconds', '__proto__', 'constructor', 'prototype'),
      fc.oneof(anyValue, fc.constantFrom(fixture.sessionId, fixture.state, fixture.ws, [PORTAL], { product: 'caac', role: 'owner' }, ['a.example.com'], { phoneNumberId: 'x'.repeat(65) })),
      { maxKeys: 6 },
    )
    .map((o) => JSON.stringify(o));

const body = (fixture: Fixture) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 1_500 }) },
    { weight: 1, arbitrary: fc.integer({ min: 64 * 1024 - 16, max: 100 * 1024 }).map((n) => new Uint8Array(n).fill(0x20)) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 4, arbitrary: bodyObject(fixture) },
    // Wrong JSON: truncated, trailing garbage, single quotes, comments.
    { weight: 2, arbitrary: fc.tuple(bodyObject(fixture), fc.nat(), fc.constantFrom('', '}', ',', '/*x*/', "'", 'garbage')).map(([json, cut, tail]) => json.slice(0, cut % (json.length + 1)) + tail) },
    // Deep JSON.
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('array', 'object', 'field')).map(([depth, kind]) =>
        kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : `{"channelType":"facebook","mode":"connect","embeddedSignup":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
      ),
    },
    // Huge and odd numbers, lone surrogates, prototype pollution.
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '{"ttlSeconds":1e999}', '{"ttlSeconds":-0}', '{"limit":123456789012345678901234567890}', '[1e309]', '-1e-999', '9'.repeat(5000),
        '{"channelType":"\\ud800","mode":"connect"}', '{"name":"\\u0000","domains":["\\ud83d"]}', '"\\udfff"',
        '{"__proto__":{"polluted":"yes","channelType":"facebook"},"mode":"connect"}',
        '{"constructor":{"prototype":{"polluted":"yes"}}}',
        `{"sessionId":"${fixture.sessionId}","accountId":"fb_1001","__proto__":{"accountId":"ig_2001"}}`,
        '{"workspaceId":"x","viewer":{"product":"caac","role":"owner","__proto__":{"role":"owner"}},"allowedOrigins":["https://portal.example"]}',
        '{"domains":{"length":1,"0":"a.example.com"},"name":"x"}',
        '\uFEFF{}', '{}\u0000', 'null', 'true', '""', '[]',
      ),
    },
  );

/** A field of the right shape mostly; sometimes missing, sometimes anything. */
const DROP = Symbol('drop');
const field = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(DROP) }, { weight: 1, arbitrary: anyValue });
const shaped = (shape: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(Object.fromEntries(Object.entries(shape).map(([key, valid]) => [key, field(valid)]))).map((record) =>
    JSON.stringify(Object.fromEntries(Object.entries(record).filter(([, value]) => value !== DROP))),
  );

/** Bodies close to what each POST route takes, so requests get past the first check. */
const shapedBodies = (fixture: Fixture): Record<string, fc.Arbitrary<string>> => {
  const grant = { sessionId: fc.constantFrom(fixture.sessionId, 'auth_nope', ''), accountId: fc.constantFrom('fb_1001', 'ig_2003', 'wa_3002', 'nope') };
  return {
    '/authorizations': shaped({ channelType: fc.constantFrom('facebook', 'instagram', 'whatsapp', 'line'), mode: fc.constantFrom('connect', 'reauthorize'), channelId: fc.constantFrom('ch_1', 'ch_4', 'ch_7', 'nope') }),
    '/authorizations/{sessionId}/complete': shaped({
      state: fc.constantFrom(fixture.state, 's'.repeat(16), 's'.repeat(257)),
      code: fc.constantFrom('code_x', 'c'.repeat(2049)),
      embeddedSignup: fc.record({ phoneNumberId: fc.string({ maxLength: 70 }), wabaId: fc.string({ maxLength: 70 }) }, { requiredKeys: [] }),
    }),
    '/channels': shaped(grant),
    '/channels/{channelId}/reauthorize': shaped(grant),
    '/webchat-channels': shaped({ name: fc.string({ maxLength: 210 }), domains: fc.array(fc.oneof(fc.domain(), fc.constantFrom('*.example.com', 'localhost', 'http://x.example', 'a b.example', '')), { maxLength: 55 }) }),
    '/sessions': shaped({
      workspaceId: fc.constantFrom(fixture.ws, 'other', ''),
      viewer: fc.record({ product: fc.constantFrom('caac', 'maac', 'x'), role: fc.constantFrom('owner', 'agent', '') }),
      allowedOrigins: fc.array(fc.constantFrom(PORTAL, 'https://*.example', 'https://portal.example/', 'null', 'javascript:alert(1)'), { maxLength: 3 }),
      ttlSeconds: fc.oneof(fc.integer({ min: -10, max: 5_000 }), fc.double()),
    }),
    '/channels/{channelId}/disconnect': fc.constantFrom('', '{}', 'null'),
  };
};

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'PURGE', 'SEARCH'] as const;

interface Generated {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

const request = (fixture: Fixture): fc.Arbitrary<Generated> => {
  const shapes = shapedBodies(fixture);
  const anyBody = body(fixture);
  const anyHeaders = headers(fixture);
  const toRoute = ({ method, template }: { method: string; template: string }) =>
    fc.record({
      method: fc.oneof({ weight: 7, arbitrary: fc.constant(method) }, { weight: 2, arbitrary: fc.constantFrom(...METHODS) }),
      path: routePath(fixture, template),
      query,
      headers: anyHeaders,
      body: shapes[template] ? fc.oneof({ weight: 1, arbitrary: shapes[template] }, { weight: 1, arbitrary: anyBody }) : anyBody,
    });
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(...ROUTES.map(toRoute)) },
    { weight: 2, arbitrary: fc.record({ method: fc.constantFrom(...METHODS), path: freePath, query, headers: anyHeaders, body: anyBody }) },
  );
};

// ---- the run ---------------------------------------------------------------------------------

describe('fuzzing the HTTP layer', () => {
  let server: TestServer;
  let fixture: Fixture;
  const violations: string[] = [];
  const statuses = new Map<number, number>();
  const codes = new Map<string, number>();
  let sent = 0;
  let unsendable = 0;
  let slowest = 0;

  before(async () => {
    const started = await startTestServer('memory', { sessions: { secretKey: SECRET_KEY, signingSecret: SIGNING_SECRET, cookieName: COOKIE }, allowedOrigins: [APP] });
    assert.ok(!('skipped' in started));
    server = started;
    const ws = freshWorkspace('fuzz');
    await server.seed(ws, createScenario('typical').channels);
    const minted = await fetch(`${server.api}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceId: ws, viewer: { product: 'caac', role: 'owner' }, allowedOrigins: [PORTAL, APP] }),
    });
    const { token } = (await minted.json()) as { token: string };
    const session = await server.backendFor(ws).startAuthorization({ channelType: 'facebook', mode: 'reauthorize', channelId: 'ch_1' });
    fixture = { ws, token, sessionId: session.id, state: session.state };
  });
  after(() => server.close());

  async function send(generated: Generated): Promise<void> {
    const description = `${generated.method} ${generated.path.slice(0, 120)}${generated.query.slice(0, 60)}`;
    let req: Request;
    try {
      const hasBody = generated.body !== undefined && generated.method !== 'GET' && generated.method !== 'HEAD';
      req = new Request(`${server.url}${generated.path}${generated.query}`, {
        method: generated.method,
        headers: generated.headers,
        body: hasBody ? (generated.body as BodyInit) : undefined,
      });
    } catch {
      // A request no client could send (the generator's fault, not the server's).
      unsendable++;
      return;
    }
    sent++;
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(req);
      // The live route answers a stream that stays open: its head is the answer.
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
        await response.body?.cancel();
        text = '';
      } else {
        text = await response.text();
      }
    } catch (error) {
      violations.push(`${description}: no answer (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message})`);
      return;
    }
    const ms = performance.now() - started;
    slowest = Math.max(slowest, ms);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (ms > SLOW_MS) violations.push(`${description}: took ${Math.round(ms)} ms`);
    if (response.status >= 500) violations.push(`${description}: answered ${response.status} ${text.slice(0, 200)}`);
    if (!response.headers.get('x-request-id')) {
      // Node's own HTTP parser refuses a request whose head is too large before any handler runs.
      if (response.status === 431) return;
      violations.push(`${description}: no x-request-id (answered by something else than the handler)`);
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && generated.method !== 'HEAD') {
      const type = response.headers.get('content-type') ?? '';
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      if (typeof error?.code === 'string') codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      if (!type.startsWith('application/json') || typeof error?.code !== 'string' || typeof error.message !== 'string') {
        violations.push(`${description}: ${response.status} is not a contract error: ${type} ${text.slice(0, 200)}`);
      }
      if (/\bat .+:\d+:\d+|node_modules|\.ts\b/.test(text)) violations.push(`${description}: a stack trace in ${text.slice(0, 200)}`);
    }
  }

  it(`answers ${RUNS * BATCH} malformed requests without a crash, a 5xx, a non-contract error or a slow answer`, { timeout: 180_000 }, async (t) => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.array(request(fixture), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map(send));
      }),
      // A fixed seed: the same requests every run (FUZZ_SEED explores others).
      { numRuns: RUNS, endOnFailure: true, seed: SEED },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const histogram = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
    const errorCodes = [...codes.entries()].sort(([, a], [, b]) => b - a).map(([code, count]) => `${code}×${count}`).join(' ');
    const summary = `fuzz (seed ${SEED}): ${sent} requests sent (${unsendable} unsendable skipped) in ${seconds} s; slowest ${Math.round(slowest)} ms; statuses ${histogram}; errors ${errorCodes}`;
    t.diagnostic(summary);
    console.log(summary);
    assert.deepEqual(violations.slice(0, 20), [], `${violations.length} violations`);
    assert.ok(sent >= 5_000 || process.env.FUZZ_RUNS !== undefined, `at least 5,000 requests (sent ${sent})`);
    assert.ok(unsendable < sent / 20, `few generated requests are unsendable (${unsendable})`);
    // Many kinds of answer, not one refusal for everything.
    for (const status of [200, 400, 401, 404, 405, 413]) assert.ok(statuses.has(status), `some requests answered ${status}`);
  });

  it('still answers /health and the contract afterwards', async () => {
    const health = await fetch(`${server.api}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const list = await fetch(`${server.api}/channels`, { headers: { [WORKSPACE_HEADER]: fixture.ws } });
    assert.equal(list.status, 200);
    assert.ok(((await list.json()) as { channels: unknown[] }).channels.length >= 7);
  });

  it('left Object.prototype alone', () => {
    const probe = {} as Record<string, unknown>;
    for (const key of ['polluted', 'channelType', 'accountId', 'role', 'isAdmin', 'workspaceId']) assert.equal(probe[key], undefined, key);
    assert.deepEqual(Object.keys(Object.prototype), []);
  });
});

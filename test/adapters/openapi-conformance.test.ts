import { expect } from '@open-wc/testing';
import { Validator, type Schema } from '@cfworker/json-schema';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import { createHandlers } from '../../src/mocks/handlers.js';
import { parseFailures } from '../../src/mocks/failures.js';
import type { ErrorBody } from '../../src/core/errors.js';
import { OPERATION_IDS } from '../../src/core/operations.js';
import { FakeMeta } from '../../src/mocks/fake-meta.js';
import { generateTokenKey, TokenVault } from '../../src/server/crypto/token-vault.js';
import { createChannelKitHandler } from '../../src/server/http/handler.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { typicalOptions } from '../support/backends.js';
import { useMockServer } from '../support/msw.js';

const DOC_ID = 'https://channel-kit.test/openapi.json';
const SESSION_REQUEST = { workspaceId: 'ws_1', viewer: { product: 'maac', role: 'editor' }, allowedOrigins: ['https://portal.example.com'] };
type Doc = {
  paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; responses: Record<string, unknown> }>>;
  components: { responses: Record<string, unknown> };
};

interface Exchange {
  method: string;
  path: string;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

/** A fetch that records what the REST adapter sent and what the handlers answered. */
function recordingFetch(log: Exchange[], base: string, send: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
  return async (input, init) => {
    const response = await send(input, init);
    const url = new URL(String(input), location.href);
    const text = await response.clone().text();
    log.push({
      method: (init?.method ?? 'GET').toLowerCase(),
      path: url.pathname.slice(base.length),
      requestBody: init?.body ? JSON.parse(String(init.body)) : undefined,
      status: response.status,
      responseBody: text ? JSON.parse(text) : undefined,
    });
    return response;
  };
}

function matchOperation(doc: Doc, method: string, path: string) {
  for (const [template, operations] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
    const operation = operations[method];
    if (pattern.test(path) && operation) return { template, operation };
  }
  return undefined;
}

/** Follows a local `$ref` (e.g. to `#/components/responses/NotFound`). */
function deref(doc: Doc, node: unknown): Record<string, unknown> {
  let current = node as Record<string, unknown>;
  while (typeof current?.$ref === 'string') {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .reduce<Record<string, unknown>>((at, key) => at[key] as Record<string, unknown>, doc as unknown as Record<string, unknown>);
  }
  return current;
}

function validate(doc: Doc, schema: unknown, value: unknown, what: string) {
  const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/', `"${DOC_ID}#/`)) as Schema;
  const validator = new Validator(rebased, '2020-12', false);
  validator.addSchema(doc as unknown as Schema, DOC_ID);
  const result = validator.validate(value);
  expect(result.valid, `${what}: ${JSON.stringify(result.errors.slice(-3))}`).to.equal(true);
}

function checkExchange(doc: Doc, exchange: Exchange) {
  const what = `${exchange.method.toUpperCase()} ${exchange.path} → ${exchange.status}`;
  const match = matchOperation(doc, exchange.method, exchange.path.split('?')[0]!);
  expect(match, `${what} is in the document`).to.not.equal(undefined);
  const { operation } = match!;
  // A 400 answers a request that was wrong on purpose; every other request must follow the document.
  if (exchange.requestBody !== undefined && exchange.status !== 400) {
    const body = deref(doc, operation.requestBody) as { content: Record<string, { schema: unknown }> };
    validate(doc, body.content['application/json']!.schema, exchange.requestBody, `${what} request`);
  }
  const documented = operation.responses[String(exchange.status)];
  expect(documented, `${what}: status documented`).to.not.equal(undefined);
  const response = deref(doc, documented) as { content?: Record<string, { schema: unknown }> };
  // An event stream has no JSON body to check; its events are the Channel schema's (see the live tests).
  if (response.content?.['text/event-stream']) return operation.operationId;
  validate(doc, response.content!['application/json']!.schema, exchange.responseBody, `${what} response`);
  return operation.operationId;
}

describe('the REST contract in docs/openapi.json', () => {
  let doc: Doc;
  before(async () => {
    doc = (await (await fetch('/docs/openapi.json')).json()) as Doc;
  });

  it('names exactly the operations the adapter and the handlers implement', () => {
    const documented = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect([...documented].sort()).to.deep.equal([...OPERATION_IDS].sort());
  });

  it('is followed by every request the adapter sends and every answer the handlers give', async () => {
    const base = '/api-openapi';
    const memory = new MemoryBackend(typicalOptions());
    await useMockServer(createHandlers({ backend: memory, baseUrl: base }));
    const log: Exchange[] = [];
    const api = new RestBackend({ baseUrl: base, fetch: recordingFetch(log, base), readRetries: 0 });
    const ignore = () => undefined;

    await api.getViewer();
    await api.listChannels({ limit: 2 });
    await api.getChannel('ch_1');
    await api.getSetupChecks('ch_6');
    const connect = await api.startAuthorization({ channelType: 'instagram', mode: 'connect' });
    await api.getAuthorization(connect.id);
    const { code } = await memory.grant(connect.id, ['ig_2003', 'ig_2004']);
    await api.finishAuthorization({ sessionId: connect.id, state: connect.state, code });
    await api.connectAccount({ sessionId: connect.id, accountId: 'ig_2003' });
    await api.connectAccount({ sessionId: connect.id, accountId: 'ig_2004' }).catch(ignore); // 409
    const reauth = await api.startAuthorization({ channelType: 'instagram', mode: 'reauthorize', channelId: 'ch_2' });
    const grant = await memory.grant(reauth.id, ['ig_2001']);
    await api.finishAuthorization({ sessionId: reauth.id, state: reauth.state, code: grant.code });
    await api.reauthorize({ channelId: 'ch_2', sessionId: reauth.id, accountId: 'ig_2001' });
    await api.createWebchat({ name: 'Shop', domains: ['shop.example.com'] });
    await api.createWebchat({ name: 'Shop', domains: ['nope'] }).catch(ignore); // 400
    await api.disconnect('ch_1');
    await api.disconnect('ch_7').catch(ignore); // 409
    await api.getChannel('missing').catch(ignore); // 404
    memory.viewer = { product: 'caac', role: 'agent' };
    await api.disconnect('ch_3').catch(ignore); // 403
    // Server to server (the adapter never sends it); this server has no embedded sessions: its documented 404.
    await recordingFetch(log, base)(`${base}/sessions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
      body: JSON.stringify(SESSION_REQUEST),
    });

    const exercised = new Set(log.filter((e) => e.status < 300).map((e) => checkExchange(doc, e)));
    for (const failed of log.filter((e) => e.status >= 300)) checkExchange(doc, failed);
    // The live route answers a stream that never ends: ask the core directly, and read only its head.
    const stream = await memory.server.fetch(new Request(`${memory.server.publicUrl}/events`));
    expect(stream.headers.get('content-type')).to.match(/^text\/event-stream/);
    await stream.body?.cancel();
    exercised.add(checkExchange(doc, { method: 'get', path: '/events', requestBody: undefined, status: stream.status, responseBody: undefined }));
    const sessions = log.find((e) => e.path === '/sessions')!;
    expect([sessions.status, (sessions.responseBody as ErrorBody).error.code]).to.deep.equal([404, 'not_found']);
    exercised.add(checkExchange(doc, sessions));
    expect([...exercised].sort()).to.deep.equal([...OPERATION_IDS].sort());
    expect(log.map((e) => e.status)).to.include.members([400, 403, 404, 409]);
  });

  it('is followed by POST /sessions on a server with embedded sessions (200, and 400, 401 with their error bodies)', async () => {
    const world = typicalOptions().world!;
    const handler = await createChannelKitHandler({
      store: new MemoryStore(),
      meta: new FakeMeta({ world, consentUrl: `${location.origin}/demo/fake-meta/consent.html` }),
      vault: await TokenVault.create([generateTokenKey('test')]),
      basePath: '/api-sessions',
      sessions: { secretKey: 'sk_test_secret', signingSecret: 's'.repeat(40) },
      log: () => {},
    });
    const log: Exchange[] = [];
    // The handler answers directly: no network, no msw.
    const send = recordingFetch(log, '/api-sessions', (input, init) => handler(new Request(input, init)));
    const post = (body: unknown, key = 'sk_test_secret') =>
      send(`${location.origin}/api-sessions/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post(SESSION_REQUEST);
    await post({ ...SESSION_REQUEST, ttlSeconds: 600 });
    await post({ ...SESSION_REQUEST, allowedOrigins: ['https://portal.example.com/'] }); // 400: not an exact origin
    await post(SESSION_REQUEST, 'sk_wrong'); // 401
    expect(log.map((e) => e.status)).to.deep.equal([200, 200, 400, 401]);
    for (const exchange of log) expect(checkExchange(doc, exchange)).to.equal('createEmbeddedSession');
    expect((log[0]!.responseBody as { token: string }).token).to.match(/^cks_/);
    expect((log[2]!.responseBody as ErrorBody & { error: { path?: string } }).error.path).to.match(/^allowedOrigins/);
  });

  it('documents the injected failures the demo can produce (429 with Retry-After, 500, 502 from Meta)', async () => {
    const base = '/api-openapi-failures';
    const memory = new MemoryBackend(typicalOptions());
    const failures = parseFailures('getViewer:429,listChannels:500,disconnectChannel:meta190').plan;
    await useMockServer(createHandlers({ backend: memory, baseUrl: base, failures }));
    const log: Exchange[] = [];
    const api = new RestBackend({ baseUrl: base, fetch: recordingFetch(log, base), readRetries: 0 });
    await Promise.allSettled([api.getViewer(), api.listChannels(), api.disconnect('ch_1')]);
    expect(log.map((e) => e.status).sort()).to.deep.equal([429, 500, 502]);
    for (const exchange of log) checkExchange(doc, exchange);
  });
});

/**
 * Property-based fuzzing (fast-check) of every response schema, through the REST adapter (a `fetch`
 * that answers with the generated body) and, for list pages, into `<channel-list>`.
 *
 * The oracle is the schema itself, applied to what went over the wire: a body that passes it must
 * come back as exactly the parsed data (and that data must satisfy what the elements rely on: http(s)
 * URLs, dates that format, known types); a body that does not must reject with a ChannelKitError of
 * kind `invalid_response`, never anything else. Error bodies (any status, any shape) must reject with
 * a ChannelKitError whose reason has a message in the catalog.
 */
import { expect, fixture, html } from '@open-wc/testing';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import { AuthorizationResultSchema, AuthorizationSessionSchema } from '../../src/core/authorization.js';
import {
  CHANNEL_STATUSES,
  ChannelPageSchema,
  ChannelSchema,
  MANAGED_CHANNEL_TYPES,
  SETUP_CHECK_IDS,
  SetupChecksResponseSchema,
  WebchatCreatedSchema,
  type Channel,
} from '../../src/core/channel.js';
import { isChannelKitError, type ErrorKind, type ErrorReason } from '../../src/core/errors.js';
import { parseChannelRows } from '../../src/core/parse-channel-rows.js';
import { ViewerSchema, type Viewer } from '../../src/core/viewer.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import { describeError } from '../../src/i18n/error-message.js';
import { en } from '../../src/i18n/locales/en.js';
import { settled, textOf, until } from '../support/fixtures.js';
import { errorMessages, plain, sleep, watchFaults, type FaultWatch } from './harness.js';

const OWNER: Viewer = { product: 'caac', role: 'owner' };
const rowsOf = (el: ChannelList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]')];

const ERROR_KINDS = [
  'network', 'timeout', 'aborted', 'unauthenticated', 'permission', 'not_found', 'conflict', 'rate_limited',
  'invalid_response', 'invalid_request', 'meta', 'popup', 'http',
] as const satisfies readonly ErrorKind[];
const ERROR_REASONS = [
  'token_expired', 'permission_missing', 'rate_limited', 'policy_blocked', 'page_not_in_portfolio', 'not_business_account',
  'already_connected', 'different_account', 'popup_blocked', 'popup_timeout', 'network', 'offline', 'timeout', 'not_allowed', 'not_found',
  'invalid_response', 'invalid_request', 'session_expired', 'unauthenticated', 'unknown',
] as const satisfies readonly ErrorReason[];
// Both lists are complete: adding a kind or reason to the type without listing it here fails the type check.
const _allKinds: Exclude<ErrorKind, (typeof ERROR_KINDS)[number]> extends never ? true : never = true;
const _allReasons: Exclude<ErrorReason, (typeof ERROR_REASONS)[number]> extends never ? true : never = true;

// ---- counting --------------------------------------------------------------------------------

/** `crashes`: payloads after which something threw that is not a ChannelKitError, or an element logged or threw. */
const counts = { adapter: 0, mounted: 0, crashes: 0, failedProperties: [] as string[] };
const total = () => counts.adapter + counts.mounted;

/** Runs a property, recording its name when it finds a counterexample. */
async function check(name: string, property: Parameters<typeof fc.assert>[0], runs: number) {
  try {
    await fc.assert(property, { numRuns: runs });
  } catch (error) {
    counts.failedProperties.push(name);
    throw error;
  }
}

// ---- generators ------------------------------------------------------------------------------

const DROP = Symbol('drop');
type Field = fc.Arbitrary<unknown>;

const text = (maxLength = 24) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 2, arbitrary: fc.string({ maxLength }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '', ' ', '\u0000', '\u202Eevil', '\uFEFF', '<img src=x onerror=alert(1)>', '${x}', '<!--?lit$1$-->', '__proto__',
        'constructor', 'toString', 'x'.repeat(5_000),
      ),
    },
  );

/** A value of some wrong type. */
const wrong: Field = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: false }),
  text(8),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** A field that is mostly of the right shape, sometimes missing, sometimes of a wrong type. */
const field = (valid: Field): Field =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(DROP) }, { weight: 1, arbitrary: wrong });

/** Unknown extra keys, including ones that name Object.prototype's members. */
const extras = fc.option(
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra', 'hasOwnProperty'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
  { freq: 4 },
);

/** An object whose fields are each mutated on their own, plus odd extra keys (as own properties). */
const object = (shape: Record<string, Field>): Field =>
  fc.tuple(fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, field(v)]))), extras).map(([record, extra]) => {
    const out: Record<string, unknown> = {};
    const put = (key: string, value: unknown) => Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    for (const [key, value] of Object.entries(extra ?? {})) put(key, value);
    for (const [key, value] of Object.entries(record)) if (value !== DROP) put(key, value);
    return out;
  });

const nullish = (arb: Field): Field => fc.oneof(fc.constant(null), arb);

const url: Field = fc.oneof(
  { weight: 4, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)', '//evil.example/x', '/relative', 'http:/x', 'https:x', 'ftp://x.example', 'https://', 'http://[::1]/',
      'https://user:pw@host.example/', 'blob:https://x.example/1', 'about:blank', 'file:///etc/passwd', 'HTTPS://UPPER.EXAMPLE',
    ),
  },
  { weight: 1, arbitrary: text(16) },
);

const isoDate: Field = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2024-02-31T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01', '2024-01-01T00:00:00', '2024-01-01T00:00:00+07:00', '2024-01-01T24:00:00Z',
      '2024-01-01T00:00:60Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999Z', '+275760-09-13T00:00:00Z', 'yesterday', '',
      '2024-01-01T00:00:00+99:99', '2024-13-01T00:00:00Z',
    ),
  },
  { weight: 1, arbitrary: text(12) },
);

const ids = fc.oneof(fc.constantFrom('ch_1', 'ch_2', 'ch_3', 'ch_4'), text(12));

const setupCheckWire = object({
  id: fc.constantFrom(...SETUP_CHECK_IDS, 'other', ''),
  state: fc.constantFrom('verified', 'not_verified', 'unknown', 'ok'),
  applies: fc.boolean(),
});

const channelWire = object({
  id: ids,
  type: fc.oneof(fc.constantFrom(...MANAGED_CHANNEL_TYPES, 'line', 'sms', '', 'FACEBOOK', '__proto__'), text(8)),
  name: text(),
  accountId: text(),
  avatarUrl: nullish(url),
  status: fc.oneof(fc.constantFrom(...CHANNEL_STATUSES, 'paused', '', 'CONNECTED', 'toString'), text(8)),
  connectedAt: nullish(isoDate),
  disconnectedAt: nullish(isoDate),
  tokenExpiresAt: nullish(isoDate),
  lastError: nullish(object({ code: text(8), message: text(), fbtraceId: text(8) })),
  setupChecks: fc.array(fc.oneof({ weight: 5, arbitrary: setupCheckWire }, { weight: 1, arbitrary: wrong }), { maxLength: 4 }),
});

const listPage = object({
  channels: fc.array(fc.oneof({ weight: 6, arbitrary: channelWire }, { weight: 1, arbitrary: wrong }), { maxLength: 8 }),
  nextCursor: nullish(text(6)),
  total: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, Number.MAX_SAFE_INTEGER + 2)),
});

const hexState = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 48 });
const session = object({
  id: fc.oneof(fc.constant('auth_1'), text(10)),
  mode: fc.constantFrom('connect', 'reauthorize', 'refresh'),
  channelType: fc.constantFrom('facebook', 'instagram', 'whatsapp', 'webchat', 'line'),
  channelId: nullish(ids),
  state: fc.oneof({ weight: 4, arbitrary: hexState }, { weight: 1, arbitrary: text(20) }),
  authorizeUrl: url,
  callbackOrigin: url,
  flow: fc.constantFrom('redirect', 'embedded_signup', 'popup'),
  embeddedSignupOrigin: nullish(url),
  expiresAt: isoDate,
});

const grantedAccount = object({
  id: text(10),
  type: fc.constantFrom(...MANAGED_CHANNEL_TYPES, 'line'),
  name: text(),
  username: nullish(text(12)),
  avatarUrl: nullish(url),
  portfolio: nullish(object({ id: text(6), name: text() })),
  eligibility: fc.constantFrom('eligible', 'already_connected', 'not_business_account', 'page_not_in_portfolio', 'missing_permission', 'banned'),
  channelId: nullish(ids),
});

const authorizationResult = object({
  sessionId: text(10),
  status: fc.constantFrom('pending', 'completed', 'cancelled', 'failed', 'expired', 'done'),
  accounts: fc.array(grantedAccount, { maxLength: 4 }),
  error: nullish(object({ code: text(8), message: text() })),
});

const viewer = object({
  product: fc.constantFrom('caac', 'maac', 'other', ''),
  role: fc.oneof(fc.constantFrom('owner', 'primary_admin', 'agent', ''), text(8)),
  name: text(),
});

const setupChecks = object({ checks: fc.array(fc.oneof({ weight: 5, arbitrary: setupCheckWire }, { weight: 1, arbitrary: wrong }), { maxLength: 5 }) });
const webchatCreated = object({ channel: channelWire, snippet: text(60) });

/** A body: mostly a mutated payload, sometimes any JSON at all, sometimes not JSON. */
type Body = { json: unknown } | { text: string };
const bodyOf = (payload: Field): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 16, arbitrary: payload.map((json) => ({ json })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.oneof(text(30), fc.constantFrom('', '{', '<html>502</html>', 'null', '[]', '"x"', '1e999', '{"a":1}{')).map((t) => ({ text: t })) },
  );

const wireText = (body: Body) => ('text' in body ? body.text : JSON.stringify(body.json));

/** What the adapter parsed from the wire: `undefined` when the body is not JSON (or is empty: `null`). */
function fromWire(body: Body): { json: unknown } | undefined {
  const raw = wireText(body);
  if (raw === '') return { json: null };
  try {
    return { json: JSON.parse(raw) };
  } catch {
    return undefined;
  }
}

// ---- invariants the elements rely on ---------------------------------------------------------

const httpUrl = (value: string) => {
  const parsed = new URL(value);
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin !== 'null';
};
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });
const formats = (iso: string) => Number.isFinite(Date.parse(iso)) && dateFormat.format(new Date(iso)).length > 0;

function checkChannel(channel: Channel) {
  expect(channel.id, 'id').to.be.a('string').and.not.equal('');
  expect([...MANAGED_CHANNEL_TYPES, 'line', 'unknown']).to.include(channel.type);
  expect([...CHANNEL_STATUSES, 'unknown']).to.include(channel.status);
  expect(channel.name).to.be.a('string');
  expect(channel.accountId).to.be.a('string');
  if (channel.avatarUrl !== null) expect(httpUrl(channel.avatarUrl), `avatarUrl ${channel.avatarUrl}`).to.equal(true);
  for (const date of [channel.connectedAt, channel.disconnectedAt, channel.tokenExpiresAt]) {
    if (date !== null) expect(formats(date), `date ${date}`).to.equal(true);
  }
  for (const c of channel.setupChecks) expect(SETUP_CHECK_IDS).to.include(c.id);
}

// ---- the adapter -----------------------------------------------------------------------------

interface Operation<S extends z.ZodMiniType> {
  name: string;
  runs: number;
  body: fc.Arbitrary<Body>;
  schema: S;
  call: (backend: RestBackend) => Promise<unknown>;
  /** What the adapter returns for data the schema accepted. */
  expected?: (parsed: z.output<S>) => unknown;
  invariants?: (result: never) => void;
}

const op = <S extends z.ZodMiniType>(operation: Operation<S>) => operation as unknown as Operation<z.ZodMiniType>;

const OPERATIONS: Operation<z.ZodMiniType>[] = [
  op({
    name: 'listChannels',
    runs: 2_000,
    body: bodyOf(listPage),
    schema: ChannelPageSchema,
    call: (b) => b.listChannels({ limit: 50 }),
    expected: (page) => ({ ...parseChannelRows(page.channels), nextCursor: page.nextCursor ?? null, total: page.total }),
    invariants: (page: { channels: Channel[] }) => page.channels.forEach(checkChannel),
  }),
  op({ name: 'getChannel', runs: 1_000, body: bodyOf(channelWire), schema: ChannelSchema, call: (b) => b.getChannel('ch_1'), invariants: checkChannel }),
  op({ name: 'disconnect', runs: 400, body: bodyOf(channelWire), schema: ChannelSchema, call: (b) => b.disconnect('ch_1'), invariants: checkChannel }),
  op({
    name: 'connectAccount',
    runs: 400,
    body: bodyOf(channelWire),
    schema: ChannelSchema,
    call: (b) => b.connectAccount({ sessionId: 's', accountId: 'a' }),
    invariants: checkChannel,
  }),
  op({
    name: 'reauthorize',
    runs: 400,
    body: bodyOf(channelWire),
    schema: ChannelSchema,
    call: (b) => b.reauthorize({ channelId: 'ch_1', sessionId: 's', accountId: 'a' }),
    invariants: checkChannel,
  }),
  op({
    name: 'getViewer',
    runs: 1_000,
    body: bodyOf(viewer),
    schema: ViewerSchema,
    call: (b) => b.getViewer(),
    invariants: (v: Viewer) => {
      expect(v.product).to.be.a('string').and.not.equal('');
      expect(v.role).to.be.a('string').and.not.equal('');
    },
  }),
  op({
    name: 'startAuthorization',
    runs: 1_500,
    body: bodyOf(session),
    schema: AuthorizationSessionSchema,
    call: (b) => b.startAuthorization({ channelType: 'instagram', mode: 'connect' }),
    invariants: (s: z.output<typeof AuthorizationSessionSchema>) => {
      expect(httpUrl(s.authorizeUrl), `authorizeUrl ${s.authorizeUrl}`).to.equal(true);
      expect(httpUrl(s.callbackOrigin), `callbackOrigin ${s.callbackOrigin}`).to.equal(true);
      if (s.embeddedSignupOrigin) expect(httpUrl(s.embeddedSignupOrigin), `embeddedSignupOrigin ${s.embeddedSignupOrigin}`).to.equal(true);
      expect(s.state.length).to.be.at.least(16);
      expect(formats(s.expiresAt), `expiresAt ${s.expiresAt}`).to.equal(true);
      expect(['redirect', 'embedded_signup']).to.include(s.flow);
    },
  }),
  op({
    name: 'finishAuthorization',
    runs: 1_000,
    body: bodyOf(authorizationResult),
    schema: AuthorizationResultSchema,
    call: (b) => b.finishAuthorization({ sessionId: 'auth_1', state: 's', code: 'c' }),
    invariants: (r: z.output<typeof AuthorizationResultSchema>) => {
      for (const a of r.accounts) {
        expect(a.id).to.not.equal('');
        if (a.avatarUrl) expect(httpUrl(a.avatarUrl), `avatarUrl ${a.avatarUrl}`).to.equal(true);
      }
    },
  }),
  op({ name: 'getAuthorization', runs: 700, body: bodyOf(authorizationResult), schema: AuthorizationResultSchema, call: (b) => b.getAuthorization('auth_1') }),
  op({
    name: 'getSetupChecks',
    runs: 1_000,
    body: bodyOf(setupChecks),
    schema: SetupChecksResponseSchema,
    call: (b) => b.getSetupChecks('ch_1'),
    expected: (parsed) => parsed.checks,
  }),
  op({
    name: 'createWebchat',
    runs: 1_000,
    body: bodyOf(webchatCreated),
    schema: WebchatCreatedSchema,
    call: (b) => b.createWebchat({ name: 'Shop', domains: ['shop.example.com'] }),
    invariants: (created: { channel: Channel; snippet: string }) => {
      checkChannel(created.channel);
      expect(created.snippet).to.be.a('string');
    },
  }),
];

/** A REST adapter whose every answer is `reply()`. */
function answering(reply: () => { status: number; text: string; headers?: Record<string, string> }) {
  return new RestBackend({
    baseUrl: '/fuzz',
    readRetries: 0,
    fetch: async () => {
      const { status, text: body, headers } = reply();
      return new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
    },
  });
}

async function outcomeOf(promise: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

let watch: FaultWatch;
beforeEach(() => {
  watch = watchFaults();
});
afterEach(() => watch.stop());

after(() => {
  const failed = counts.failedProperties;
  console.log(
    `fuzz: ${total()} payloads (${counts.adapter} through the REST adapter, ${counts.mounted} mounted in <channel-list>), ` +
      `${counts.crashes} crashes; ${failed.length} ${failed.length === 1 ? 'property' : 'properties'} with a counterexample${failed.length ? ` (${failed.join(', ')})` : ''}`,
  );
});

describe('fuzz: malformed responses through the REST adapter', function () {
  this.timeout(60_000);

  for (const operation of OPERATIONS) {
    it(`${operation.name}: ${operation.runs} bodies: the schema's data, or invalid_response, nothing else`, async () => {
      let current: Body = { json: null };
      const backend = answering(() => ({ status: 200, text: wireText(current) }));
      await check(
        operation.name,
        fc.asyncProperty(operation.body, async (body) => {
          current = body;
          counts.adapter++;
          const outcome = await outcomeOf(operation.call(backend));
          if (!outcome.ok && !isChannelKitError(outcome.error)) counts.crashes++;
          const wire = fromWire(body);
          const parsed = wire && z.safeParse(operation.schema, wire.json);
          if (parsed?.success) {
            if (!outcome.ok) throw new Error(`rejected a body its schema accepts: ${String(outcome.error)}`);
            expect(outcome.value).to.deep.equal(operation.expected ? operation.expected(parsed.data) : parsed.data);
            operation.invariants?.(outcome.value as never);
          } else {
            if (outcome.ok) throw new Error('accepted a body its schema rejects');
            expect(isChannelKitError(outcome.error), `a ChannelKitError, not ${String(outcome.error)}`).to.equal(true);
            expect((outcome.error as { kind: string }).kind).to.equal('invalid_response');
            expect(describeError(en, outcome.error).message).to.equal(en.errorInvalidResponse);
          }
        }),
        operation.runs,
      );
      expect(Object.keys(Object.prototype), 'Object.prototype untouched').to.deep.equal([]);
      await sleep(0);
      expect(watch.summary()).to.equal('');
    });
  }

  it('error answers (any status 400–599, any body): a ChannelKitError whose reason has a catalog message', async () => {
    const PROTO_CODES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];
    const KNOWN_CODES = ['already_connected', 'different_account', 'token_expired', 'session_expired', 'missing_permission', 'policy_blocked', 'not_allowed', 'rate_limited'];
    const errorBody = object({
      error: object({
        // Names of Object.prototype's members are in the pool (see the plain examples at the end of this file).
        code: fc.oneof(fc.constantFrom(...PROTO_CODES, ...KNOWN_CODES), text(10)),
        message: text(),
        meta: object({
          code: fc.oneof(fc.constantFrom(190, 10, 4, 17, 32, 200, 250, 299, 368, 613, 0, -1), fc.integer()),
          error_subcode: fc.integer(),
          fbtrace_id: text(12),
          error_user_msg: text(),
          error_user_title: text(),
          message: text(),
        }),
      }),
    });
    const answer = fc.record({
      status: fc.integer({ min: 400, max: 599 }),
      body: bodyOf(errorBody),
      // Header values must be printable (the browser's Response refuses others, before the adapter sees them).
      retryAfter: fc.option(fc.oneof(fc.nat().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()), text(6).map((v) => v.replace(/[^\x20-\x7e]/g, '')))),
    });
    let current = { status: 500, text: '' , headers: {} as Record<string, string> };
    const backend = answering(() => current);
    const messages = errorMessages(en);
    const RUNS = 1_000;
    await check(
      'error answers',
      fc.asyncProperty(answer, async ({ status, body, retryAfter }) => {
        current = { status, text: wireText(body), headers: retryAfter === null ? {} : { 'retry-after': retryAfter } };
        counts.adapter++;
        const outcome = await outcomeOf(status % 2 ? backend.getChannel('ch_1') : backend.disconnect('ch_1'));
        if (!outcome.ok && !isChannelKitError(outcome.error)) counts.crashes++;
        if (outcome.ok) throw new Error('an error status resolved');
        const error = outcome.error;
        expect(isChannelKitError(error), `a ChannelKitError, not ${String(error)}`).to.equal(true);
        if (!isChannelKitError(error)) return;
        expect(ERROR_KINDS, 'kind').to.include(error.kind);
        expect(ERROR_REASONS, `reason for code ${JSON.stringify(error.code)}`).to.include(error.reason);
        expect(error.status).to.equal(status);
        const described = describeError(en, error);
        expect(described.message, 'the message shown').to.be.a('string');
        expect(messages.some((m) => described.message.startsWith(m)), `"${described.message}" starts with a catalog message`).to.equal(true);
      }),
      RUNS,
    );
    expect(watch.summary()).to.equal('');
  });
});

describe('fuzz: list pages into <channel-list>', function () {
  this.timeout(60_000);

  it('never crashes and never shows a half-rendered row (300 pages mounted)', async () => {
    const RUNS = 300;
    let current: Body = { json: null };
    let listRequests = 0;
    const backend = new RestBackend({
      baseUrl: '/fuzz-list',
      readRetries: 0,
      fetch: async (input) => {
        const path = new URL(String(input), location.href).pathname;
        if (path.endsWith('/viewer')) return new Response(JSON.stringify(OWNER));
        // The first page is the generated one; a next page (when it names a cursor) is empty and last.
        const body = listRequests++ === 0 ? wireText(current) : JSON.stringify({ channels: [], nextCursor: null });
        return new Response(body);
      },
    });
    await check(
      '<channel-list> pages',
      fc.asyncProperty(bodyOf(listPage), async (body) => {
        current = body;
        listRequests = 0;
        counts.mounted++;
        const el = document.createElement('channel-list') as ChannelList;
        el.backend = backend;
        el.viewer = OWNER;
        el.locale = 'en';
        document.body.append(el);
        try {
          await el.updateComplete;
          await settled(el, 3_000).catch((error: unknown) => {
            counts.crashes++;
            throw error;
          });
          await el.updateComplete;
          await sleep(0);
          if (watch.summary()) counts.crashes++;
          expect(watch.summary(), 'no crash').to.equal('');
          const root = el.shadowRoot!;
          const wire = fromWire(body);
          const page = wire && z.safeParse(ChannelPageSchema, wire.json);
          if (!page?.success) {
            expect(textOf(root.querySelector('[role="alert"]'))).to.equal(`${en.loadFailed} ${en.errorInvalidResponse}`);
            expect(rowsOf(el)).to.have.length(0);
            return;
          }
          const { channels, skipped } = parseChannelRows(page.data.channels);
          const byId = new Map<string, Channel[]>();
          for (const c of channels) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
          const rows = rowsOf(el);
          for (const row of rows) {
            const cells = [...row.children].filter((c) => c.getAttribute('role') === 'cell');
            expect(cells, 'five cells').to.have.length(5);
            expect(plain(cells[0]), 'the name cell is not empty').to.not.equal('');
            const sent = byId.get(row.dataset.id!) ?? [];
            expect(sent.length, `row ${row.dataset.id} is a channel that was sent`).to.be.greaterThan(0);
            const shown = { name: row.querySelector('.name')!.textContent, accountId: row.querySelector('.account')!.textContent };
            expect(
              sent.some((c) => c.name === shown.name && c.accountId === shown.accountId),
              'the name and the account id, as text',
            ).to.equal(true);
            expect(row.querySelector('.badge'), 'a status badge').to.not.equal(null);
            expect(row.querySelector('.edit'), 'an Edit button').to.not.equal(null);
          }
          expect(rows.length, 'one row per channel that could be read').to.equal(channels.length);
          if (channels.length === 0) expect(root.querySelector('[part="empty"]'), 'the empty state').to.not.equal(null);
          else if (skipped) expect(plain(root)).to.contain(en.rowsSkipped(skipped));
          if (channels.length > 0) {
            // Sorting again re-renders every row through the keyed repeat.
            const sort = [...root.querySelectorAll('select')].at(-1)!;
            sort.value = 'name';
            sort.dispatchEvent(new Event('change'));
            await el.updateComplete;
            expect(rowsOf(el).length, 'the same rows after sorting by name').to.equal(channels.length);
          }
          expect(root.querySelector('img, script, iframe, object, embed'), 'no markup from the data').to.equal(null);
          await sleep(0);
          expect(watch.summary(), 'no crash').to.equal('');
        } finally {
          el.remove();
        }
      }),
      RUNS,
    );
  });
});

describe('found by the fuzzer (kept as plain examples)', () => {
  const errorAnswer = (code: string) =>
    answering(() => ({ status: 409, text: JSON.stringify({ error: { code, message: 'Conflict.' } }) }));

  for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`an error code "${code}" (an Object.prototype member) still maps to a reason with a catalog message`, async () => {
      const outcome = await outcomeOf(errorAnswer(code).disconnect('ch_1'));
      expect(outcome.ok).to.equal(false);
      const error = (outcome as { error: unknown }).error;
      expect(isChannelKitError(error)).to.equal(true);
      expect(ERROR_REASONS as readonly unknown[], 'a known reason').to.include((error as { reason: unknown }).reason);
      expect(describeError(en, error).message).to.equal(en.errorUnknown);
    });
  }

  it('an error code "constructor" shows a non-empty message in <disconnect-dialog>', async () => {
    const backend = errorAnswer('constructor');
    const dialog = await fixture<HTMLElement & { show(c: Channel): void; confirm(): Promise<unknown>; updateComplete: Promise<unknown> }>(
      html`<disconnect-dialog .backend=${backend} .viewer=${OWNER}></disconnect-dialog>`,
    );
    dialog.show(ChannelSchema.parse({ id: 'ch_1', type: 'facebook', name: 'Bangkok Coffee', accountId: 'fb_1', status: 'connected' }));
    await dialog.confirm();
    await dialog.updateComplete;
    expect(textOf(dialog.shadowRoot!.querySelector('[role="alert"]')), 'the alert says something').to.equal(en.errorUnknown);
  });

  it('a backend that answers every page with the same nextCursor does not make <channel-list> load forever', async () => {
    let requests = 0;
    const backend = new RestBackend({
      baseUrl: '/fuzz-cursor',
      readRetries: 0,
      fetch: async () => {
        requests++;
        await sleep(1);
        // A bound for this test only, so that the bug it documents cannot hang the run.
        const nextCursor = requests < 200 ? 'same' : null;
        return new Response(JSON.stringify({ channels: [{ id: 'ch_1', type: 'facebook', name: 'A', accountId: 'fb_1', status: 'connected' }], nextCursor }));
      },
    });
    const el = document.createElement('channel-list') as ChannelList;
    el.backend = backend;
    el.viewer = OWNER;
    document.body.append(el);
    try {
      await until(() => rowsOf(el).length > 0, 'the first page');
      await sleep(300);
      expect(requests, 'requests for a cursor that never advances').to.be.at.most(3);
      expect(el.channels.length, 'the same channel is not added again and again').to.equal(1);
    } finally {
      el.remove();
    }
  });

  it('a page whose every row is unreadable says so, instead of "No channels yet"', async () => {
    const backend = answering(() => ({ status: 200, text: JSON.stringify({ channels: [{ name: 'no id' }, 42, null], nextCursor: null }) }));
    const el = document.createElement('channel-list') as ChannelList;
    el.backend = backend;
    el.viewer = OWNER;
    document.body.append(el);
    try {
      await el.updateComplete;
      await settled(el);
      await el.updateComplete;
      expect(plain(el.shadowRoot), 'the skipped rows are mentioned').to.contain(en.rowsSkipped(3));
    } finally {
      el.remove();
    }
  });
});

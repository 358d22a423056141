import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import { AuthorizationResultSchema, AuthorizationSessionSchema, CallbackMessageSchema, GrantedAccountSchema } from '../../src/core/authorization.js';
import { ChannelSchema, WebchatDomainSchema, channelToWire, isManageable } from '../../src/core/channel.js';
import { ErrorBodySchema, describeIssue } from '../../src/core/errors.js';
import { parseChannelRows } from '../../src/core/parse-channel-rows.js';
import { ViewerSchema } from '../../src/core/viewer.js';

const goodChannel = {
  id: 'ch_1',
  type: 'instagram',
  name: 'Bangkok Coffee',
  accountId: 'ig_1',
  avatarUrl: 'https://cdn.example.com/a.png',
  status: 'connected',
  connectedAt: '2026-01-02T03:04:05.000Z',
  disconnectedAt: null,
  tokenExpiresAt: '2026-03-02T03:04:05+07:00',
  lastError: { code: '190', message: 'expired', fbtraceId: 'Ab1' },
  setupChecks: [{ id: 'default_routing_app', state: 'verified' }],
};

/** The first issue of a failed parse, described as the adapter describes it: "path: what was expected". */
function failure(schema: z.ZodMiniType, value: unknown): string {
  const result = z.safeParse(schema, value);
  expect(result.success, 'expected the value to be rejected').to.equal(false);
  return describeIssue(result.error!);
}

describe('channel schema', () => {
  it('accepts a complete channel and fills the optional parts', () => {
    const channel = ChannelSchema.parse(goodChannel);
    expect(channel).to.include({ type: 'instagram', status: 'connected', rawType: 'instagram' });
    expect(channel.setupChecks[0]).to.deep.equal({ id: 'default_routing_app', state: 'verified', applies: true });
    const minimal = ChannelSchema.parse({ id: 'x', type: 'webchat', name: 'Site', accountId: 'w', status: 'connected' });
    expect(minimal).to.include({ avatarUrl: null, connectedAt: null, tokenExpiresAt: null, lastError: null });
    expect(minimal.setupChecks).to.deep.equal([]);
  });

  it('turns an unknown type or status into a read-only "unknown" form, keeping the original', () => {
    const odd = ChannelSchema.parse({ ...goodChannel, type: 'telegram', status: 'warp_speed' });
    expect(odd).to.include({ type: 'unknown', rawType: 'telegram', status: 'unknown', rawStatus: 'warp_speed' });
    expect(isManageable(odd)).to.equal(false);
    expect(isManageable(ChannelSchema.parse({ ...goodChannel, type: 'line' }))).to.equal(false);
    expect(isManageable(ChannelSchema.parse(goodChannel))).to.equal(true);
    expect(channelToWire(odd)).to.include({ type: 'telegram', status: 'warp_speed' });
  });

  it('rejects bad data with a message that names the field', () => {
    expect(failure(ChannelSchema, { ...goodChannel, id: '' })).to.equal('id: too short (minimum 1)');
    expect(failure(ChannelSchema, { ...goodChannel, name: 42 })).to.equal('name: expected string');
    expect(failure(ChannelSchema, { ...goodChannel, connectedAt: 'yesterday' })).to.equal('connectedAt: expected a datetime');
    expect(failure(ChannelSchema, { ...goodChannel, avatarUrl: 'javascript:alert(1)' })).to.equal('avatarUrl: expected a url');
    expect(failure(ChannelSchema, { ...goodChannel, setupChecks: [{ id: 'nope', state: 'verified' }] })).to.match(/^setupChecks\.0\.id: /);
    expect(failure(ChannelSchema, null)).to.equal('(root): expected object');
  });

  it('skips rows that cannot be read at all, without failing the list', () => {
    const rows = [goodChannel, { id: 'no-name' }, 'garbage', { ...goodChannel, id: 'ch_2', type: 'telegram' }];
    const { channels, skipped } = parseChannelRows(rows);
    expect(channels.map((c) => [c.id, c.type])).to.deep.equal([['ch_1', 'instagram'], ['ch_2', 'unknown']]);
    expect(skipped).to.equal(2);
  });

  it('validates Webchat domains', () => {
    for (const ok of ['shop.example.com', '*.example.org', 'localhost', 'xn--72c1a.co.th']) {
      expect(z.safeParse(WebchatDomainSchema, ok).success, ok).to.equal(true);
    }
    for (const bad of ['', 'http://shop.example.com', 'shop', 'a b.com', 'shop.example.com/path', '<script>.com']) {
      expect(z.safeParse(WebchatDomainSchema, bad).success, bad).to.equal(false);
    }
  });
});

describe('viewer, authorization and error schemas', () => {
  it('accepts a viewer (any product: the policy decides) and rejects an empty product or role', () => {
    expect(ViewerSchema.parse({ product: 'maac', role: 'editor' })).to.deep.equal({ product: 'maac', role: 'editor' });
    expect(ViewerSchema.parse({ product: 'crm', role: 'owner' }).product, 'a partner\'s own product').to.equal('crm');
    expect(failure(ViewerSchema, { product: '', role: 'owner' })).to.match(/^product: /);
    expect(failure(ViewerSchema, { product: 'caac', role: '' })).to.match(/^role: /);
  });

  it('accepts an authorization session and rejects a short state or a non-http URL', () => {
    const session = {
      id: 'auth_1',
      mode: 'connect',
      channelType: 'instagram',
      state: 'a'.repeat(32),
      authorizeUrl: 'https://example.com/consent?x=1',
      callbackOrigin: 'https://example.com',
      expiresAt: '2026-11-25T12:00:00Z',
    };
    expect(AuthorizationSessionSchema.parse(session).id).to.equal('auth_1');
    expect(failure(AuthorizationSessionSchema, { ...session, state: 'short' })).to.match(/^state: /);
    expect(failure(AuthorizationSessionSchema, { ...session, authorizeUrl: 'javascript:alert(1)' })).to.match(/^authorizeUrl: /);
    expect(failure(AuthorizationSessionSchema, { ...session, channelType: 'webchat' })).to.match(/^channelType: /);
  });

  it('accepts granted accounts with their eligibility, and rejects an unknown eligibility', () => {
    const account = { id: 'ig_1', type: 'instagram', name: 'A', eligibility: 'not_business_account' };
    expect(GrantedAccountSchema.parse(account).eligibility).to.equal('not_business_account');
    expect(failure(GrantedAccountSchema, { ...account, eligibility: 'maybe' })).to.match(/^eligibility: /);
    const result = { sessionId: 's', status: 'completed', accounts: [account] };
    expect(AuthorizationResultSchema.parse(result).accounts).to.have.length(1);
    expect(failure(AuthorizationResultSchema, { ...result, accounts: [{ ...account, type: 'line' }] })).to.match(/^accounts\.0\.type: /);
  });

  it('accepts only the callback message it knows', () => {
    const message = { type: 'channel-kit:authorization', state: 's'.repeat(24), code: 'c' };
    expect(CallbackMessageSchema.parse(message).code).to.equal('c');
    expect(failure(CallbackMessageSchema, { ...message, type: 'other' })).to.match(/^type: /);
  });

  it('reads error bodies, with Meta details', () => {
    const body = { error: { code: 'meta_error', message: 'x', meta: { code: 190, error_subcode: 463, fbtrace_id: 'T' } } };
    expect(ErrorBodySchema.parse(body).error.meta!.fbtrace_id).to.equal('T');
    expect(failure(ErrorBodySchema, { error: { code: 1, message: 'x' } })).to.match(/^error\.code: /);
  });
});

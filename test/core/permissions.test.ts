import { expect } from '@open-wc/testing';
import { ChannelSchema } from '../../src/core/channel.js';
import { KNOWN_ROLES, PRODUCTS, type Viewer } from '../../src/core/viewer.js';
import { decide, defaultPermissionPolicy, reauthorizeAction, requestFor, type PermissionAction, type PermissionPolicy } from '../../src/permissions/policy.js';

const ACTIONS: PermissionAction[] = ['connect', 'reauthorize', 'disconnect', 'setup'];
const allowed = (viewer: Viewer | null | undefined, action: PermissionAction = 'connect', policy?: PermissionPolicy) => decide(viewer, { action }, policy).allowed;
const whatsapp = ChannelSchema.parse({ id: 'ch_wa', type: 'whatsapp', name: 'Support line', accountId: 'wa_1', status: 'connected' });
const page = ChannelSchema.parse({ id: 'ch_fb', type: 'facebook', name: 'Bangkok Coffee', accountId: 'fb_1', status: 'connected' });

describe('permission policy', () => {
  // The product rule, written out in full: CAAC lets only the Owner and Primary admins manage; MAAC everyone.
  const table: Record<(typeof PRODUCTS)[number], Record<(typeof KNOWN_ROLES)[number], boolean>> = {
    caac: { owner: true, primary_admin: true, admin: false, agent: false, editor: false, viewer: false },
    maac: { owner: true, primary_admin: true, admin: true, agent: true, editor: true, viewer: true },
  };

  for (const product of PRODUCTS) {
    for (const role of KNOWN_ROLES) {
      it(`${product} ${role}: ${table[product][role] ? 'may' : 'may not'} manage, the same for every action`, () => {
        expect(ACTIONS.map((action) => allowed({ product, role }, action))).to.deep.equal(ACTIONS.map(() => table[product][role]));
      });
    }
  }

  it('treats a role it does not know as not a manager in CAAC', () => {
    expect(allowed({ product: 'caac', role: 'supervisor' })).to.equal(false);
    expect(allowed({ product: 'maac', role: 'supervisor' })).to.equal(true);
  });

  it('says no without a viewer', () => {
    expect(allowed(null)).to.equal(false);
    expect(allowed(undefined)).to.equal(false);
  });

  it("lets a host replace the rule with a function of the viewer alone (today's policies keep working)", () => {
    const onlyAdmins = (viewer: Viewer) => viewer.role === 'admin';
    expect(allowed({ product: 'caac', role: 'admin' }, 'disconnect', onlyAdmins)).to.equal(true);
    expect(allowed({ product: 'maac', role: 'owner' }, 'disconnect', onlyAdmins)).to.equal(false);
    expect(decide({ product: 'maac', role: 'owner' }, { action: 'connect' }, onlyAdmins)).to.deep.equal({ allowed: false, refusal: 'not_allowed' });
  });

  it("says which rule refused: the product rule's role (not_a_manager), an unknown product, or a host's policy (not_allowed)", () => {
    expect(decide({ product: 'caac', role: 'agent' }, { action: 'connect' })).to.deep.equal({ allowed: false, refusal: 'not_a_manager' });
    expect(decide({ product: 'acme', role: 'owner' }, { action: 'connect' })).to.deep.equal({ allowed: false, refusal: 'unknown_product' });
    expect(decide({ product: 'caac', role: 'agent' }, { action: 'connect' }, () => false)).to.deep.equal({ allowed: false, refusal: 'not_allowed' });
  });

  it("a host's policy that hands a request on to the product rule keeps the product rule's refusal (and its words)", () => {
    const host: PermissionPolicy = (viewer, request) => (request.channelType === 'whatsapp' ? false : defaultPermissionPolicy(viewer, request));
    expect(decide({ product: 'caac', role: 'agent' }, { action: 'connect' }, host)).to.deep.equal({ allowed: false, refusal: 'not_a_manager' });
    expect(decide({ product: 'acme', role: 'owner' }, { action: 'connect' }, host)).to.deep.equal({ allowed: false, refusal: 'unknown_product' });
    expect(decide({ product: 'caac', role: 'owner' }, { action: 'connect', channelType: 'whatsapp' }, host)).to.deep.equal({ allowed: false, refusal: 'not_allowed' });
  });
});

describe('a policy per action and per channel', () => {
  const owner: Viewer = { product: 'caac', role: 'owner' };
  // A host whose agents may reauthorize but only its IT team disconnects, and whose WhatsApp numbers are managed centrally.
  const hostPolicy: PermissionPolicy = (viewer, { action, channel }) => {
    if (channel?.type === 'whatsapp') return { allowed: false, reason: 'WhatsApp numbers are managed by Head Office.' };
    if (action === 'disconnect') return { allowed: viewer.role === 'it', reason: 'Ask your IT team to disconnect a channel.' };
    return true;
  };

  it('is asked the action and the channel, and its answer is read per action', () => {
    const asked: unknown[] = [];
    decide(owner, { action: 'disconnect', channel: page }, (viewer, request) => {
      asked.push([viewer, request]);
      return true;
    });
    expect(asked).to.deep.equal([[owner, { action: 'disconnect', channel: page }]]);
    expect(decide(owner, { action: 'reauthorize', channel: page }, hostPolicy)).to.deep.equal({ allowed: true });
    expect(decide(owner, { action: 'disconnect', channel: page }, hostPolicy)).to.deep.equal({
      allowed: false,
      refusal: 'not_allowed',
      reason: 'Ask your IT team to disconnect a channel.',
    });
    expect(decide({ ...owner, role: 'it' }, { action: 'disconnect', channel: page }, hostPolicy)).to.deep.equal({ allowed: true });
  });

  it('decides per channel', () => {
    expect(decide(owner, { action: 'reauthorize', channel: whatsapp }, hostPolicy)).to.deep.equal({
      allowed: false,
      refusal: 'not_allowed',
      reason: 'WhatsApp numbers are managed by Head Office.',
    });
    expect(decide(owner, { action: 'connect' }, hostPolicy).allowed).to.equal(true);
  });

  it('allows only on true or { allowed: true }; anything else a policy returns refuses', () => {
    const answers: unknown[] = [{ allowed: true }, true, false, { allowed: false }, 'yes', 1, null, undefined, {}, { allowed: 'true' }];
    const read = answers.map((answer) => decide(owner, { action: 'connect' }, () => answer as boolean).allowed);
    expect(read).to.deep.equal([true, true, false, false, false, false, false, false, false, false]);
  });

  it('keeps a reason only when it is text, trimmed and cut to a sentence or three', () => {
    const reasonOf = (reason: unknown) => {
      const decision = decide(owner, { action: 'connect' }, () => ({ allowed: false, reason }) as never);
      return decision.allowed ? 'allowed' : decision.reason;
    };
    expect(reasonOf('  Ask IT.  ')).to.equal('Ask IT.');
    expect(reasonOf('   ')).to.equal(undefined);
    expect(reasonOf(42)).to.equal(undefined);
    expect(reasonOf({ toString: () => 'x' })).to.equal(undefined);
    expect(reasonOf('x'.repeat(1000))).to.have.length(300);
  });

  it('the default policy answers the same whatever the action or channel', () => {
    for (const action of ACTIONS) {
      expect(decide({ product: 'caac', role: 'agent' }, { action, channel: page }, defaultPermissionPolicy)).to.deep.equal({ allowed: false, refusal: 'not_a_manager' });
    }
  });

  it('a policy that throws refuses, saying what it threw (the browser and the server read it alike)', () => {
    const thrown = new TypeError('roles is undefined');
    const decision = decide(owner, { action: 'connect' }, () => {
      throw thrown;
    });
    expect(decision).to.deep.equal({ allowed: false, refusal: 'not_allowed', failure: thrown });
  });

  it('carries the channel type: a new connection\'s chosen type, else the channel\'s', () => {
    expect(requestFor('connect', undefined, 'whatsapp')).to.deep.equal({ action: 'connect', channelType: 'whatsapp' });
    expect(requestFor('disconnect', whatsapp)).to.deep.equal({ action: 'disconnect', channel: whatsapp, channelType: 'whatsapp' });
    expect(requestFor('connect')).to.deep.equal({ action: 'connect' });
    const noNewNumbers: PermissionPolicy = (_viewer, { action, channelType }) => !(action === 'connect' && channelType === 'whatsapp');
    expect(decide(owner, requestFor('connect', undefined, 'whatsapp'), noNewNumbers).allowed).to.equal(false);
    expect(decide(owner, requestFor('connect', undefined, 'facebook'), noNewNumbers).allowed).to.equal(true);
  });

  it('bringing a disconnected channel back is connecting it again; renewing a connected one is reauthorizing', () => {
    expect(reauthorizeAction({ status: 'disconnected' })).to.equal('connect');
    for (const status of ['connected', 'expiring', 'token_expired', 'setup_incomplete']) expect(reauthorizeAction({ status })).to.equal('reauthorize');
  });
});

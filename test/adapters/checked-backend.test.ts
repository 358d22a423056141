// Issue 13, item 3: every backend's answers are read with the REST adapter's own schemas, in one place
// (`checkedBackend`, which the elements' `activeBackend` hands out), and a partner's own product is
// an open string that the default policy refuses, saying so.
import { expect } from '@open-wc/testing';
import type { ChannelBackend, ChannelChange } from '../../src/adapters/backend.js';
import { checkedBackend } from '../../src/adapters/checked-backend.js';
import { ChannelSchema } from '../../src/core/channel.js';
import { isChannelKitError } from '../../src/core/errors.js';
import { ViewerSchema } from '../../src/core/viewer.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { decide, defaultPermissionPolicy } from '../../src/permissions/policy.js';
import { requireAllowed } from '../../src/server/rules/permissions.js';
import { typicalOptions } from '../support/backends.js';

const wire = { id: 'ch_1', type: 'instagram', name: 'Bangkok Coffee', accountId: 'ig_1', status: 'connected' };

/** A host's backend in plain JavaScript: each method answers what `answers` says, unchecked. */
function plain(answers: Record<string, unknown>): ChannelBackend {
  return Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, async () => answer])) as unknown as ChannelBackend;
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('checkedBackend', () => {
  it('is one wrapper per backend, and a wrapper is not wrapped again', () => {
    const backend = plain({});
    const checked = checkedBackend(backend);
    expect(checkedBackend(backend)).to.equal(checked);
    expect(checkedBackend(checked)).to.equal(checked);
  });

  it('reads every answer with the contract: the REST JSON of a plain backend comes out as the adapter gives it', async () => {
    const checked = checkedBackend(
      plain({
        getViewer: { product: 'maac', role: 'editor', extra: true },
        listChannels: { channels: [wire, { id: '' }, 'garbage'], nextCursor: 'c2', total: 3, skipped: 1 },
        getChannel: { ...wire, status: 'warp_speed' },
        getSetupChecks: { checks: [{ id: 'webhook', state: 'verified' }] },
        disconnect: [{ id: 'webhook', state: 'verified' }],
      }),
    );
    expect(await checked.getViewer()).to.deep.equal({ product: 'maac', role: 'editor' });
    const page = await checked.listChannels();
    expect(page.channels.map((c) => c.id)).to.deep.equal(['ch_1']);
    // Two rows it could not read, and the one the backend itself had left out.
    expect(page).to.include({ skipped: 3, nextCursor: 'c2', total: 3 });
    expect(await checked.getChannel('ch_1')).to.deep.equal(ChannelSchema.parse({ ...wire, status: 'warp_speed' }));
    expect(await checked.getSetupChecks('ch_1')).to.deep.equal([{ id: 'webhook', state: 'verified', applies: true }]);
    // A whole answer of the wrong shape is invalid_response, naming where.
    const error = await rejection(checked.disconnect('ch_1'));
    expect(isChannelKitError(error) && [error.kind, error.reason, error.issuePath]).to.deep.equal(['invalid_response', 'invalid_response', '(root)']);
  });

  it('a whole answer that cannot be read rejects with invalid_response, never an exception of its own', async () => {
    const checked = checkedBackend(plain({ getViewer: 42, listChannels: { nope: 1 }, startAuthorization: null }));
    for (const call of [() => checked.getViewer(), () => checked.listChannels(), () => checked.startAuthorization({ channelType: 'instagram', mode: 'connect' })]) {
      const error = await rejection(call());
      expect(isChannelKitError(error) && error.kind).to.equal('invalid_response');
    }
    // A method a plain backend lacks rejects too (the element shows its error, with Retry).
    expect(await rejection(checked.getChannel('ch_1'))).to.be.instanceOf(TypeError);
  });

  it('keeps what another backend already parsed (an odd type or status), and hands the REST adapter’s answers back as they are', async () => {
    const memory = new MemoryBackend(typicalOptions());
    const parsed = ChannelSchema.parse({ ...wire, type: 'telegram', status: 'warp_speed' });
    const read = await memory.getChannel('ch_1');
    const checked = checkedBackend(plain({ getChannel: parsed, disconnect: read }));
    expect(await checked.getChannel('x')).to.deep.equal(parsed);
    expect(await checked.disconnect('x')).to.equal(read);
    // The in-page backend, wrapped: its answers are the adapter's own.
    const viaMemory = checkedBackend(memory);
    expect(await viaMemory.listChannels()).to.deep.equal(await memory.listChannels());
  });

  it('reads each change a backend reports; one that cannot be read is dropped', () => {
    let emit: (change: unknown) => void = () => {};
    const backend = { subscribe: (listener: (change: unknown) => void) => ((emit = listener), () => {}) } as unknown as ChannelBackend;
    const seen: ChannelChange[] = [];
    checkedBackend(backend).subscribe!((change) => seen.push(change));
    emit({ kind: 'upsert', channel: { id: 'no-name' } });
    emit(null);
    emit({ kind: 'upsert', channel: wire });
    emit({ kind: 'refresh' });
    expect(seen).to.deep.equal([{ kind: 'upsert', channel: ChannelSchema.parse(wire) }, { kind: 'refresh' }]);
    // A backend with no live updates: nothing to follow, nothing thrown.
    expect(checkedBackend(plain({})).subscribe!(() => {})).to.be.a('function');
  });
});

describe("a partner's own product", () => {
  it('is an open string in the viewer schema; an empty one is not', () => {
    expect(ViewerSchema.parse({ product: 'acme', role: 'owner' })).to.deep.equal({ product: 'acme', role: 'owner' });
    expect(ViewerSchema.safeParse({ product: '', role: 'owner' }).success).to.equal(false);
  });

  it('is refused by the default policy, with that reason; a host policy may allow it', () => {
    const acme = { product: 'acme', role: 'owner' };
    const connect = { action: 'connect' } as const;
    expect(defaultPermissionPolicy(acme, connect)).to.deep.equal({ allowed: false, refusal: 'unknown_product' });
    expect(decide(acme, connect)).to.deep.equal({ allowed: false, refusal: 'unknown_product' });
    expect(decide({ product: 'caac', role: 'agent' }, connect)).to.deep.equal({ allowed: false, refusal: 'not_a_manager' });
    expect(decide(null, connect)).to.deep.equal({ allowed: false, refusal: 'not_a_manager' });
    const hostPolicy = (viewer: { product: string }) => viewer.product === 'acme';
    expect(decide(acme, connect, hostPolicy)).to.deep.equal({ allowed: true });
    expect(decide({ product: 'acme', role: 'agent' }, connect, () => false)).to.deep.equal({ allowed: false, refusal: 'not_allowed' });
  });

  it('the server, with the default policy, refuses it with 403 and says why', () => {
    let refused: unknown;
    try {
      requireAllowed({ product: 'acme', role: 'owner' }, defaultPermissionPolicy, { action: 'connect' });
    } catch (error) {
      refused = error;
    }
    expect(isChannelKitError(refused) && [refused.status, refused.code]).to.deep.equal([403, 'not_allowed']);
    expect((refused as Error).message).to.contain("product 'acme'");
    expect(() => requireAllowed({ product: 'acme', role: 'owner' }, (viewer) => viewer.product === 'acme', { action: 'connect' })).to.not.throw();
  });
});

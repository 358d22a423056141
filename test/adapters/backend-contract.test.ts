import { expect } from '@open-wc/testing';
import { runContractSuite } from '../../src/testing/contract-suite.js';
import { expectKitError } from '../support/expect-error.js';
import { memoryFactory, restFactory, typicalOptions, type BackendFactory } from '../support/backends.js';

/**
 * The shipped contract suite (`channel-kit/testing`), run against the in-page backend directly and
 * through msw; the server runs the same suite over real HTTP (test/server/contract.test.ts).
 */
function contractSuite(name: string, make: BackendFactory) {
  runContractSuite({
    name,
    test: { describe, it, beforeEach },
    async setup(fixture) {
      const { backend, memory } = await make(typicalOptions({ channels: fixture.channels, world: fixture.world }));
      return {
        backend,
        grant: (session, accountIds) => memory.grant(session.id, accountIds),
        setViewer: (viewer) => void (memory.viewer = viewer),
      };
    },
  });

  describe(`backend adapter: ${name}`, () => {
    it('keeps a channel of an unknown type as a read-only row without breaking the others', async () => {
      const { backend } = await make(
        typicalOptions({
          channels: [
            { id: 'a', type: 'telegram', name: 'Odd', accountId: 't1', status: 'connected' },
            { id: 'b', type: 'facebook', name: 'Fine', accountId: 'f1', status: 'beaming' },
            { id: 'c', type: 'instagram', name: 'Also fine', accountId: 'i1', status: 'connected' },
          ],
        }),
      );
      const page = await backend.listChannels();
      expect(page.channels.map((c) => [c.id, c.type, c.status])).to.deep.equal([
        ['a', 'unknown', 'connected'],
        ['b', 'facebook', 'unknown'],
        ['c', 'instagram', 'connected'],
      ]);
      expect(page.channels[0]!.rawType).to.equal('telegram');
      const error = await expectKitError(backend.disconnect('a'));
      expect(error.kind).to.equal('conflict');
    });

    it('rejects with aborted when the signal is already aborted', async () => {
      const { backend } = await make();
      const controller = new AbortController();
      controller.abort();
      const error = await expectKitError(backend.listChannels({}, controller.signal));
      expect(error.kind).to.equal('aborted');
    });
  });
}

contractSuite('in-memory', memoryFactory);
contractSuite('REST over msw', restFactory);

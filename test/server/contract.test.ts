// The shipped contract suite (channel-kit/testing), run against the real server over real HTTP, on
// PGlite and on PostgreSQL.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { runContractSuite } from '../../src/testing/contract-suite.js';
import { forEachStore, freshWorkspace, itHasADatabase, startTestServer, type TestServer } from './support/test-server.js';

forEachStore(['pglite', 'postgres'], 'the contract over HTTP', (kind) => {
  let server: TestServer | { skipped: string } | undefined;
  before(async () => {
    server = await startTestServer(kind);
  });
  after(async () => {
    if (server && !('skipped' in server)) await server.close();
  });
  itHasADatabase(kind, () => server);
  runContractSuite({
    name: `channel-kit/server on ${kind}`,
    test: { describe, it: (name, body) => it(name, async (t) => (server && 'skipped' in server ? t.skip(server.skipped) : body())), beforeEach, afterEach },
    async setup(fixture) {
      const live = server as TestServer;
      // Accounts connected in another workspace are not eligible here: each test starts from empty tables.
      await live.reset();
      const workspaceId = freshWorkspace('contract');
      await live.seed(workspaceId, fixture.channels);
      return {
        backend: live.backendFor(workspaceId),
        grant: (session, accountIds) => live.grant(session, accountIds),
        setViewer: (viewer) => void live.viewers.set(workspaceId, viewer),
      };
    },
  });
});

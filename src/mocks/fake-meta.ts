import type { MemoryBackend } from '../adapters/memory-backend.js';
import type { MetaAccount, MetaPortfolio } from '../adapters/meta-world.js';
import type { AuthorizationSession } from '../core/authorization.js';

/** What the demo's fake Meta consent page (in the popup) asks of the page that opened it. */
export interface FakeMeta {
  describe(sessionId: string): {
    session: AuthorizationSession;
    expectedAccountId: string | null;
    portfolios: MetaPortfolio[];
    accounts: MetaAccount[];
    connectedAccountIds: string[];
  };
  grant(sessionId: string, accountIds: string[], options?: { permissionsGranted?: boolean }): { code: string };
  cancel(sessionId: string): void;
  fail(sessionId: string, error: { code: string; message: string }): void;
}

declare global {
  interface Window {
    __channelKitFakeMeta?: FakeMeta;
  }
}

/**
 * Lets the fake consent page play Meta for a `MemoryBackend`: the page and the backend share this
 * window, so the popup reaches them through `window.opener`. Demo and tests only: a real host's
 * popup goes to Meta, and Meta's redirect goes to the host backend's callback page.
 */
export function exposeFakeMeta(backend: MemoryBackend, target: Window = window): void {
  target.__channelKitFakeMeta = {
    describe(sessionId) {
      const { session, expectedAccountId } = backend.describeSession(sessionId);
      const accounts = backend.world.accounts.filter((a) => a.type === session.channelType);
      return {
        session,
        expectedAccountId,
        portfolios: backend.world.portfolios.filter((p) => accounts.some((a) => a.portfolioId === p.id)),
        accounts,
        connectedAccountIds: backend.connectedAccountIds(),
      };
    },
    grant: (sessionId, accountIds, options) => backend.grant(sessionId, accountIds, options),
    cancel: (sessionId) => backend.endSession(sessionId, 'cancelled'),
    fail: (sessionId, error) => backend.endSession(sessionId, error),
  };
}

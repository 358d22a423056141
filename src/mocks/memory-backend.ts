import { RestBackend } from '../adapters/rest-backend.js';
import type { ChannelChange, ChannelBackend } from '../adapters/backend.js';
import { ChannelSchema, type Channel, type ChannelWire } from '../core/channel.js';
import { ChannelKitError } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { toWire } from '../server/service.js';
import { InPageServer, type InPageServerOptions } from './in-page-server.js';

export type MemoryBackendOptions = InPageServerOptions;

/** Where the in-page server answers: a name that never reaches a network. */
const IN_PAGE_URL = 'http://channel-kit.invalid/api';

/**
 * A `ChannelBackend` for tests and demos with nothing behind it: the REST adapter talking straight to
 * the server core in the page (no network, no msw). Every rule is the server's own. Also plays Meta's
 * consent screen (`grant`) and changes channels behind the contract's back (`update`).
 */
export class MemoryBackend extends RestBackend implements ChannelBackend {
  readonly server: InPageServer;

  constructor(options: MemoryBackendOptions = {}) {
    const server = new InPageServer({ publicUrl: IN_PAGE_URL, ...options });
    super({ baseUrl: server.publicUrl, readRetries: 0, fetch: (input, init) => server.fetch(new Request(input, init)) });
    this.server = server;
  }

  get viewer(): Viewer {
    return this.server.viewer;
  }

  set viewer(viewer: Viewer) {
    this.server.viewer = viewer;
  }

  get world() {
    return this.server.meta.world;
  }

  override subscribe(listener: (change: ChannelChange) => void): () => void {
    return this.server.onChange((_workspace, wire) => listener({ kind: 'upsert', channel: ChannelSchema.parse(wire) }));
  }

  /**
   * What Meta's consent screen and redirect do when the person continues: a code for these accounts,
   * delivered to the server's callback page as Meta's redirect would.
   */
  async grant(sessionId: string, accountIds: string[], { permissionsGranted = true } = {}): Promise<{ code: string }> {
    const session = await this.server.store.getAuthorization(this.server.workspaceId, sessionId);
    if (!session) throw new ChannelKitError('not_found', 'No such authorization.', { status: 404, code: 'session_not_found' });
    const { code } = this.server.meta.grant({ channelType: session.channelType, accountIds, redirectUri: this.server.callbackUrl, permissionsGranted });
    const redirect = new URL(`${this.server.publicUrl}/authorizations/callback`);
    redirect.search = new URLSearchParams({ state: session.state, code }).toString();
    await this.server.fetch(new Request(redirect));
    return { code };
  }

  /** Changes a channel as if it happened elsewhere, and tells subscribers. */
  async update(channelId: string, patch: Partial<ChannelWire>): Promise<Channel> {
    const { workspaceId } = this.server;
    const saved = await this.server.store.transaction(async (tx) => {
      const current = await tx.lockChannel(workspaceId, channelId);
      if (!current) throw new ChannelKitError('not_found', 'No such channel.', { status: 404, code: 'channel_not_found' });
      return tx.saveChannel({ ...current, ...(patch as object), id: channelId, workspaceId });
    });
    const wire = toWire(saved, Date.now());
    this.server.notify(wire);
    return ChannelSchema.parse(wire);
  }
}

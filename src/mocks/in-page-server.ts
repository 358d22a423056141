import { ChannelSchema, channelToWire, type ChannelWire } from '../core/channel.js';
import type { Viewer } from '../core/viewer.js';
import type { PermissionPolicy } from '../permissions/policy.js';
import { generateTokenKey, TokenVault } from '../server/crypto/token-vault.js';
import { createChannelKitHandler, type FetchHandler } from '../server/http/handler.js';
import type { Identity } from '../server/service.js';
import type { NewChannel } from '../server/store/channel-store.js';
import { MemoryStore } from '../server/store/memory-store.js';
import { FakeMeta } from './fake-meta.js';
import type { MetaWorld } from './meta-world.js';

export interface InPageServerOptions {
  /** The workspace's channels at the start. */
  channels?: ChannelWire[];
  viewer?: Viewer;
  policy?: PermissionPolicy;
  /** The accounts the fake consent screen can grant. */
  world?: MetaWorld;
  /** The fake Meta consent page; the callback page sits beside it unless `callbackUrl` says otherwise. */
  consentUrl?: string;
  /** Where the consent page sends the popup back to (a page that posts the result to its opener). */
  callbackUrl?: string;
  /** Where the contract is served: the server builds its URLs from it. */
  publicUrl?: string;
  workspaceId?: string;
  now?: () => number;
}

export type ChangeListener = (workspaceId: string, channel: ChannelWire) => void;

/**
 * The server half running in the page: the same rules, routes and validation as `channel-kit/server`,
 * over an in-memory store and the fake Meta. The demo's static build and the tests put it behind msw
 * or hand it requests directly.
 */
export class InPageServer {
  readonly meta: FakeMeta;
  readonly store = new MemoryStore();
  readonly workspaceId: string;
  readonly publicUrl: string;
  readonly callbackUrl: string;
  viewer: Viewer;
  private readonly listeners = new Set<ChangeListener>();
  private readonly handler: Promise<FetchHandler>;

  constructor(options: InPageServerOptions = {}) {
    const origin = globalThis.location?.origin ?? 'http://localhost';
    const consentUrl = options.consentUrl ?? `${origin}/fake-meta/consent.html`;
    this.workspaceId = options.workspaceId ?? 'demo';
    this.viewer = options.viewer ?? { product: 'caac', role: 'owner' };
    this.publicUrl = (options.publicUrl ?? `${origin}/api`).replace(/\/+$/, '');
    this.callbackUrl = options.callbackUrl ?? new URL('callback.html', consentUrl).href;
    this.meta = new FakeMeta({ world: options.world ?? { portfolios: [], accounts: [] }, consentUrl, now: options.now });
    const seed = (options.channels ?? []).map((wire) => toNewChannel(this.workspaceId, wire));
    this.handler = this.start(options, seed);
  }

  private async start(options: InPageServerOptions, seed: NewChannel[]): Promise<FetchHandler> {
    await this.store.importChannels(seed);
    return createChannelKitHandler({
      store: this.store,
      meta: this.meta,
      vault: await TokenVault.create([generateTokenKey('page')]),
      policy: options.policy,
      basePath: new URL(this.publicUrl).pathname,
      publicUrl: this.publicUrl,
      callbackUrl: this.callbackUrl,
      authenticate: (): Identity => ({ workspaceId: this.workspaceId, viewer: this.viewer }),
      log: () => {},
      now: options.now,
      onChange: (workspaceId, channel) => {
        for (const listener of this.listeners) listener(workspaceId, channel);
      },
    });
  }

  /** Answers one request of the REST contract, as `channel-kit/server` would. */
  async fetch(request: Request): Promise<Response> {
    return (await this.handler)(request);
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners of a change made behind the contract's back (tests, the demo's side panel). */
  notify(channel: ChannelWire): void {
    for (const listener of this.listeners) listener(this.workspaceId, channel);
  }
}

/** A channel of the contract as a stored row: read once through the contract's own schema. */
export function toNewChannel(workspaceId: string, wire: ChannelWire): NewChannel {
  const parsed = channelToWire(ChannelSchema.parse(wire));
  return {
    workspaceId,
    id: parsed.id,
    type: parsed.type,
    name: parsed.name,
    accountId: parsed.accountId,
    avatarUrl: parsed.avatarUrl ?? null,
    status: parsed.status,
    connectedAt: parsed.connectedAt ?? null,
    disconnectedAt: parsed.disconnectedAt ?? null,
    tokenExpiresAt: parsed.tokenExpiresAt ?? null,
    lastError: parsed.lastError ?? null,
    setupChecks: (parsed.setupChecks ?? []).map((c) => ({ ...c, applies: c.applies ?? true })),
    sealedToken: null,
  };
}

import { property } from 'lit/decorators/property.js';
import type { ChannelBackend } from '../../adapters/backend.js';
import { checkedBackend } from '../../adapters/checked-backend.js';
import type { Viewer } from '../../core/viewer.js';
import { DEV_MODE, expectBackend } from '../../core/dev-mode.js';
import { ViewerLookup } from '../../controllers/viewer-lookup.js';
import { permissionRefusal, type PermissionPolicy } from '../../permissions/policy.js';
import { ChannelKitBase } from './channel-kit-base.js';

/**
 * What every Channel Kit element that talks to a backend shares, beyond the locale and theme of
 * `ChannelKitBase`: its backend, viewer and permission policy, each either set on the element or
 * handed down by `<channel-kit-provider>`; set wins over provided.
 *
 * @fires channel-error - Any failure the element met (a load, asking who the viewer is, an action): `{ error }`, the `ChannelKitError` (kind, reason, status). The element shows it too, with Try again.
 */
export class ChannelKitElement extends ChannelKitBase {
  /** The backend adapter. Provided by `<channel-kit-provider>` when not set. */
  @property({ attribute: false }) backend?: ChannelBackend;
  /** Who is looking. When neither set nor provided, the element asks the backend. */
  @property({ attribute: false }) viewer?: Viewer | null;
  /** Replaces the default rule for who may manage channels. */
  @property({ attribute: false }) policy?: PermissionPolicy;
  private readonly lookup = new ViewerLookup(this);

  /** The backend (set, else provided), its every answer read before the element believes it. */
  get activeBackend(): ChannelBackend | undefined {
    const backend = this.backend ?? this.provided.backend;
    return backend && checkedBackend(backend);
  }

  get activeViewer(): Viewer | null {
    return this.viewer ?? this.provided.viewer ?? this.lookup.viewer;
  }

  /** Why the viewer is unknown, when asking the backend failed (here or in the provider). */
  get activeViewerError(): unknown {
    return this.activeViewer ? null : (this.provided.viewerError ?? this.lookup.error);
  }

  /** Asks for the viewer again (through the provider, when there is one). */
  retryViewer(): void {
    if (this.hasProvider) return this.provided.retryViewer?.();
    this.lookup.reset();
    this.askViewerIfAlone();
  }

  /** The one permission question, asked of the host's policy (or the product rule). */
  get canManage(): boolean {
    return this.permissionRefusal === null;
  }

  /**
   * Why the viewer may not manage, as the permission note's message: `unknownProduct` when the default
   * policy does not know the viewer's product, else `noPermission`; `null` when they may.
   */
  get permissionRefusal(): 'noPermission' | 'unknownProduct' | null {
    const refusal = permissionRefusal(this.activeViewer, this.policy ?? this.provided.policy);
    return refusal && (refusal === 'unknown_product' ? 'unknownProduct' : 'noPermission');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Back in a page, it asks afresh (the backend, or who is looking, may have changed meanwhile).
    this.lookup.reset();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    this.askViewerIfAlone();
    // Development builds: an element left without a backend says so, instead of waiting for ever.
    if (DEV_MODE) expectBackend(this);
  }

  /** Used alone (no provider, no viewer set), the element asks the backend once. */
  private askViewerIfAlone(): void {
    const backend = this.activeBackend;
    if (!this.isConnected || this.hasProvider || this.viewer || this.lookup.asked || !backend) return;
    this.lookup.ask(backend);
  }
}

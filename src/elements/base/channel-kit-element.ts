import { property } from 'lit/decorators/property.js';
import type { ChannelBackend } from '../../adapters/backend.js';
import { checkedBackend } from '../../adapters/checked-backend.js';
import type { Viewer } from '../../core/viewer.js';
import { DEV_MODE, expectBackend } from '../../core/dev-mode.js';
import { ViewerLookup } from '../../controllers/viewer-lookup.js';
import type { Channel } from '../../core/channel.js';
import { decide, requestFor, type PermissionAction, type PermissionDecision, type PermissionPolicy, type PermissionRequest } from '../../permissions/policy.js';
import { ChannelKitBase } from './channel-kit-base.js';

/** Policies that threw, each warned about once (development builds). */
const throwingPolicies = new WeakSet<PermissionPolicy>();

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

  /**
   * What the host's policy (or the product rule) answers for `action` on `channel` (or, connecting a
   * new channel, on a channel of `channelType`), for the viewer now. A policy that throws refuses
   * (and, in development builds, says so once in the console).
   */
  permissionFor(action: PermissionAction, channel?: Channel, channelType?: string): PermissionDecision {
    const policy = this.policy ?? this.provided.policy;
    const decision = decide(this.activeViewer, requestFor(action, channel, channelType), policy);
    if (DEV_MODE && !decision.allowed && decision.failure !== undefined && policy && !throwingPolicies.has(policy)) {
      throwingPolicies.add(policy);
      console.warn(`Channel Kit: the permission policy threw for '${action}'; what it decides is refused until it answers.`, decision.failure);
    }
    return decision;
  }

  /** What this element's own controls ask of the policy: for the list and the settings, connecting a channel. */
  protected get permissionRequest(): PermissionRequest {
    return { action: 'connect' };
  }

  /** Whether the policy allows this element's own action (see `permissionFor`). */
  get canManage(): boolean {
    const { action, channel, channelType } = this.permissionRequest;
    return this.permissionFor(action, channel, channelType).allowed;
  }

  /** What to show for a refusal: the policy's own reason, else the product rule's message, else a plain "not allowed". */
  protected refusalText(decision: PermissionDecision): string {
    if (decision.allowed) return '';
    const t = this.localize.t;
    return decision.reason ?? t[decision.refusal === 'unknown_product' ? 'unknownProduct' : decision.refusal === 'not_a_manager' ? 'noPermission' : 'notAllowed'];
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

import { ContextProvider } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators/property.js';
import type { ChannelBackend } from '../../adapters/backend.js';
import { checkedBackend } from '../../adapters/checked-backend.js';
import type { Viewer } from '../../core/viewer.js';
import { channelKitContext, ensureContextRoot, type Theme } from '../../context/channel-kit-context.js';
import { ViewerLookup } from '../../controllers/viewer-lookup.js';
import type { PermissionPolicy } from '../../permissions/policy.js';

/**
 * Hands the backend adapter, the viewer, the permission policy, the locale and the theme to every
 * Channel Kit element inside it. Without a `viewer`, it asks the backend once.
 *
 * @fires channel-error - Asking the backend who the viewer is failed: `{ error }`, the `ChannelKitError`.
 * @slot - The Channel Kit elements (and anything else).
 */
export class ChannelKitProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  @property({ attribute: false }) backend?: ChannelBackend;
  @property({ attribute: false }) viewer?: Viewer;
  @property({ attribute: false }) policy?: PermissionPolicy;
  /** `en`, `zh-TW`, `th` or `ja` for every element inside (each may still set its own). */
  @property() locale?: string;
  /** `light` or `dark`. */
  @property({ reflect: true }) theme?: Theme;

  private readonly lookup = new ViewerLookup(this);
  private readonly provider = new ContextProvider(this, { context: channelKitContext, initialValue: {} });

  constructor() {
    super();
    ensureContextRoot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('backend') || changed.has('viewer')) this.askViewer();
    this.provider.setValue({
      backend: this.backend,
      viewer: this.viewer ?? this.lookup.viewer,
      viewerError: this.viewer ? null : this.lookup.error,
      retryViewer: () => this.askViewer(),
      policy: this.policy,
      locale: this.locale,
      theme: this.theme,
    });
  }

  private askViewer(): void {
    if (this.viewer || !this.backend) this.lookup.cancel();
    // Read as every element reads its backend's answers: a viewer that cannot be read is an error.
    else this.lookup.ask(checkedBackend(this.backend));
  }

  override render() {
    return html`<slot></slot>`;
  }
}

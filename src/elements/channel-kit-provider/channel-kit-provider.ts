import { ContextProvider } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChannelBackend } from '../../adapters/backend.js';
import type { Viewer } from '../../core/viewer.js';
import { channelKitContext, ensureContextRoot, type Theme } from '../../context/channel-kit-context.js';
import type { PermissionPolicy } from '../../permissions/policy.js';

/**
 * Hands the backend adapter, the viewer, the permission policy, the locale and the theme to every
 * Channel Kit element inside it. Without a `viewer`, it asks the backend once.
 *
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

  @state() private askedViewer: Viewer | null = null;
  @state() private viewerError: unknown = null;
  private viewerRequest?: AbortController;
  private readonly provider = new ContextProvider(this, { context: channelKitContext, initialValue: {} });

  constructor() {
    super();
    ensureContextRoot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.viewerRequest?.abort();
    this.viewerRequest = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('backend') || changed.has('viewer')) this.askViewer();
    this.provider.setValue({
      backend: this.backend,
      viewer: this.viewer ?? this.askedViewer,
      viewerError: this.viewerError,
      retryViewer: () => this.askViewer(),
      policy: this.policy,
      locale: this.locale,
      theme: this.theme,
    });
  }

  private askViewer(): void {
    this.viewerRequest?.abort();
    this.viewerRequest = undefined;
    this.viewerError = null;
    if (this.viewer || !this.backend) return;
    const request = (this.viewerRequest = new AbortController());
    this.backend.getViewer(request.signal).then(
      (viewer) => {
        if (this.viewerRequest === request) this.askedViewer = viewer;
      },
      (error: unknown) => {
        // Without a viewer nothing may be managed: the elements keep their controls disabled and say why.
        if (this.viewerRequest === request) this.viewerError = error;
      },
    );
  }

  override render() {
    return html`<slot></slot>`;
  }
}

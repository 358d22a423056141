import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChannelBackend } from '../../adapters/backend.js';
import type { Viewer } from '../../core/viewer.js';
import { channelKitContext, ensureContextRoot, type ChannelKitConfig, type Theme } from '../../context/channel-kit-context.js';
import { DEV_MODE, expectBackend } from '../../core/dev-mode.js';
import { ViewerLookup } from '../../controllers/viewer-lookup.js';
import { LocalizeController } from '../../i18n/localize-controller.js';
import { canManageChannels, type PermissionPolicy } from '../../permissions/policy.js';

/**
 * What every Channel Kit element shares: its backend, viewer, permission policy, locale and theme,
 * each either set on the element or handed down by `<channel-kit-provider>`; set wins over provided.
 *
 * @cssprop --ck-color-text - Text colour (all elements).
 * @cssprop --ck-color-text-muted - Secondary text: hints, dates, counts (all elements).
 * @cssprop --ck-color-surface - Background (all elements).
 * @cssprop --ck-color-surface-raised - Header row, notices, banner, hovered menu items (all elements).
 * @cssprop --ck-color-border - Borders and dividers (all elements).
 * @cssprop --ck-color-accent - Primary buttons, links, the selected option (all elements).
 * @cssprop --ck-color-accent-text - Text on the accent colour (all elements).
 * @cssprop --ck-color-danger - Danger buttons, error text and borders (all elements).
 * @cssprop --ck-color-danger-text - Text on the danger colour (all elements).
 * @cssprop --ck-color-focus - The focus ring (all elements).
 * @cssprop --ck-radius - Corner radius; dialogs use 1.5× (all elements).
 * @cssprop --ck-space - The spacing unit everything is a multiple of (all elements).
 * @cssprop --ck-font-family - Font (all elements).
 */
export class ChannelKitElement extends LitElement {
  /** The backend adapter. Provided by `<channel-kit-provider>` when not set. */
  @property({ attribute: false }) backend?: ChannelBackend;
  /** Who is looking. When neither set nor provided, the element asks the backend. */
  @property({ attribute: false }) viewer?: Viewer | null;
  /** Replaces the default rule for who may manage channels. */
  @property({ attribute: false }) policy?: PermissionPolicy;
  /** `en`, `zh-TW`, `th` or `ja`; else the provider's, else the nearest `lang`. */
  @property() locale?: string;
  /** `light` or `dark`. */
  @property({ reflect: true }) theme?: Theme;

  @state() protected provided: ChannelKitConfig = {};
  private hasProvider = false;
  private readonly lookup = new ViewerLookup(this);

  protected readonly localize = new LocalizeController(this, () => this.locale ?? this.provided.locale);

  constructor() {
    super();
    ensureContextRoot();
    new ContextConsumer(this, {
      context: channelKitContext,
      subscribe: true,
      callback: (config) => {
        this.hasProvider = true;
        this.provided = config ?? {};
      },
    });
  }

  get activeBackend(): ChannelBackend | undefined {
    return this.backend ?? this.provided.backend;
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

  get activeTheme(): Theme {
    return this.theme ?? this.provided.theme ?? 'light';
  }

  /** The one permission question, asked of the host's policy (or the product rule). */
  get canManage(): boolean {
    return canManageChannels(this.activeViewer, this.policy ?? this.provided.policy);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Back in a page, it asks afresh (the backend, or who is looking, may have changed meanwhile).
    this.lookup.reset();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    // The provider's theme reaches the styles through this attribute; the element's own wins.
    if (this.dataset.ckTheme !== this.activeTheme) this.dataset.ckTheme = this.activeTheme;
    this.askViewerIfAlone();
    // Development builds: an element left without a backend says so, instead of waiting for ever.
    if (DEV_MODE) expectBackend(this);
  }

  /** Used alone (no provider, no viewer set), the element asks the backend once. */
  private askViewerIfAlone(): void {
    const backend = this.activeBackend;
    if (this.hasProvider || this.viewer || this.lookup.asked || !backend) return;
    this.lookup.ask(backend);
  }
}

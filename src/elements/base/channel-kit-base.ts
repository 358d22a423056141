import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import { property } from 'lit/decorators/property.js';
import { state } from 'lit/decorators/state.js';
import { channelKitContext, ensureContextRoot, type ChannelKitConfig, type Theme } from '../../context/channel-kit-context.js';
import { LocalizeController } from '../../i18n/localize-controller.js';

/**
 * What every Channel Kit element shares, the status badge included: its locale and theme, each either
 * set on the element or handed down by `<channel-kit-provider>` (set wins over provided), and the tokens.
 *
 * @cssprop --ck-color-text - Text (all elements).
 * @cssprop --ck-color-text-muted - Secondary text, field labels, type icons (all elements).
 * @cssprop --ck-color-surface - Background of the list, the page, dialogs, buttons (all elements).
 * @cssprop --ck-color-surface-raised - Header row, notices, banner, hovered menu items, waiting messages (all elements).
 * @cssprop --ck-color-border - Borders and dividers (all elements).
 * @cssprop --ck-color-accent - Primary buttons, links, the selected option, current step, native radios and checkboxes (`accent-color`) (all elements).
 * @cssprop --ck-color-accent-text - Text on the accent colour (all elements).
 * @cssprop --ck-color-danger - Danger buttons (Disconnect, Stop), error text and borders (all elements).
 * @cssprop --ck-color-danger-text - Text on the danger colour (all elements).
 * @cssprop --ck-color-focus - The focus ring (2px outline) (all elements).
 * @cssprop --ck-radius - Corner radius (dialogs use 1.5×) (all elements).
 * @cssprop --ck-space - The spacing unit everything is a multiple of (all elements).
 * @cssprop --ck-font-family - Font (all elements).
 */
export class ChannelKitBase extends LitElement {
  /** `en`, `zh-TW`, `th` or `ja`; else the provider's, else the nearest `lang`. */
  @property() locale?: string;
  /** `light` or `dark`. */
  @property({ reflect: true }) theme?: Theme;

  @state() protected provided: ChannelKitConfig = {};
  /** Whether a `<channel-kit-provider>` above hands this element its configuration. */
  protected hasProvider = false;

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

  get activeTheme(): Theme {
    return this.theme ?? this.provided.theme ?? 'light';
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    // The provider's theme reaches the styles through this attribute; the element's own wins.
    if (this.dataset.ckTheme !== this.activeTheme) this.dataset.ckTheme = this.activeTheme;
  }
}

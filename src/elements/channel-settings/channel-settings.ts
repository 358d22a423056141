/* eslint-disable lit/binding-positions, lit/no-invalid-html -- lit/static-html tags: the inner elements carry this element's prefix */
import { ContextProvider } from '@lit/context';
import { css, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators/property.js';
import { state } from 'lit/decorators/state.js';
import { html, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import type { Channel } from '../../core/channel.js';
import { DEFAULT_EXPIRY_WINDOW_DAYS, needsReauthorization, statusView } from '../../core/channel-status.js';
import { channelKitContext } from '../../context/channel-kit-context.js';
import {
  ChannelAddRequestEvent,
  type ChannelActionEvent,
  type ChannelConnectedEvent,
  type ChannelDialogCloseEvent,
  type ChannelDisconnectedEvent,
  type ChannelListChangeEvent,
  type ChannelReauthorizedEvent,
} from '../../events/channel-events.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { DEFAULT_GUIDE_LINKS, type GuideLinks } from '../add-channel-wizard/guide-links.js';
import { whenIdle } from '../../core/when-idle.js';
import { ChannelKitError } from '../../core/errors.js';
import { DEFAULT_TROUBLESHOOTING_URL, errorPanel } from '../base/error-panel.js';
import { ChannelKitElement } from '../base/channel-kit-element.js';
import { registryOf } from '../define-element.js';
import { LAZY_TAGS, defineLazy, type LazyTag } from '../lazy-elements.js';
import type { ChannelList } from '../channel-list/channel-list.js';
import type { AddChannelWizard } from '../add-channel-wizard/add-channel-wizard.js';
import type { DisconnectDialog } from '../disconnect-dialog/disconnect-dialog.js';
import type { ReauthorizeDialog } from '../reauthorize-dialog/reauthorize-dialog.js';

/** The inner elements under the same prefix as this one (`acme-channel-settings` → `acme-channel-list`). */
function innerTags(localName: string) {
  const prefix = localName.slice(0, localName.length - 'channel-settings'.length);
  const tag = (name: string): StaticValue => unsafeStatic(`${prefix}${name}`);
  return {
    prefix,
    list: tag('channel-list'),
    disconnect: tag('disconnect-dialog'),
    wizard: tag('add-channel-wizard'),
    reauthorize: tag('reauthorize-dialog'),
  };
}

interface InnerDialogs {
  'add-channel-wizard': AddChannelWizard;
  'disconnect-dialog': DisconnectDialog;
  'reauthorize-dialog': ReauthorizeDialog;
}

// The inner elements' parts, exposed on this element. A name two of them (or this element) use is
// prefixed: the list's `header` and `error`, each dialog's `dialog` and `error`.
const LIST_PARTS = 'toolbar, table, header: list-header, row, edit-button, menu, menu-reason, badge, icon, label, empty, error: list-error, permission-note';
const WIZARD_PARTS = 'dialog: wizard-dialog, steps, error: wizard-error, setup, snippet';
const DISCONNECT_PARTS = 'dialog: disconnect-dialog, consequences, confirm-button, cancel-button, error: disconnect-error';
const REAUTHORIZE_PARTS = 'dialog: reauthorize-dialog, error: reauthorize-error';

/**
 * The whole "Channel Settings" page in one tag: the title, "Add Channel" (the wizard), a banner when
 * channels need reauthorization, the channel list, and the dialogs its Edit menus open. It hands its
 * backend, viewer, policy, locale and theme to them.
 *
 * Every event of the elements inside that bubbles reaches the host from here, so one listener on
 * `<channel-settings>` (or any ancestor) hears them all; `channel-list-change` does not bubble (listen
 * on `settings.list`).
 *
 * @fires channel-add-request - "Add Channel" was pressed, in the header or the empty list (cancelable: `preventDefault()` keeps the wizard closed).
 * @fires channel-action - A row's Edit menu item was chosen: `{ action, channel }`. The matching dialog opens, unless a host calls `preventDefault()` (cancelable).
 * @fires channel-connected - A channel was connected in the wizard (or a Webchat created): `{ channel }`.
 * @fires channel-connect-error - A step of connecting failed in the wizard: `{ error }`.
 * @fires channel-disconnect-request - Before the disconnect call; cancelable: `preventDefault()` stops it. `{ channel }`.
 * @fires channel-disconnected - A channel was disconnected (from the list's Edit menu): `{ channel }`.
 * @fires channel-reauthorized - A channel's token was refreshed, or the channel reconnected: `{ channel }`.
 * @fires channel-dialog-close-request - A person asked a dialog to close (its ✕, Cancel, Escape): `{ source }`. Cancelable: `preventDefault()` keeps it open.
 * @fires channel-dialog-close - The wizard or a dialog closed: `{ completed, channel }`.
 * @cssprop --ck-title-font-size - The page title's font size.
 * @csspart banner - The "N channels need reauthorization" banner.
 * @csspart header - The title row.
 * @csspart title - The page title.
 * @csspart add-button - The "Add Channel" button.
 * @csspart list - The `<channel-list>` inside.
 * @csspart toolbar - The list's search, filter and sort controls.
 * @csspart table - The list's table of channels.
 * @csspart list-header - The list's header row (its `header` part).
 * @csspart row - Each channel's row.
 * @csspart edit-button - Each row's Edit button.
 * @csspart menu - The open Edit menu.
 * @csspart menu-reason - Under an Edit menu action the permission policy refuses: its reason.
 * @csspart badge - Each status badge in the list (with `icon` and `label`).
 * @csspart icon - A list badge's status icon.
 * @csspart label - A list badge's status text.
 * @csspart empty - The list's empty state.
 * @csspart list-error - The list's error message with Retry (its `error` part).
 * @csspart permission-note - The reason management controls are disabled.
 * @csspart wizard-dialog - The Add Channel wizard's native dialog (its `dialog` part).
 * @csspart steps - The wizard's step indicator.
 * @csspart wizard-error - A failed wizard step's message, Troubleshooting link, support id and Try again (its `error` part).
 * @csspart setup - The wizard's after-connect setup checklist.
 * @csspart snippet - The wizard's Webchat install snippet.
 * @csspart disconnect-dialog - The disconnect dialog's native dialog (its `dialog` part).
 * @csspart consequences - The disconnect dialog's list of what disconnecting means.
 * @csspart confirm-button - The disconnect dialog's Disconnect (or Try again) button.
 * @csspart cancel-button - The disconnect dialog's Cancel button.
 * @csspart disconnect-error - The disconnect dialog's error message (its `error` part).
 * @csspart reauthorize-dialog - The reauthorize dialog's native dialog (its `dialog` part).
 * @csspart reauthorize-error - The reauthorize dialog's error, Troubleshooting link, support id and Try again (its `error` part).
 */
export class ChannelSettings extends ChannelKitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        background: var(--_bg);
      }
      .header,
      .banner {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space);
        align-items: center;
        justify-content: space-between;
      }
      .header {
        margin-block-end: calc(var(--_space) * 2);
      }
      h2 {
        margin: 0;
        font-size: var(--ck-title-font-size, 1.375rem);
      }
      .banner {
        margin-block-end: calc(var(--_space) * 1.5);
        padding: var(--_space) calc(var(--_space) * 1.5);
        border-radius: var(--_radius);
        border-inline-start: 4px solid var(--ck-status-warning, #8a4b00);
        background: var(--_bg-raised);
      }
      .banner p {
        margin: 0;
      }
    `,
  ];

  /** How many days before expiry a token shows as "Expires in N days". */
  @property({ type: Number, attribute: 'expiry-window-days' }) expiryWindowDays = DEFAULT_EXPIRY_WINDOW_DAYS;
  /** Which types "Add Channel" offers, space- or comma-separated. LINE is never offered. */
  @property({ attribute: 'channel-types' }) channelTypes = 'facebook instagram whatsapp webchat';
  /** Where the dialogs' "Troubleshooting" links go (the error's reason is added as the fragment). */
  @property({ attribute: 'troubleshooting-url' }) troubleshootingUrl = DEFAULT_TROUBLESHOOTING_URL;
  /** How long the dialogs wait for the Meta window, in ms. */
  @property({ type: Number, attribute: 'authorization-timeout' }) authorizationTimeout = 10 * 60_000;
  /** Links to Meta's guides in the wizard's prerequisites. */
  @property({ attribute: false }) guideLinks: GuideLinks = DEFAULT_GUIDE_LINKS;

  /** Channels whose token has expired or expires within the window, most urgent first. */
  @state() private needingReauthorization: Channel[] = [];

  private readonly tags = innerTags(this.localName);
  // The page's own elements get what it was given, or what its provider gave it.
  private readonly provider = new ContextProvider(this, { context: channelKitContext, initialValue: {} });

  get list(): ChannelList | null {
    return this.renderRoot.querySelector('.list');
  }

  /** Why a dialog's module could not be loaded (offline), with Try again. */
  @state() private loadError: unknown = null;
  private cancelPreload?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    // The wizard and the dialogs load while the page is idle, so a first click never waits for them.
    this.cancelPreload = whenIdle(() => {
      for (const tag of LAZY_TAGS) this.loadDialog(tag).catch(() => {});
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelPreload?.();
  }

  private loadDialog(tag: LazyTag): Promise<void> {
    return defineLazy(tag, `${this.tags.prefix}${tag}`, registryOf(this));
  }

  /**
   * Hands the dialog `tag` to `use`: in the same task when its module is here (a click opens it at
   * once), else once it has loaded; a load that fails says so, with Try again.
   */
  private withDialog<K extends LazyTag>(tag: K, use: (dialog: InnerDialogs[K]) => void): void {
    const dialog = () => this.renderRoot.querySelector<InnerDialogs[K]>(`.${tag}`);
    this.loadError = null;
    if (registryOf(this).get(`${this.tags.prefix}${tag}`)) {
      const ready = dialog();
      if (ready) use(ready);
      return;
    }
    this.loadDialog(tag).then(
      () => this.updateComplete.then(() => {
        const ready = dialog();
        if (ready) use(ready);
      }),
      (error: unknown) => {
        this.loadError = new ChannelKitError('network', 'A part of Channel Kit could not be loaded.', { cause: error });
        this.retryLoad = () => this.withDialog(tag, use);
      },
    );
  }

  private retryLoad = (): void => {};

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.provider.setValue({
      backend: this.activeBackend,
      viewer: this.activeViewer,
      viewerError: this.activeViewerError,
      retryViewer: () => this.retryViewer(),
      policy: this.policy ?? this.provided.policy,
      locale: this.locale ?? this.provided.locale,
      theme: this.activeTheme,
    });
  }

  /** Opens the wizard, unless the host cancels the request (to use its own flow). */
  private onAdd(): void {
    if (!this.canManage) return;
    const request = new ChannelAddRequestEvent();
    if (this.dispatchEvent(request)) this.withDialog('add-channel-wizard', (wizard) => wizard.show());
  }

  private onAction(event: ChannelActionEvent): void {
    // Heard here, inside, before the host's listeners above: the dialog opens once the event has
    // reached them all (still in this task), unless one of them refused the action.
    queueMicrotask(() => {
      if (!event.defaultPrevented) this.openDialogFor(event);
    });
  }

  private openDialogFor(event: ChannelActionEvent): void {
    const { channel } = event;
    if (event.action === 'disconnect') this.withDialog('disconnect-dialog', (dialog) => dialog.show(channel));
    else if (event.action === 'setup') this.withDialog('add-channel-wizard', (wizard) => wizard.showSetup(channel));
    else this.withDialog('reauthorize-dialog', (dialog) => dialog.show(channel));
  }

  private onChannelChanged(event: ChannelDisconnectedEvent | ChannelConnectedEvent | ChannelReauthorizedEvent): void {
    this.list?.upsert(event.channel);
  }

  private onListChange(event: ChannelListChangeEvent): void {
    const now = Date.now();
    const urgency = (channel: Channel) => (statusView(channel, now, this.expiryWindowDays).status === 'token_expired' ? 0 : 1);
    this.needingReauthorization = event.channels
      .filter((channel) => needsReauthorization(channel, now, this.expiryWindowDays))
      .sort((a, b) => urgency(a) - urgency(b));
  }

  private onDialogClose(event: ChannelDialogCloseEvent): void {
    if (event.channel) void this.list?.focusRow(event.channel.id);
  }

  override render() {
    const t = this.localize.t;
    return html`
      <div part="header" class="header">
        <h2 part="title">${t.channelSettings}</h2>
        <button
          part="add-button"
          class="button primary"
          aria-disabled=${this.canManage ? 'false' : 'true'}
          title=${this.canManage || !this.activeViewer ? nothing : this.refusalText(this.permissionFor('connect'))}
          @click=${this.onAdd}
        >
          ${t.addChannel}
        </button>
      </div>
      ${this.loadError ? errorPanel(t, this.loadError, this.troubleshootingUrl, () => this.retryLoad()) : nothing}
      ${this.renderBanner()}
      <${this.tags.list}
        part="list"
        exportparts=${LIST_PARTS}
        class="list"
        expiry-window-days=${this.expiryWindowDays}
        @channel-action=${this.onAction}
        @channel-add-request=${(e: Event) => {
          e.stopPropagation();
          this.onAdd();
        }}
        @channel-list-change=${this.onListChange}
      ></${this.tags.list}>
      <${this.tags.disconnect}
        class="disconnect-dialog"
        exportparts=${DISCONNECT_PARTS}
        @channel-disconnected=${this.onChannelChanged}
        @channel-dialog-close=${this.onDialogClose}
      ></${this.tags.disconnect}>
      <${this.tags.reauthorize}
        class="reauthorize-dialog"
        exportparts=${REAUTHORIZE_PARTS}
        expiry-window-days=${this.expiryWindowDays}
        troubleshooting-url=${this.troubleshootingUrl}
        authorization-timeout=${this.authorizationTimeout}
        @channel-reauthorized=${this.onChannelChanged}
        @channel-dialog-close=${this.onDialogClose}
      ></${this.tags.reauthorize}>
      <${this.tags.wizard}
        class="add-channel-wizard"
        exportparts=${WIZARD_PARTS}
        channel-types=${this.channelTypes}
        troubleshooting-url=${this.troubleshootingUrl}
        authorization-timeout=${this.authorizationTimeout}
        .guideLinks=${this.guideLinks}
        @channel-connected=${this.onChannelChanged}
        @channel-dialog-close=${this.onWizardClose}
      ></${this.tags.wizard}>
    `;
  }

  private onWizardClose(event: ChannelDialogCloseEvent): void {
    if (event.completed && event.channel) void this.list?.focusRow(event.channel.id);
    else this.renderRoot.querySelector<HTMLElement>('[part="add-button"]')?.focus();
  }

  private renderBanner() {
    // The channels this viewer may reauthorize: the banner is an offer to do it.
    const channels = this.needingReauthorization.filter((channel) => this.permissionFor('reauthorize', channel).allowed);
    const count = channels.length;
    if (count === 0) return nothing;
    const t = this.localize.t;
    return html`<div part="banner" class="banner" role="region" aria-label=${t.bannerNeedsReauth(count)}>
      <p>${t.bannerNeedsReauth(count)}</p>
      <button class="button" @click=${() => this.withDialog('reauthorize-dialog', (dialog) => dialog.show(channels[0]))}>${t.reauthorize}</button>
    </div>`;
  }
}

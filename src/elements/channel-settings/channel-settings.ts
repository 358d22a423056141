/* eslint-disable lit/binding-positions, lit/no-invalid-html -- lit/static-html tags: the inner elements carry this element's prefix */
import { ContextProvider } from '@lit/context';
import { css, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { html, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import { DEFAULT_EXPIRY_WINDOW_DAYS } from '../../core/channel-status.js';
import { channelKitContext } from '../../context/channel-kit-context.js';
import { ChannelAddRequestEvent, type ChannelActionEvent, type ChannelDialogCloseEvent, type ChannelDisconnectedEvent } from '../../events/channel-events.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { ChannelKitElement } from '../base/channel-kit-element.js';
import type { ChannelList } from '../channel-list/channel-list.js';
import type { DisconnectDialog } from '../disconnect-dialog/disconnect-dialog.js';

/** The inner elements under the same prefix as this one (`acme-channel-settings` → `acme-channel-list`). */
function innerTags(localName: string) {
  const prefix = localName.slice(0, localName.length - 'channel-settings'.length);
  const tag = (name: string): StaticValue => unsafeStatic(`${prefix}${name}`);
  return { list: tag('channel-list'), disconnect: tag('disconnect-dialog') };
}

/**
 * The whole "Channel Settings" page in one tag: the title, "Add Channel", the channel list and the
 * dialogs its Edit menus open. It hands its backend, viewer, policy, locale and theme to them.
 *
 * @fires channel-add-request - "Add Channel" was pressed.
 * @fires channel-disconnected - A channel was disconnected (from the list's Edit menu).
 * @csspart header - The title row.
 * @csspart title - The page title.
 * @csspart add-button - The "Add Channel" button.
 * @csspart list - The `<channel-list>` inside.
 */
export class ChannelSettings extends ChannelKitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        background: var(--_bg);
      }
      .header {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space);
        align-items: center;
        justify-content: space-between;
        margin-block-end: calc(var(--_space) * 2);
      }
      h2 {
        margin: 0;
        font-size: var(--ck-title-font-size, 1.375rem);
      }
    `,
  ];

  /** How many days before expiry a token shows as "Expires in N days". */
  @property({ type: Number, attribute: 'expiry-window-days' }) expiryWindowDays = DEFAULT_EXPIRY_WINDOW_DAYS;

  private readonly tags = innerTags(this.localName);
  // The page's own elements get what it was given, or what its provider gave it.
  private readonly provider = new ContextProvider(this, { context: channelKitContext, initialValue: {} });

  get list(): ChannelList | null {
    return this.renderRoot.querySelector('.list');
  }

  private get disconnectDialog(): DisconnectDialog | null {
    return this.renderRoot.querySelector('.disconnect');
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.provider.setValue({
      backend: this.activeBackend,
      viewer: this.activeViewer,
      policy: this.policy ?? this.provided.policy,
      locale: this.locale ?? this.provided.locale,
      theme: this.activeTheme,
    });
  }

  private onAdd(): void {
    if (this.canManage) this.dispatchEvent(new ChannelAddRequestEvent());
  }

  private onAction(event: ChannelActionEvent): void {
    if (event.action === 'disconnect') this.disconnectDialog?.show(event.channel);
  }

  private onDisconnected(event: ChannelDisconnectedEvent): void {
    this.list?.upsert(event.channel);
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
          title=${this.canManage || !this.activeViewer ? nothing : t.noPermission}
          @click=${this.onAdd}
        >
          ${t.addChannel}
        </button>
      </div>
      <${this.tags.list}
        part="list"
        class="list"
        expiry-window-days=${this.expiryWindowDays}
        @channel-action=${this.onAction}
      ></${this.tags.list}>
      <${this.tags.disconnect}
        class="disconnect"
        @channel-disconnected=${this.onDisconnected}
        @channel-dialog-close=${this.onDialogClose}
      ></${this.tags.disconnect}>
    `;
  }
}

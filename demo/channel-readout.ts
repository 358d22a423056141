import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChannelBackend } from '../src/adapters/backend.js';
import type { Channel } from '../src/core/channel.js';
import type { Viewer } from '../src/core/viewer.js';
import { describeError } from '../src/i18n/error-message.js';
import { LocalizeController } from '../src/i18n/localize-controller.js';
import { canManageChannels } from '../src/permissions/policy.js';

/**
 * A plain read-out of what the adapter returns, shown until the Channel Kit elements take the stage:
 * it proves the wiring (msw → REST contract → adapter → zod → localized text).
 */
@customElement('demo-channel-readout')
export class DemoChannelReadout extends LitElement {
  static override styles = css`
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: start;
      padding: 0.4rem 0.6rem;
      border-block-end: 1px solid var(--demo-border, #ccc);
    }
    [role='alert'] {
      color: #a4262c;
    }
  `;

  @property({ attribute: false }) backend!: ChannelBackend;
  @property() locale = 'en';
  @state() private channels: Channel[] = [];
  @state() private viewer: Viewer | null = null;
  @state() private error: unknown = null;
  @state() private loading = true;
  private readonly localize = new LocalizeController(this);

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    this.loading = true;
    this.error = null;
    try {
      this.viewer = await this.backend.getViewer();
      this.channels = (await this.backend.listChannels({ limit: 200 })).channels;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  private statusText(channel: Channel): string {
    const t = this.localize.t;
    const labels: Record<Channel['status'], string> = {
      connected: t.statusConnected,
      expiring: t.statusConnected,
      token_expired: t.statusTokenExpired,
      setup_incomplete: t.statusSetupIncomplete,
      disconnected: t.statusDisconnected,
      connecting: t.statusConnecting,
      unknown: t.statusUnknown,
    };
    return labels[channel.status];
  }

  override render() {
    const t = this.localize.t;
    if (this.loading) return html`<p>${t.loading}</p>`;
    if (this.error) {
      return html`<p role="alert">${describeError(t, this.error).message}</p>
        <button @click=${this.load}>${t.retry}</button>`;
    }
    return html`
      <h2>${t.channelSettings}</h2>
      <p>
        ${this.viewer?.product.toUpperCase()} · ${this.viewer?.role} ·
        ${canManageChannels(this.viewer) ? 'may manage channels' : t.noPermission}
      </p>
      ${this.channels.length === 0
        ? html`<p>${t.emptyTitle}</p>`
        : html`<table>
            <thead>
              <tr><th>${t.columnChannel}</th><th>${t.columnAccountId}</th><th>${t.columnStatus}</th></tr>
            </thead>
            <tbody>
              ${this.channels.map(
                (c) => html`<tr><td>${c.name} (${c.rawType})</td><td>${c.accountId}</td><td>${this.statusText(c)}</td></tr>`,
              )}
            </tbody>
          </table>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-channel-readout': DemoChannelReadout;
  }
}

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { KNOWN_ROLES, PRODUCTS } from '../src/core/viewer.js';
import { SUPPORTED_LOCALES } from '../src/i18n/locales.js';
import { OPERATION_IDS } from '../src/core/operations.js';
import { SCENARIOS } from '../src/mocks/scenarios.js';
import { LATENCIES, THEMES, type DemoSettings } from './settings.js';

const FAILURE_KINDS = ['network', 'timeout', '500', '403', '404', '409', '429', 'notjson', 'invalid', 'meta190', 'meta10', 'meta4', 'meta368'];
/** The operations this page calls (`createEmbeddedSession` is server to server). */
const PAGE_OPERATIONS = OPERATION_IDS.filter((op) => op !== 'createEmbeddedSession');
const LOCALE_NAMES: Record<string, string> = { en: 'English', 'zh-TW': '繁體中文', th: 'ไทย', ja: '日本語' };

export class DemoSettingsChangeEvent extends Event {
  constructor(readonly settings: DemoSettings) {
    super('demo-settings-change', { bubbles: true, composed: true });
  }
}

/** The side panel: every setting the URL can carry, plus any warning about what it could not read. */
@customElement('demo-controls')
export class DemoControls extends LitElement {
  static override styles = css`
    :host {
      display: block;
      background: var(--demo-panel);
      border: 1px solid var(--demo-border);
      border-radius: 8px;
      padding: 1rem;
    }
    h2 {
      font-size: 1rem;
      margin: 0 0 0.75rem;
    }
    label {
      display: grid;
      gap: 0.25rem;
      margin-block-end: 0.75rem;
      font-size: 0.875rem;
      font-weight: 600;
    }
    select {
      font: inherit;
      font-weight: 400;
      padding: 0.35rem;
    }
    .warning {
      color: #a4262c;
      font-size: 0.875rem;
    }
    .hint {
      font-size: 0.8rem;
      opacity: 0.8;
    }
  `;

  @property({ attribute: false }) settings!: DemoSettings;
  @property({ attribute: false }) warnings: string[] = [];

  private change(key: keyof DemoSettings, value: string) {
    const next = { ...this.settings, [key]: key === 'latency' ? Number(value) : value } as DemoSettings;
    this.dispatchEvent(new DemoSettingsChangeEvent(next));
  }

  private changeFailure(op: string, kind: string) {
    this.change('fail', kind === 'none' ? '' : op === '*' ? kind : `${op}:${kind}`);
  }

  private select(key: keyof DemoSettings, label: string, options: readonly (string | number)[], names?: Record<string, string>) {
    const current = String(this.settings[key]);
    return html`<label
      >${label}
      <select @change=${(e: Event) => this.change(key, (e.target as HTMLSelectElement).value)}>
        ${options.map((o) => html`<option value=${o} ?selected=${String(o) === current}>${names?.[o] ?? o}</option>`)}
      </select></label
    >`;
  }

  override render() {
    if (!this.settings) return html``;
    const [failOp, failKind] = this.settings.fail.includes(':') ? this.settings.fail.split(':') : ['*', this.settings.fail || 'none'];
    return html`
      <h2>Setup</h2>
      ${this.select('product', 'Product', PRODUCTS, { caac: 'CAAC (inbox)', maac: 'MAAC (marketing)' })}
      ${this.select('role', 'Role', KNOWN_ROLES)}
      <p class="hint">MAAC's Viewer meets this host's own policy, per action and per channel (demo/demo-policy.ts).</p>
      ${this.select('locale', 'Locale', SUPPORTED_LOCALES, LOCALE_NAMES)}
      ${this.select('theme', 'Theme', THEMES)}
      ${this.select('scenario', 'Scenario', SCENARIOS)}
      ${this.select('latency', 'Latency (ms)', [...new Set([...LATENCIES, this.settings.latency])].sort((a, b) => a - b))}
      <label
        >Fail operation
        <select @change=${(e: Event) => this.changeFailure((e.target as HTMLSelectElement).value, failKind ?? 'none')}>
          ${['*', ...PAGE_OPERATIONS].map((op) => html`<option value=${op} ?selected=${op === failOp}>${op === '*' ? 'every operation' : op}</option>`)}
        </select></label
      >
      <label
        >Fail with
        <select @change=${(e: Event) => this.changeFailure(failOp ?? '*', (e.target as HTMLSelectElement).value)}>
          ${['none', ...FAILURE_KINDS].map((k) => html`<option value=${k} ?selected=${k === failKind}>${k}</option>`)}
        </select></label
      >
      <p class="hint">Every setting is in the page's address: copy it to share this setup.</p>
      ${this.warnings.map((w) => html`<p class="warning" role="alert">${w}</p>`)}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-controls': DemoControls;
  }
}

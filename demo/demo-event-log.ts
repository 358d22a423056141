import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';

const EVENTS = [
  'channel-action',
  'channel-add-request',
  'channel-connected',
  'channel-connect-error',
  'channel-disconnect-request',
  'channel-disconnected',
  'channel-reauthorized',
  'channel-dialog-close',
];

interface Entry {
  at: string;
  type: string;
  detail: string;
}

/** Shows the events the elements fire, newest first, as a host's listener would receive them. */
@customElement('demo-event-log')
export class DemoEventLog extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    h2 {
      font-size: 1rem;
      margin: 0 0 0.5rem;
    }
    .log {
      max-block-size: 14rem;
      overflow: auto;
    }
    ol {
      margin: 0;
      padding: 0;
      list-style: none;
      font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
      font-size: 0.8125rem;
    }
    li {
      padding: 0.2rem 0;
      border-block-end: 1px solid var(--demo-border, #ddd);
    }
    .empty {
      opacity: 0.75;
    }
  `;

  @state() private entries: Entry[] = [];

  /** Starts listening on `target` (events bubble and cross shadow roots, so one place hears all). */
  watch(target: EventTarget): void {
    for (const type of EVENTS) {
      target.addEventListener(type, (event) => this.add(type, event));
    }
  }

  private add(type: string, event: Event): void {
    const { channel, action, completed, error } = event as Event & { channel?: { name: string; status: string }; action?: string; completed?: boolean; error?: { message?: string } };
    const parts = [
      action && `action=${action}`,
      channel && `channel="${channel.name}" status=${channel.status}`,
      completed !== undefined && `completed=${completed}`,
      error && `error="${error.message ?? String(error)}"`,
    ].filter(Boolean);
    const entry = { at: new Date().toLocaleTimeString(), type, detail: parts.join(' ') };
    this.entries = [entry, ...this.entries].slice(0, 50);
  }

  override render() {
    // A landmark of its own, like the page's other panels. The live region wraps the list (a list
    // given role="log" is no list, and its items are orphans); it scrolls, so it takes keyboard focus.
    return html`<section aria-labelledby="log-title">
      <h2 id="log-title">Events</h2>
      <div class="log" role="log" aria-labelledby="log-title" tabindex="0">
        <ol>
          ${this.entries.length === 0
            ? html`<li class="empty">Nothing yet: use the elements above.</li>`
            : this.entries.map((e) => html`<li>${e.at} <strong>${e.type}</strong> ${e.detail}</li>`)}
        </ol>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-event-log': DemoEventLog;
  }
}

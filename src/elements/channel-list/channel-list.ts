import type { VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChannelChange } from '../../adapters/backend.js';
import { CHANNEL_STATUSES, MANAGED_CHANNEL_TYPES, isManageable, type Channel, type ChannelStatus, type ChannelType } from '../../core/channel.js';
import { DEFAULT_EXPIRY_WINDOW_DAYS, actionsFor, statusView, type ChannelAction } from '../../core/channel-status.js';
import { describeError } from '../../i18n/error-message.js';
import { actionLabel, statusLabel, typeLabel } from '../../i18n/labels.js';
import { ChannelKitError } from '../../core/errors.js';
import { ChannelActionEvent, ChannelAddRequestEvent, ChannelListChangeEvent } from '../../events/channel-events.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { ChannelKitElement } from '../base/channel-kit-element.js';
import { badgeStyles } from '../channel-status-badge/channel-status-badge.styles.js';
import { statusBadge } from '../channel-status-badge/status-badge-template.js';
import { listStyles } from './channel-list.styles.js';
import { filterRows, sortRows, toRow, type ListRow, type SortKey } from './channel-query.js';
import { typeIcon } from './type-icons.js';

const PAGE_SIZE = 500;

type VirtualizerModule = typeof import('@lit-labs/virtualizer/virtualize.js');
// Loaded the first time a list is long enough to need it: most pages never pay for it.
let virtualizerModule: VirtualizerModule | undefined;
let virtualizerLoading: Promise<VirtualizerModule> | undefined;
const loadVirtualizer = () => (virtualizerLoading ??= import('@lit-labs/virtualizer/virtualize.js').then((m) => (virtualizerModule = m)));
const FILTER_STATUSES: ChannelStatus[] = ['connected', 'expiring', 'token_expired', 'setup_incomplete', 'disconnected'];
type Phase = 'loading' | 'ready' | 'error';

/**
 * The channels, one row each: type, name, account id, status, dates, and an Edit menu offering what
 * the status allows (never Delete). Filter by type and status, search by name, sort. Above
 * `virtualize-above` rows, only the rows on screen are rendered; the keyboard still reaches every row
 * (Up/Down, Home/End, Page Up/Down move between rows; Enter opens a row's menu).
 *
 * @fires channel-action - A row's Edit menu item was chosen: `{ action, channel }`.
 * @fires channel-add-request - The empty state's "Add Channel" was pressed.
 * @fires channel-list-change - The channels changed (loaded, refreshed, one updated): `{ channels }`.
 * @csspart toolbar - The search, filter and sort controls.
 * @csspart table - The table of channels.
 * @csspart header - The header row.
 * @csspart row - Each channel's row.
 * @csspart edit-button - Each row's Edit button.
 * @csspart menu - The open Edit menu.
 * @csspart badge - Each status badge (with `icon` and `label`).
 * @csspart icon - Each status badge's icon.
 * @csspart label - Each status badge's text.
 * @csspart empty - The empty state.
 * @csspart error - The error message with Retry.
 * @csspart permission-note - The reason management controls are disabled.
 * @cssprop --ck-list-max-height - Height of the scrolling area when rows are virtualized.
 * @cssprop --ck-list-row-height - Minimum row height.
 */
export class ChannelList extends ChannelKitElement {
  static override styles = [sharedStyles, badgeStyles, listStyles];

  /** How many days before expiry a token shows as "Expires in N days". */
  @property({ type: Number, attribute: 'expiry-window-days' }) expiryWindowDays = DEFAULT_EXPIRY_WINDOW_DAYS;
  /** Above this many rows, only the rows on screen are rendered. */
  @property({ type: Number, attribute: 'virtualize-above' }) virtualizeAbove = 50;

  @state() private phase: Phase = 'loading';
  @state() private loadError: unknown = null;
  @state() private rows: ListRow[] = [];
  @state() private skipped = 0;
  @state() private typeFilter: ChannelType | 'all' = 'all';
  @state() private statusFilter: ChannelStatus | 'all' = 'all';
  @state() private search = '';
  @state() private sort: SortKey = 'status';
  @state() private openMenuFor: string | null = null;
  @state() private activeIndex = 0;

  private sorted: ListRow[] = [];
  private visible: ListRow[] = [];
  private loadRequest?: AbortController;
  private unsubscribe?: () => void;
  private subscribedTo?: unknown;

  @query('.body') private body?: HTMLElement & VirtualizerHostElement;

  /** Every channel loaded, in the backend's order. */
  get channels(): Channel[] {
    return this.rows.map((row) => row.channel);
  }

  /** Loads the list again (keeping what is shown until the new list arrives). */
  async refresh(): Promise<void> {
    const backend = this.activeBackend;
    if (!backend) return;
    this.loadRequest?.abort();
    const request = (this.loadRequest = new AbortController());
    if (this.phase === 'error' || this.rows.length === 0) this.phase = 'loading';
    this.loadError = null;
    try {
      const loaded: ListRow[] = [];
      const seenCursors = new Set<string>();
      let skipped = 0;
      let cursor: string | null = null;
      do {
        if (cursor !== null) {
          // A backend that hands back a cursor it gave before would have the list load for ever.
          if (seenCursors.has(cursor)) throw new ChannelKitError('invalid_response', 'The server repeated a page of channels.', { issuePath: 'nextCursor' });
          seenCursors.add(cursor);
        }
        const page = await backend.listChannels({ cursor, limit: PAGE_SIZE }, request.signal);
        if (request !== this.loadRequest) return;
        loaded.push(...page.channels.map((channel) => this.rowFor(channel)));
        skipped += page.skipped;
        cursor = page.nextCursor;
        // A long list renders through the virtualizer from the start (no swap under the keyboard).
        if (loaded.length > this.virtualizeAbove && !virtualizerModule) await loadVirtualizer();
        if (request !== this.loadRequest) return;
        // Show the first page at once; later pages join as they come.
        if (this.phase === 'loading' || !cursor) {
          this.rows = [...loaded];
          this.skipped = skipped;
          this.phase = 'ready';
        }
      } while (cursor);
    } catch (error) {
      if (request !== this.loadRequest) return;
      this.loadError = error;
      if (this.rows.length === 0) this.phase = 'error';
    } finally {
      if (request === this.loadRequest) this.loadRequest = undefined;
    }
  }

  /** Puts a changed (or new) channel in place without reloading the list. */
  upsert(channel: Channel): void {
    const index = this.rows.findIndex((row) => row.channel.id === channel.id);
    const row = this.rowFor(channel);
    this.rows = index === -1 ? [...this.rows, row] : this.rows.map((r, i) => (i === index ? row : r));
  }

  /** Moves focus to a channel's Edit button (scrolling it into view), e.g. after its dialog closes. */
  async focusRow(channelId: string): Promise<void> {
    await this.updateComplete;
    const index = this.visible.findIndex((row) => row.channel.id === channelId);
    if (index !== -1) await this.moveTo(index);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    this.loadRequest?.abort();
    this.loadRequest = undefined;
    this.unsubscribe?.();
    this.unsubscribe = this.subscribedTo = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    const backend = this.activeBackend;
    if (backend !== this.subscribedTo) {
      this.unsubscribe?.();
      this.subscribedTo = backend;
      this.unsubscribe = backend?.subscribe?.((change) => this.onBackendChange(change));
      this.rows = [];
      void this.refresh();
    }
    if (changed.has('rows') || changed.has('sort') || changed.has('expiryWindowDays')) {
      if (changed.has('expiryWindowDays')) this.rows = this.rows.map((row) => this.rowFor(row.channel));
      this.sorted = sortRows(this.rows, this.sort);
    }
    this.visible = filterRows(this.sorted, { type: this.typeFilter, status: this.statusFilter, search: this.search });
    if (this.activeIndex >= this.visible.length) this.activeIndex = Math.max(0, this.visible.length - 1);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('rows')) this.dispatchEvent(new ChannelListChangeEvent(this.channels));
  }

  private rowFor(channel: Channel): ListRow {
    return toRow(channel, statusView(channel, Date.now(), this.expiryWindowDays));
  }

  private onBackendChange(change: ChannelChange): void {
    if (change.kind === 'upsert') this.upsert(change.channel);
    else void this.refresh();
  }

  private readonly onOutsidePointer = (event: PointerEvent) => {
    if (this.openMenuFor && !event.composedPath().some((el) => el instanceof HTMLElement && el.dataset.menuRoot === this.openMenuFor)) {
      this.openMenuFor = null;
    }
  };

  // ---- keyboard -------------------------------------------------------------------------------

  private async moveTo(index: number): Promise<void> {
    const target = Math.min(Math.max(index, 0), this.visible.length - 1);
    if (target < 0) return;
    this.activeIndex = target;
    this.openMenuFor = null;
    await this.updateComplete;
    let button = this.editButton(target);
    const virtualizer = virtualizerModule && this.body?.[virtualizerModule.virtualizerRef];
    // A row already rendered is focused at once (focusing scrolls it into view): the virtualizer's
    // `layoutComplete` would not settle when nothing has to move.
    if (!button && virtualizer) {
      virtualizer.element(target)?.scrollIntoView({ block: 'nearest' });
      await virtualizer.layoutComplete;
      await this.updateComplete;
      button = this.editButton(target);
    }
    button?.focus();
  }

  private editButton(index: number): HTMLButtonElement | null | undefined {
    return this.renderRoot.querySelector<HTMLButtonElement>(`[data-index="${index}"] .edit`);
  }

  private onRowKeydown(event: KeyboardEvent, index: number): void {
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: this.visible.length - 1,
      PageDown: index + 10,
      PageUp: index - 10,
    };
    const next = moves[event.key];
    if (next === undefined || (event.target as HTMLElement).getAttribute('role') === 'menuitem') return;
    event.preventDefault();
    void this.moveTo(next);
  }

  private async toggleMenu(row: ListRow, index: number, focus: 'first' | 'last' = 'first'): Promise<void> {
    const actions = this.actionsOf(row);
    if (!this.canManage || actions.length === 0) return;
    this.activeIndex = index;
    if (this.openMenuFor === row.channel.id) {
      this.openMenuFor = null;
      return;
    }
    this.openMenuFor = row.channel.id;
    await this.updateComplete;
    this.placeMenu();
    const items = this.menuItems();
    (focus === 'first' ? items[0] : items[items.length - 1])?.focus();
  }

  /** Opens the menu upwards when it would run past the bottom of the scrolling rows or of the window. */
  private placeMenu(): void {
    const menu = this.renderRoot.querySelector<HTMLElement>('[role="menu"]');
    if (!menu) return;
    const scroller = this.renderRoot.querySelector('.body.virtual')?.getBoundingClientRect();
    const bottom = Math.min(window.innerHeight, scroller?.bottom ?? Infinity);
    const top = Math.max(0, scroller?.top ?? 0);
    const { height, bottom: menuBottom } = menu.getBoundingClientRect();
    const edit = menu.parentElement!.getBoundingClientRect();
    menu.toggleAttribute('data-above', menuBottom > bottom && edit.top - height >= top);
  }

  private menuItems(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="menu"] [role="menuitem"]')];
  }

  private onMenuKeydown(event: KeyboardEvent, index: number): void {
    const items = this.menuItems();
    const at = items.indexOf(event.composedPath()[0] as HTMLButtonElement);
    const focusItem = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusItem(at + 1);
        break;
      case 'ArrowUp':
        focusItem(at - 1);
        break;
      case 'Home':
        focusItem(0);
        break;
      case 'End':
        focusItem(items.length - 1);
        break;
      case 'Escape':
        this.openMenuFor = null;
        this.editButton(index)?.focus();
        break;
      case 'Tab':
        this.openMenuFor = null;
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  private choose(action: ChannelAction, row: ListRow): void {
    this.openMenuFor = null;
    this.dispatchEvent(new ChannelActionEvent(action, row.channel));
  }

  private actionsOf(row: ListRow): ChannelAction[] {
    return actionsFor(row.channel, row.view);
  }

  // ---- rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    if (this.phase === 'loading') return this.renderSkeleton();
    if (this.phase === 'error') {
      return html`<div part="error" class="state error-state">
        <p role="alert" class="alert">${t.loadFailed} ${describeError(t, this.loadError).message}</p>
        <button class="button" @click=${() => this.refresh()}>${t.retry}</button>
      </div>`;
    }
    if (this.rows.length === 0) {
      return html`${this.renderPermissionNote()}${this.renderSkipped()}${this.renderEmpty()}`;
    }
    return html`
      ${this.renderPermissionNote()} ${this.renderRefreshError()} ${this.renderToolbar()}
      ${this.renderSkipped()} ${this.renderTable()}
    `;
  }

  private renderSkipped() {
    return this.skipped ? html`<p class="muted notice" role="status">${this.localize.t.rowsSkipped(this.skipped)}</p>` : nothing;
  }

  private renderSkeleton() {
    return html`<div class="state" aria-busy="true">
      <p role="status" class="visually-hidden">${this.localize.t.loading}</p>
      ${[0, 1, 2].map(() => html`<div class="skeleton-row" aria-hidden="true"><span></span><span></span><span></span></div>`)}
    </div>`;
  }

  private renderPermissionNote() {
    const viewerError = this.activeViewerError;
    if (viewerError) {
      const t = this.localize.t;
      return html`<div part="permission-note" id="permission-note" class="permission-note viewer-error" role="alert">
        <span>${t.viewerUnknown} ${describeError(t, viewerError).message}</span>
        <button class="button" @click=${() => this.retryViewer()}>${t.retry}</button>
      </div>`;
    }
    if (this.canManage || !this.activeViewer) return nothing;
    return html`<p part="permission-note" id="permission-note" class="permission-note">${this.localize.t.noPermission}</p>`;
  }

  private renderRefreshError() {
    if (!this.loadError) return nothing;
    const t = this.localize.t;
    return html`<div part="error" class="refresh-error">
      <p role="alert" class="alert">${t.loadFailed} ${describeError(t, this.loadError).message}</p>
      <button class="button" @click=${() => this.refresh()}>${t.retry}</button>
    </div>`;
  }

  private renderEmpty() {
    const t = this.localize.t;
    return html`<div part="empty" class="state empty">
      <h3>${t.emptyTitle}</h3>
      <p class="muted">${t.emptyBody}</p>
      <button
        class="button primary"
        aria-disabled=${this.canManage ? 'false' : 'true'}
        aria-describedby=${this.canManage ? nothing : 'permission-note'}
        @click=${() => this.canManage && this.dispatchEvent(new ChannelAddRequestEvent())}
      >
        ${t.addChannel}
      </button>
    </div>`;
  }

  private renderToolbar() {
    const t = this.localize.t;
    const types = new Set<ChannelType>([...MANAGED_CHANNEL_TYPES, ...this.rows.map((r) => r.channel.type)]);
    const statuses = new Set<ChannelStatus>([...FILTER_STATUSES, ...this.rows.map((r) => r.view.status)]);
    const orderedStatuses: ChannelStatus[] = [...CHANNEL_STATUSES, 'unknown' as const].filter((s) => statuses.has(s));
    const select = <T extends string>(label: string, value: T, options: [T, string][], change: (v: T) => void) =>
      html`<label class="field"
        ><span>${label}</span
        ><select @change=${(e: Event) => change((e.target as HTMLSelectElement).value as T)}>
          ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
        </select></label
      >`;
    return html`<div part="toolbar" class="toolbar">
      <label class="field search"
        ><span>${t.searchLabel}</span
        ><input type="search" .value=${this.search} @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
      /></label>
      ${select(t.filterType, this.typeFilter, [['all', t.filterAll], ...[...types].map((ty): [ChannelType, string] => [ty, typeLabel(t, ty)])], (v) => (this.typeFilter = v))}
      ${select(t.status, this.statusFilter, [['all', t.filterAll], ...orderedStatuses.map((s): [ChannelStatus, string] => [s, s === 'expiring' ? t.statusExpiringSoon : statusLabel(t, { status: s })])], (v) => (this.statusFilter = v))}
      ${select(t.sortBy, this.sort, [['status', t.status], ['name', t.name], ['connected', t.sortConnected]], (v) => (this.sort = v))}
      <p class="count muted" role="status">${t.channelCount(this.visible.length, this.rows.length)}</p>
    </div>`;
  }

  private renderTable() {
    const t = this.localize.t;
    const virtual = this.visible.length > this.virtualizeAbove;
    const virtualizer = virtualizerModule;
    if (virtual && !virtualizer) void loadVirtualizer().then(() => this.requestUpdate());
    const renderRow = (row: ListRow, index: number) => this.renderRow(row, index);
    return html`<div part="table" class="table" role="table" aria-label=${t.channelSettings} aria-rowcount=${this.visible.length + 1}>
      <div role="rowgroup" class="head">
        <div part="header" role="row" aria-rowindex="1" class="row header">
          <span role="columnheader">${t.columnChannel}</span>
          <span role="columnheader">${t.columnAccountId}</span>
          <span role="columnheader">${t.status}</span>
          <span role="columnheader">${t.columnDate}</span>
          <span role="columnheader"><span class="visually-hidden">${t.columnActions}</span></span>
        </div>
      </div>
      ${this.visible.length === 0
        ? html`<p class="state muted">${t.noMatches}</p>`
        : virtual && virtualizer
          ? // A body of its own: a virtualizer starts by keeping what its place held (it renders once
            // laid out), which would leave the rows of a search just cleared in other rows' places.
            html`<div role="rowgroup" class="body virtual">
              ${virtualizer.virtualize({
                items: this.visible,
                // Right after the items shrink, the virtualizer may render its old range once more,
                // past the new end: those slots get nothing until it lays out again.
                renderItem: (row, index) => (row ? renderRow(row, index) : html``),
                keyFunction: (row, index) => row?.channel.id ?? index,
                scroller: true,
              })}
            </div>`
          : html`<div role="rowgroup" class="body ${virtual ? 'virtual' : ''}">
              ${repeat(virtual ? this.visible.slice(0, this.virtualizeAbove) : this.visible, (row) => row.channel.id, renderRow)}
            </div>`}
    </div>`;
  }

  private renderRow(row: ListRow, index: number) {
    const t = this.localize.t;
    const { channel, view } = row;
    return html`<div part="row" role="row" class=${this.openMenuFor === channel.id ? 'row menu-open' : 'row'} aria-rowindex=${index + 2} data-index=${index} data-id=${channel.id}
      @keydown=${(e: KeyboardEvent) => this.onRowKeydown(e, index)}>
      <span role="cell" class="channel">
        <span class="type-icon" data-type=${channel.type}>${typeIcon(channel.type)}</span>
        <span class="name-block"><span class="name">${channel.name}</span><span class="muted type-name">${typeLabel(t, channel.type)}</span></span>
      </span>
      <span role="cell" class="account">${channel.accountId}</span>
      <span role="cell">${statusBadge(t, view)}</span>
      <span role="cell" class="dates muted">${this.renderDates(channel, view.status)}</span>
      <span role="cell" class="actions">${this.renderEdit(row, index)}</span>
    </div>`;
  }

  private renderDates(channel: Channel, status: ChannelStatus) {
    const t = this.localize.t;
    // No break inside a date ("Nov 22, 2026"): a narrow column breaks between the words around it.
    const date = (iso: string | null) => (iso ? this.localize.date(iso).replaceAll(' ', '\u00a0') : '');
    if (status === 'disconnected' && channel.disconnectedAt) return t.disconnectedOn(date(channel.disconnectedAt));
    const connected = channel.connectedAt ? t.connectedOn(date(channel.connectedAt)) : '';
    if ((status === 'expiring' || status === 'token_expired') && channel.tokenExpiresAt) {
      return html`${connected}<br />${t.expiresOn(date(channel.tokenExpiresAt))}`;
    }
    return connected;
  }

  private renderEdit(row: ListRow, index: number) {
    const t = this.localize.t;
    const { channel } = row;
    const actions = this.actionsOf(row);
    // LINE and unknown types are managed elsewhere; a type managed here may have nothing to offer now
    // (a disconnected Webchat, a channel still connecting).
    const readOnly = !isManageable(channel);
    const disabled = !this.canManage || actions.length === 0;
    const open = this.openMenuFor === channel.id;
    const menuId = `menu-${index}`;
    return html`<span class="menu-root" data-menu-root=${channel.id}>
      <button
        part="edit-button"
        class="button edit"
        tabindex=${index === this.activeIndex ? 0 : -1}
        aria-label=${t.editChannel(channel.name)}
        aria-haspopup="menu"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${open ? menuId : nothing}
        aria-disabled=${disabled ? 'true' : 'false'}
        aria-describedby=${!this.canManage ? 'permission-note' : readOnly ? `readonly-${index}` : nothing}
        @click=${() => this.toggleMenu(row, index)}
        @focus=${() => (this.activeIndex = index)}
      >
        ${t.edit}
      </button>
      ${readOnly ? html`<span id=${`readonly-${index}`} class="muted readonly">${t.managedElsewhere}</span>` : nothing}
      ${open
        ? html`<span part="menu" class="menu" role="menu" id=${menuId} aria-label=${t.editChannel(channel.name)}
            @keydown=${(e: KeyboardEvent) => this.onMenuKeydown(e, index)}>
            ${actions.map(
              (action) => html`<button role="menuitem" tabindex="-1" class="menuitem" data-action=${action}
                @click=${() => this.choose(action, row)}>${actionLabel(t, action)}</button>`,
            )}
          </span>`
        : nothing}
    </span>`;
  }
}

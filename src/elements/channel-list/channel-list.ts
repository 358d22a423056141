import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators/property.js';
import { state } from 'lit/decorators/state.js';
// The base class first: a bundle lays modules out in import order, and the base's (the locale catalogs
// among them) then come before the list's own, which stay together and compress better.
import { ChannelKitElement } from '../base/channel-kit-element.js';
import type { ChannelBackend, ChannelChange } from '../../adapters/backend.js';
import type { Channel } from '../../core/channel.js';
import { DEFAULT_EXPIRY_WINDOW_DAYS, statusView } from '../../core/channel-status.js';
import { ChannelKitError } from '../../core/errors.js';
import type { MenuController } from '../../controllers/menu-controller.js';
import { RequestController } from '../../controllers/request-controller.js';
import { RovingTabindexController } from '../../controllers/roving-tabindex-controller.js';
import { ChannelActionEvent, ChannelAddRequestEvent, ChannelListChangeEvent } from '../../events/channel-events.js';
import { whenIdle } from '../../core/when-idle.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { badgeStyles } from '../channel-status-badge/channel-status-badge.styles.js';
import { listStyles } from './channel-list.styles.js';
import { filterRows, sortRows, toRow, type ChannelQuery, type ListRow, type SortKey } from './channel-query.js';
import { loadRowMenu, rowMenu } from './lazy-row-menu.js';
import { loadVirtualizer, revealItem, virtualizer } from './lazy-virtualizer.js';
import { rowTemplate, type RowView } from './list-row.js';
import { tableTemplate } from './list-table.js';
import { emptyTemplate, failureTemplate, permissionNoteTemplate, skeletonTemplate, skippedTemplate } from './list-states.js';
import { toolbarTemplate } from './list-toolbar.js';

const PAGE_SIZE = 500;

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
 * @csspart menu-reason - Under an Edit menu action the permission policy refuses: its reason.
 * @csspart badge - Each status badge (with `icon` and `label`).
 * @csspart icon - Each status badge's icon.
 * @csspart label - Each status badge's text.
 * @csspart empty - The empty state.
 * @csspart error - The error message with Retry.
 * @csspart permission-note - The reason management controls are disabled.
 * @cssprop --ck-list-max-height - Height of the scrolling area once rows are virtualized (above `virtualize-above` rows, 50 by default).
 * @cssprop --ck-list-row-height - Minimum row height.
 */
export class ChannelList extends ChannelKitElement {
  static override styles = [sharedStyles, badgeStyles, listStyles];

  /** How many days before expiry a token shows as "Expires in N days". */
  @property({ type: Number, attribute: 'expiry-window-days' }) expiryWindowDays = DEFAULT_EXPIRY_WINDOW_DAYS;
  /** Above this many rows, only the rows on screen are rendered. */
  @property({ type: Number, attribute: 'virtualize-above' }) virtualizeAbove = 50;

  @state() private phase: Phase = 'loading';
  @state() private rows: ListRow[] = [];
  @state() private skipped = 0;
  @state() private query: ChannelQuery = { type: 'all', status: 'all', search: '', sort: 'status' };

  private sorted: ListRow[] = [];
  private sortedBy?: SortKey;
  private visible: ListRow[] = [];
  private unsubscribe?: () => void;
  private subscribedTo?: unknown;

  private readonly load = new RequestController<void>(this);
  private readonly rowFocus = new RovingTabindexController(this, {
    count: () => this.visible.length,
    item: (index) => this.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"] .edit`),
    reveal: (index) => revealItem(this.renderRoot.querySelector('.body'), index),
    onMove: () => this.menu?.close(),
  });
  /** The rows' Edit menus, once their module is here (./lazy-row-menu.ts). */
  private menu?: MenuController;
  /** Why the Edit menu's module could not be loaded (offline), with Try again. */
  @state() private menuError: unknown = null;
  private retryMenu = (): void => {};
  private cancelPreload?: () => void;

  /** Every channel loaded, in the backend's order. */
  get channels(): Channel[] {
    return this.rows.map((row) => row.channel);
  }

  /** Loads the list again (keeping what is shown until the new list arrives). */
  async refresh(): Promise<void> {
    const backend = this.activeBackend;
    if (!backend) return;
    if (this.phase === 'error' || this.rows.length === 0) this.phase = 'loading';
    await this.load.run((signal) => this.loadPages(backend, signal));
    if (this.load.status === 'error' && this.rows.length === 0) this.phase = 'error';
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
    if (index !== -1) await this.rowFocus.focus(index);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The Edit menu loads while the page is idle, so a first Edit never waits for it.
    this.cancelPreload = whenIdle(() => void loadRowMenu().catch(() => {}));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelPreload?.();
    this.unsubscribe?.();
    this.unsubscribe = this.subscribedTo = undefined;
  }

  /**
   * Opens a row's Edit menu (or closes it): in the same task when the menu's module is here, else once
   * it has loaded; a load that fails says so, with Try again.
   */
  private toggleMenu(channelId: string, button: HTMLElement): void {
    this.menuError = null;
    const module = rowMenu();
    if (!module) {
      loadRowMenu().then(
        () => this.toggleMenu(channelId, button),
        (cause: unknown) => {
          this.menuError = new ChannelKitError('network', 'A part of Channel Kit could not be loaded.', { cause });
          this.retryMenu = () => this.toggleMenu(channelId, button);
        },
      );
      return;
    }
    this.menu ??= new module.MenuController(this, {
      menu: () => this.renderRoot.querySelector<HTMLElement>('[role="menu"]'),
      boundary: () => this.renderRoot.querySelector('.body.virtual'),
    });
    void this.menu.toggle(channelId, button);
  }

  protected override willUpdate(changed: PropertyValues): void {
    const backend = this.activeBackend;
    // A list that left the page may render once more (an aborted request asks it to): it neither
    // listens nor loads until it is back.
    if (backend !== this.subscribedTo && this.isConnected) {
      this.unsubscribe?.();
      this.subscribedTo = backend;
      this.unsubscribe = backend?.subscribe?.((change) => this.onBackendChange(change));
      this.rows = [];
      void this.refresh();
    }
    if (changed.has('expiryWindowDays')) this.rows = this.rows.map((row) => this.rowFor(row.channel));
    // Sorting is the costly step (ten thousand rows): not again on a keystroke in the search.
    if (changed.has('rows') || this.sortedBy !== this.query.sort) {
      this.sortedBy = this.query.sort;
      this.sorted = sortRows(this.rows, this.sortedBy);
    }
    this.visible = filterRows(this.sorted, this.query);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('rows')) this.dispatchEvent(new ChannelListChangeEvent(this.channels));
  }

  /** Every page in turn: the first shows at once, later ones join as they come. */
  private async loadPages(backend: ChannelBackend, signal: AbortSignal): Promise<void> {
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
      const page = await backend.listChannels({ cursor, limit: PAGE_SIZE }, signal);
      signal.throwIfAborted();
      loaded.push(...page.channels.map((channel) => this.rowFor(channel)));
      skipped += page.skipped;
      cursor = page.nextCursor;
      // A long list renders through the virtualizer from the start (no swap under the keyboard).
      if (loaded.length > this.virtualizeAbove && !virtualizer()) {
        await loadVirtualizer();
        signal.throwIfAborted();
      }
      if (this.phase === 'loading' || !cursor) {
        this.rows = [...loaded];
        this.skipped = skipped;
        this.phase = 'ready';
      }
    } while (cursor);
  }

  private rowFor(channel: Channel): ListRow {
    return toRow(channel, statusView(channel, Date.now(), this.expiryWindowDays));
  }

  private onBackendChange(change: ChannelChange): void {
    if (change.kind === 'upsert') this.upsert(change.channel);
    else void this.refresh();
  }

  override render() {
    const t = this.localize.t;
    if (this.phase === 'loading') return skeletonTemplate(t);
    const loadError = (className: string) => failureTemplate(t, className, this.load.error, () => this.refresh(), t.retry, t.loadFailed);
    if (this.phase === 'error') return loadError('state error-state');
    const note = permissionNoteTemplate(t, this.activeViewerError, () => this.retryViewer(), this.pageNote);
    const skipped = skippedTemplate(t, this.skipped);
    if (this.rows.length === 0) return html`${note}${skipped}${emptyTemplate(t, this.canManage, () => this.dispatchEvent(new ChannelAddRequestEvent()))}`;
    const view: RowView = {
      t,
      date: (iso) => this.localize.date(iso),
      permission: (action, channel) => this.permissionFor(action, channel),
      refusalText: (decision) => this.refusalText(decision),
      pageNote: this.pageNote,
      rowFocus: this.rowFocus,
      menu: this.menu,
      toggleMenu: (channelId, button) => this.toggleMenu(channelId, button),
      choose: (action, channel) => {
        this.menu?.close();
        this.dispatchEvent(new ChannelActionEvent(action, channel));
      },
    };
    const toolbar = toolbarTemplate(t, this.rows, this.visible.length, this.query, (change) => (this.query = { ...this.query, ...change }));
    const table = tableTemplate(t, this.visible, this.virtualizeAbove, (row, index) => rowTemplate(view, row, index), () => this.requestUpdate());
    const menuError = this.menuError && failureTemplate(t, 'refresh-error', this.menuError, () => this.retryMenu(), t.tryAgain);
    return html`
      ${note} ${this.load.error ? loadError('refresh-error') : nothing} ${menuError || nothing} ${toolbar}
      ${skipped} ${table}
    `;
  }

  /** Why Add Channel is disabled, once the viewer is known: the list's permission note. */
  private get pageNote(): string | null {
    return this.canManage || !this.activeViewer ? null : this.refusalText(this.permissionFor('connect'));
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface RovingTabindexOptions {
  /** How many items the group has, rendered or not. */
  count: () => number;
  /** Item `index`'s focusable element, when it is rendered. */
  item: (index: number) => HTMLElement | null | undefined;
  /** Renders item `index` when it is not (a virtualized list scrolls to it), settling once it is. */
  reveal?: (index: number) => Promise<unknown>;
  /** Called before focus moves to item `index` (to close what the item left behind had open, say). */
  onMove?: (index: number) => void;
}

const PAGE = 10;

/**
 * A roving tabindex (on the model of Spectrum's `RovingTabindexController`): one item of the group is
 * in the tab order; Up/Down, Home/End and Page Up/Down move focus between items. Items are addressed
 * by index, not by element, so a virtualized list, which renders only some, still reaches every one.
 *
 * Bind `tabindex(index)` to each item's `tabindex`, `onKeydown(event, index)` to its `keydown`, and
 * `activate(index)` to its `focus`.
 */
export class RovingTabindexController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: RovingTabindexOptions;
  private active = 0;

  constructor(host: ReactiveControllerHost, options: RovingTabindexOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  tabindex(index: number): 0 | -1 {
    return index === this.active ? 0 : -1;
  }

  /** Puts item `index` in the tab order, without moving focus. */
  activate(index: number): void {
    if (index === this.active) return;
    this.active = index;
    this.host.requestUpdate();
  }

  /** Moves focus to item `index` (or the nearest end), rendering it first when it is not. */
  async focus(index: number): Promise<void> {
    const target = Math.min(Math.max(index, 0), this.options.count() - 1);
    if (target < 0) return;
    this.options.onMove?.(target);
    this.activate(target);
    await this.host.updateComplete;
    let item = this.options.item(target);
    // An item already rendered is focused at once (focusing scrolls it into view): a virtualizer asked
    // to reveal what needs no scrolling may never settle.
    if (!item && this.options.reveal) {
      await this.options.reveal(target);
      await this.host.updateComplete;
      item = this.options.item(target);
    }
    item?.focus();
  }

  /** A key pressed on item `from`: a navigation key moves focus, and is consumed. */
  onKeydown(event: KeyboardEvent, from: number): void {
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      Home: 0,
      End: this.options.count() - 1,
      PageDown: from + PAGE,
      PageUp: from - PAGE,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    void this.focus(to);
  }

  hostUpdate(): void {
    // The group shrank (a filter, say): the tab stop stays on an item that exists.
    this.active = Math.min(this.active, Math.max(0, this.options.count() - 1));
  }
}

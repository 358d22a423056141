import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { flipAboveIfNoRoom } from './surface-position.js';

export interface MenuControllerOptions {
  /** The open menu's element, once rendered. */
  menu: () => HTMLElement | null | undefined;
  /** A box the menu must stay inside besides the window (the scrolling rows it opens over, say). */
  boundary?: () => Element | null | undefined;
}

/**
 * Menu buttons' menus (on the model of Material Web's menu), one open at a time, each named by a key
 * (a row's id, say). Opening one places it against its button (above it when there is no room below)
 * and focuses its first item; Up/Down (wrapping round) and Home/End move between its `menuitem`s;
 * Escape closes it and returns focus to the button; Tab, or a pointer pressed elsewhere, closes it.
 *
 * Render the menu while `isOpen(key)`, and bind `onKeydown` to its `keydown`.
 */
export class MenuController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: MenuControllerOptions;
  private openKey: string | null = null;
  private button?: HTMLElement;
  private surface?: HTMLElement | null;

  constructor(host: ReactiveControllerHost, options: MenuControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  isOpen(key: string): boolean {
    return key === this.openKey;
  }

  /** Opens menu `key` under `button`, or closes it when it is the one open. */
  async toggle(key: string, button: HTMLElement): Promise<void> {
    if (this.isOpen(key)) return this.close();
    this.openKey = key;
    this.button = button;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const menu = (this.surface = this.options.menu());
    if (!menu) return;
    flipAboveIfNoRoom(menu, button, this.options.boundary?.());
    items(menu)[0]?.focus();
  }

  close(): void {
    if (this.openKey === null) return;
    this.openKey = null;
    this.host.requestUpdate();
  }

  readonly onKeydown = (event: KeyboardEvent): void => {
    const menuItems = items(event.currentTarget as HTMLElement);
    const at = menuItems.indexOf(event.composedPath()[0] as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1 };
    const to = moves[event.key];
    if (to !== undefined) {
      menuItems[(to + menuItems.length) % menuItems.length]?.focus();
    } else if (event.key === 'Escape') {
      this.close();
      this.button?.focus();
    } else {
      if (event.key === 'Tab') this.close();
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  hostConnected(): void {
    document.addEventListener('pointerdown', this.onPointerdown, true);
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.onPointerdown, true);
  }

  private readonly onPointerdown = (event: PointerEvent): void => {
    const path = event.composedPath();
    if (this.openKey !== null && !path.some((target) => target === this.button || target === this.surface)) this.close();
  };
}

function items(menu: HTMLElement): HTMLElement[] {
  return [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
}

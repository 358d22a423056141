// Menu buttons' menus, one open at a time: opening focuses the first item, the keys move between items
// (wrapping round), Escape returns to the button, Tab or a pointer elsewhere closes; and the menu opens
// above its button when there is no room below.
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, css } from 'lit';
import { MenuController } from '../../src/controllers/menu-controller.js';

class MenuHost extends LitElement {
  static override styles = css`
    .scroller {
      display: block;
      block-size: 240px;
      overflow: auto;
    }
    .root {
      position: relative;
      display: inline-block;
    }
    [role='menu'] {
      position: absolute;
      inset-block-start: 100%;
      display: grid;
    }
    [role='menu'][data-above] {
      inset-block: auto 100%;
    }
  `;
  /** Space above the buttons, inside the scrolling box. */
  gap = 0;
  readonly menu = new MenuController(this, {
    menu: () => this.renderRoot.querySelector<HTMLElement>('[role="menu"]'),
    boundary: () => this.renderRoot.querySelector('.scroller'),
  });

  override render() {
    return html`<div class="scroller">
        <div style="block-size: ${this.gap}px"></div>
        ${['a', 'b'].map(
          (key) => html`<span class="root">
            <button id=${`button-${key}`} aria-haspopup="menu" @click=${(e: Event) => this.menu.toggle(key, e.currentTarget as HTMLElement)}>
              Open ${key}
            </button>
            ${this.menu.isOpen(key)
              ? html`<span role="menu" id=${`menu-${key}`} @keydown=${this.menu.onKeydown}>
                  ${['One', 'Two', 'Three'].map((label) => html`<button role="menuitem" tabindex="-1" style="block-size: 40px">${label} ${key}</button>`)}
                </span>`
              : null}
          </span>`,
        )}
        <div style="block-size: 600px"></div>
      </div>
      <p id="elsewhere">Elsewhere</p>`;
  }
}
customElements.define('menu-host', MenuHost);

const $ = <T extends HTMLElement = HTMLElement>(el: MenuHost, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const focusedText = (el: MenuHost) => el.shadowRoot!.activeElement?.textContent?.trim();

async function open(el: MenuHost, key: string) {
  $(el, `#button-${key}`)!.click();
  await el.updateComplete;
  await new Promise((r) => setTimeout(r));
}

/** Presses `key` where focus is; returns whether the key was consumed. */
function press(el: MenuHost, key: string): boolean {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true });
  el.shadowRoot!.activeElement!.dispatchEvent(event);
  return event.defaultPrevented;
}

function pointerdown(target: Element) {
  target.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
}

describe('MenuController', () => {
  it('opens on its first item, closes when toggled again; one menu open at a time', async () => {
    const el = await fixture<MenuHost>(html`<menu-host></menu-host>`);
    await open(el, 'a');
    expect(el.menu.isOpen('a')).to.equal(true);
    expect(focusedText(el)).to.equal('One a');
    await open(el, 'b');
    expect([el.menu.isOpen('a'), el.menu.isOpen('b')]).to.deep.equal([false, true]);
    expect($(el, '#menu-a')).to.equal(null);
    await open(el, 'b');
    expect(el.menu.isOpen('b')).to.equal(false);
    expect($(el, '[role="menu"]')).to.equal(null);
  });

  it('Up/Down move between items, wrapping round; Home/End go to the ends; the keys are consumed, and stop there', async () => {
    const el = await fixture<MenuHost>(html`<menu-host></menu-host>`);
    await open(el, 'a');
    const heard: string[] = [];
    el.addEventListener('keydown', (event) => heard.push(event.key));
    const steps: [string, string][] = [
      ['ArrowDown', 'Two a'],
      ['ArrowDown', 'Three a'],
      ['ArrowDown', 'One a'],
      ['ArrowUp', 'Three a'],
      ['Home', 'One a'],
      ['End', 'Three a'],
    ];
    for (const [key, expected] of steps) {
      expect(press(el, key), `${key} consumed`).to.equal(true);
      expect(focusedText(el), key).to.equal(expected);
    }
    expect(press(el, 'x'), 'another key is not').to.equal(false);
    expect(heard, 'what the menu handled goes no further').to.deep.equal(['x']);
  });

  it('Escape closes the menu and returns focus to its button', async () => {
    const el = await fixture<MenuHost>(html`<menu-host></menu-host>`);
    await open(el, 'b');
    expect(press(el, 'Escape')).to.equal(true);
    await el.updateComplete;
    expect(el.menu.isOpen('b')).to.equal(false);
    expect(el.shadowRoot!.activeElement?.id).to.equal('button-b');
  });

  it('Tab closes the menu and lets focus move on', async () => {
    const el = await fixture<MenuHost>(html`<menu-host></menu-host>`);
    await open(el, 'a');
    expect(press(el, 'Tab'), 'not consumed').to.equal(false);
    expect(el.menu.isOpen('a')).to.equal(false);
  });

  it('a pointer pressed elsewhere closes it; on the menu or its button, not', async () => {
    const el = await fixture<MenuHost>(html`<menu-host></menu-host>`);
    await open(el, 'a');
    pointerdown($(el, '[role="menuitem"]')!);
    pointerdown($(el, '#button-a')!);
    expect(el.menu.isOpen('a')).to.equal(true);
    pointerdown($(el, '#elsewhere')!);
    expect(el.menu.isOpen('a')).to.equal(false);
    await open(el, 'a');
    pointerdown(document.body);
    expect(el.menu.isOpen('a'), 'outside the element too').to.equal(false);
  });

  it('stops listening to the page when its element leaves', async () => {
    const el = await fixture<MenuHost>(html`<menu-host></menu-host>`);
    await open(el, 'a');
    el.remove();
    pointerdown(document.body);
    expect(el.menu.isOpen('a')).to.equal(true);
  });

  it('opens below its button when there is room, above it when not (inside the scrolling box)', async () => {
    const el = await fixture<MenuHost>(html`<menu-host></menu-host>`);
    await open(el, 'a');
    const menu = () => $(el, '[role="menu"]')!;
    expect(menu().hasAttribute('data-above'), 'room below').to.equal(false);
    expect(menu().getBoundingClientRect().top).to.be.at.least($(el, '#button-a')!.getBoundingClientRect().bottom);
    await open(el, 'a');

    el.gap = 180;
    el.requestUpdate();
    await el.updateComplete;
    await open(el, 'a');
    const box = $(el, '.scroller')!.getBoundingClientRect();
    expect(menu().hasAttribute('data-above'), 'no room below in the scrolling box').to.equal(true);
    expect(menu().getBoundingClientRect().bottom).to.be.at.most($(el, '#button-a')!.getBoundingClientRect().top);
    expect(menu().getBoundingClientRect().top).to.be.at.least(box.top);
  });

  it('stays below when there is no room above either', async () => {
    const el = await fixture<MenuHost>(html`<menu-host></menu-host>`);
    el.gap = 180;
    el.requestUpdate();
    await el.updateComplete;
    // The buttons near the top of a box too short for the menu below them or above.
    $(el, '.scroller')!.style.blockSize = '140px';
    $(el, '.scroller')!.scrollTop = 150;
    await open(el, 'a');
    expect($(el, '[role="menu"]')!.hasAttribute('data-above')).to.equal(false);
  });
});

// One item of a group in the tab order, the keys that move focus, and items addressed by index: an item
// a virtualized group has not rendered is revealed first, one already rendered is focused at once.
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { RovingTabindexController } from '../../src/controllers/roving-tabindex-controller.js';

class RovingHost extends LitElement {
  count = 20;
  /** Renders only `size` items from `start` when set (a virtualized group); else every item. */
  size: number | null = null;
  start = 0;
  readonly revealed: number[] = [];
  readonly moves: number[] = [];
  readonly roving = new RovingTabindexController(this, {
    count: () => this.count,
    item: (index) => this.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"]`),
    reveal: async (index) => {
      this.revealed.push(index);
      this.start = Math.max(0, index - 2);
      this.requestUpdate();
      await this.updateComplete;
    },
    onMove: (index) => this.moves.push(index),
  });

  override render() {
    const end = this.size === null ? this.count : Math.min(this.count, this.start + this.size);
    const indices = Array.from({ length: end - this.start }, (_, i) => this.start + i);
    return indices.map(
      (i) => html`<button
        data-index=${i}
        tabindex=${this.roving.tabindex(i)}
        @focus=${() => this.roving.activate(i)}
        @keydown=${(event: KeyboardEvent) => this.roving.onKeydown(event, i)}
      >
        ${i}
      </button>`,
    );
  }
}
customElements.define('roving-host', RovingHost);

const item = (el: RovingHost, index: number) => el.shadowRoot!.querySelector<HTMLElement>(`[data-index="${index}"]`);
const focused = (el: RovingHost) => Number((el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.index ?? NaN);
const tabbable = (el: RovingHost) => [...el.shadowRoot!.querySelectorAll('[tabindex="0"]')].map((b) => Number((b as HTMLElement).dataset.index));

/** Presses `key` on the focused item; resolves once focus has settled. Returns whether the key was consumed. */
async function press(el: RovingHost, key: string): Promise<boolean> {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true });
  el.shadowRoot!.activeElement!.dispatchEvent(event);
  for (let i = 0; i < 5; i++) await el.updateComplete;
  await new Promise((r) => setTimeout(r));
  return event.defaultPrevented;
}

describe('RovingTabindexController', () => {
  it('puts one item in the tab order, the one last focused', async () => {
    const el = await fixture<RovingHost>(html`<roving-host></roving-host>`);
    expect(tabbable(el)).to.deep.equal([0]);
    item(el, 7)!.focus();
    await el.updateComplete;
    expect(tabbable(el)).to.deep.equal([7]);
  });

  it('Up/Down, Home/End and Page Up/Down move focus, and the key is consumed', async () => {
    const el = await fixture<RovingHost>(html`<roving-host></roving-host>`);
    item(el, 12)!.focus();
    const moves: [string, number][] = [
      ['ArrowDown', 13],
      ['ArrowUp', 12],
      ['PageUp', 2],
      ['PageDown', 12],
      ['End', 19],
      ['Home', 0],
    ];
    for (const [key, expected] of moves) {
      expect(await press(el, key), `${key} consumed`).to.equal(true);
      expect(focused(el), key).to.equal(expected);
      expect(tabbable(el), key).to.deep.equal([expected]);
    }
  });

  it('stops at the ends, and leaves other keys alone', async () => {
    const el = await fixture<RovingHost>(html`<roving-host></roving-host>`);
    item(el, 18)!.focus();
    await press(el, 'PageDown');
    expect(focused(el)).to.equal(19);
    await press(el, 'ArrowDown');
    expect(focused(el)).to.equal(19);
    item(el, 3)!.focus();
    await press(el, 'PageUp');
    expect(focused(el)).to.equal(0);
    expect(await press(el, 'Enter'), 'Enter is not consumed').to.equal(false);
    expect(await press(el, 'ArrowLeft'), 'nor is ArrowLeft').to.equal(false);
    expect(focused(el)).to.equal(0);
  });

  it('tells the host before focus moves (to close what the item left had open)', async () => {
    const el = await fixture<RovingHost>(html`<roving-host></roving-host>`);
    item(el, 4)!.focus();
    await press(el, 'ArrowDown');
    await el.roving.focus(9);
    expect(el.moves).to.deep.equal([5, 9]);
  });

  it('reaches an item that is not rendered, by index: revealed first, then focused', async () => {
    const el = await fixture<RovingHost>(html`<roving-host .size=${5}></roving-host>`);
    item(el, 0)!.focus();
    expect(item(el, 19), 'not rendered yet').to.equal(null);
    await press(el, 'End');
    expect(el.revealed).to.deep.equal([19]);
    expect(focused(el)).to.equal(19);
    await press(el, 'PageUp');
    expect(el.revealed).to.deep.equal([19, 9]);
    expect(focused(el)).to.equal(9);
  });

  it('focuses an item already rendered at once, without revealing it', async () => {
    const el = await fixture<RovingHost>(html`<roving-host .size=${5}></roving-host>`);
    item(el, 0)!.focus();
    await press(el, 'ArrowDown');
    await el.roving.focus(4);
    expect(focused(el)).to.equal(4);
    expect(el.revealed).to.deep.equal([]);
  });

  it('keeps the tab stop on an item that exists when the group shrinks; an empty group takes no focus', async () => {
    const el = await fixture<RovingHost>(html`<roving-host></roving-host>`);
    item(el, 15)!.focus();
    el.count = 6;
    el.requestUpdate();
    await el.updateComplete;
    expect(tabbable(el)).to.deep.equal([5]);
    el.count = 0;
    el.requestUpdate();
    await el.updateComplete;
    await el.roving.focus(3);
    expect(el.moves, 'nothing to move to').to.deep.equal([]);
  });
});

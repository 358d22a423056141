// A surface opens below its anchor, and above it only when it would pass the bottom (of the window, or of
// the box it opens in) and fits above; placed again, it is worked out afresh.
import { expect, fixture, html } from '@open-wc/testing';
import { flipAboveIfNoRoom } from '../../src/controllers/surface-position.js';

/** An anchor `anchorTop` px from the top of the window, its 100 px surface, and a box from the top. */
async function setup(anchorTop: number, boxHeight = 0) {
  const root = await fixture<HTMLElement>(html`<div>
    <style>
      .box,
      .anchor,
      .surface {
        position: fixed;
        inset-inline-start: 0;
        margin: 0;
      }
      .box {
        inset-block-start: 0;
        block-size: ${boxHeight}px;
      }
      .anchor {
        inset-block-start: ${anchorTop}px;
        block-size: 20px;
      }
      .surface {
        inset-block-start: ${anchorTop + 20}px;
        block-size: 100px;
      }
      .surface[data-above] {
        inset-block-start: ${anchorTop - 100}px;
      }
    </style>
    <div class="box"></div>
    <button class="anchor">Anchor</button>
    <div class="surface"></div>
  </div>`);
  return { surface: root.querySelector<HTMLElement>('.surface')!, anchor: root.querySelector('.anchor')!, box: root.querySelector('.box') };
}

describe('flipAboveIfNoRoom', () => {
  it('leaves a surface below its anchor when it fits in the window', async () => {
    const { surface, anchor } = await setup(100);
    flipAboveIfNoRoom(surface, anchor);
    expect(surface.hasAttribute('data-above')).to.equal(false);
  });

  it('flips it above when it would pass the bottom of the window and fits above', async () => {
    const { surface, anchor } = await setup(window.innerHeight - 60);
    flipAboveIfNoRoom(surface, anchor);
    expect(surface.hasAttribute('data-above')).to.equal(true);
  });

  it('flips it above within a boundary shorter than the window', async () => {
    const { surface, anchor, box } = await setup(150, 200);
    flipAboveIfNoRoom(surface, anchor, box);
    expect(surface.hasAttribute('data-above')).to.equal(true);
  });

  it('keeps it below when there is no room above either', async () => {
    const { surface, anchor, box } = await setup(50, 150);
    flipAboveIfNoRoom(surface, anchor, box);
    expect(surface.hasAttribute('data-above')).to.equal(false);
  });

  it('placed again, it is measured where it opens (below), not where it was', async () => {
    const { surface, anchor, box } = await setup(150, 200);
    flipAboveIfNoRoom(surface, anchor, box);
    flipAboveIfNoRoom(surface, anchor, box);
    expect(surface.hasAttribute('data-above'), 'still no room below').to.equal(true);
    flipAboveIfNoRoom(surface, anchor);
    expect(surface.hasAttribute('data-above'), 'room below in the window').to.equal(false);
  });
});

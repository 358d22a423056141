// Focus follows a dialog's step, after the paint that shows it (issue 14: the click paints first).
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import { StepFocusController } from '../../src/controllers/step-focus-controller.js';

class Host extends LitElement {
  @property({ type: Boolean }) open = false;
  @property() step = 'one';
  readonly focus$ = new StepFocusController(this, () => ({ key: this.step, selector: `#${this.step}` }));
  override render() {
    return html`<h3 id="one" tabindex="-1">One</h3><h3 id="two" tabindex="-1">Two</h3>`;
  }
}
customElements.define('step-focus-host', Host);

const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve))));
const focused = (host: Host) => host.shadowRoot!.activeElement?.id ?? null;

async function mounted() {
  const host = document.createElement('step-focus-host') as Host;
  document.body.append(host);
  await host.updateComplete;
  return host;
}

describe('StepFocusController', () => {
  it('on opening, focuses the step after the paint, not in the update', async () => {
    const host = await mounted();
    host.open = true;
    await host.updateComplete;
    expect(focused(host), 'not yet: the paint comes first').to.equal(null);
    await afterPaint();
    expect(focused(host)).to.equal('one');
    host.remove();
  });

  it('at a new step, focuses its heading; the same step again moves nothing', async () => {
    const host = await mounted();
    host.open = true;
    await afterPaint();
    (host.shadowRoot!.querySelector('#two') as HTMLElement).focus();
    host.requestUpdate();
    await afterPaint();
    expect(focused(host), 'an update at the same step leaves focus where the person put it').to.equal('two');
    host.step = 'two';
    await afterPaint();
    host.step = 'one';
    await afterPaint();
    expect(focused(host)).to.equal('one');
    host.remove();
  });

  it('skips a step the person has already left, and does nothing once closed', async () => {
    const host = await mounted();
    host.open = true;
    await host.updateComplete;
    host.step = 'two';
    await host.updateComplete;
    await afterPaint();
    expect(focused(host), 'the step now shown, not the one left').to.equal('two');
    host.step = 'one';
    await host.updateComplete;
    host.open = false;
    await afterPaint();
    expect(focused(host), 'closed before the paint: focus stays').to.equal('two');
    host.remove();
  });
});

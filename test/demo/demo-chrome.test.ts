import { expect, fixture, html } from '@open-wc/testing';
import '../../demo/demo-controls.js';
import '../../demo/demo-event-log.js';
import type { DemoEventLog } from '../../demo/demo-event-log.js';
import { readSettings } from '../../demo/settings.js';

/** Feeds the log `count` events, as the elements on the stage would fire them. */
function fire(log: DemoEventLog, count: number) {
  const stage = new EventTarget();
  log.watch(stage);
  for (let i = 0; i < count; i++) {
    const event = Object.assign(new Event(i % 2 ? 'channel-connected' : 'channel-dialog-close'), {
      channel: { name: `Channel ${i}`, status: 'connected' },
      completed: i % 2 === 0,
    });
    stage.dispatchEvent(event);
  }
}

/** The demo page's own markup (index.html without its script), with its stylesheet, around an empty stage. */
async function demoChrome() {
  const page = new DOMParser().parseFromString(await (await fetch('/demo/index.html')).text(), 'text/html');
  for (const script of page.querySelectorAll('script')) script.remove();
  const title = document.title;
  document.title = page.title;
  const css = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/demo/demo.css' });
  const loaded = new Promise((resolve) => css.addEventListener('load', resolve, { once: true }));
  document.head.append(css);
  await loaded;
  const root = await fixture<HTMLDivElement>(html`<div></div>`);
  root.append(...[...page.body.childNodes].map((node) => document.importNode(node, true)));
  const stories = root.querySelector('#stories')!;
  for (const title of ['Settings page', 'Channel list']) {
    const item = document.createElement('li');
    item.append(Object.assign(document.createElement('a'), { href: '#', textContent: title }));
    stories.append(item);
  }
  // A snippet too wide for its panel, as some stories' are: the code block scrolls.
  root.querySelector('#snippet')!.textContent = `<channel-list channel-types="facebook instagram whatsapp webchat" ${'x'.repeat(400)}></channel-list>`;
  root.querySelector('demo-controls')!.settings = readSettings('');
  await root.querySelector('demo-controls')!.updateComplete;
  const done = () => {
    css.remove();
    document.title = title;
  };
  return { log: root.querySelector('demo-event-log')!, done };
}

describe("the demo's own chrome", () => {
  it('the event log is a labelled log holding a list, empty and when it scrolls (axe)', async () => {
    const log = await fixture<DemoEventLog>(html`<demo-event-log></demo-event-log>`);
    const region = () => log.shadowRoot!.querySelector<HTMLElement>('[role="log"]')!;
    expect(region().localName, 'the log is not the list itself').to.not.equal('ol');
    expect(region().querySelectorAll(':scope > ol > li').length).to.equal(1);
    await expect(log).to.be.accessible();
    fire(log, 50);
    await log.updateComplete;
    expect(region().querySelectorAll(':scope > ol > li').length).to.equal(50);
    const scroller = [region(), ...region().querySelectorAll<HTMLElement>('*')].find((e) => e.scrollHeight > e.clientHeight);
    expect(scroller, 'fifty entries scroll').to.not.equal(undefined);
    expect(scroller!.tabIndex, 'the scrolling part can be reached by keyboard').to.equal(0);
    await expect(log).to.be.accessible();
  });

  for (const theme of ['light', 'dark']) {
    it(`${theme}: the page around the stage (header, stories, setup, code, events) has no axe violation`, async () => {
      document.documentElement.dataset.theme = theme;
      document.documentElement.lang = 'en';
      const { log, done } = await demoChrome();
      try {
        fire(log, 50);
        await log.updateComplete;
        // The whole document, as the E2E suite checks it: page-level rules (content outside any
        // landmark, one main, one h1) run only on a whole page.
        await expect(document.documentElement).to.be.accessible();
      } finally {
        done();
        delete document.documentElement.dataset.theme;
      }
    });
  }
});

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChannelBackend } from '../../src/adapters/backend.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { ChannelSchema, type ChannelPage, type ChannelWire } from '../../src/core/channel.js';
import { ChannelKitError } from '../../src/core/errors.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import type { ChannelActionEvent } from '../../src/events/channel-events.js';
import { manyChannels } from '../../src/mocks/scenarios.js';
import { typicalOptions } from '../support/backends.js';
import { deepActiveElement, mountList, rowOf, settled, textOf, until } from '../support/fixtures.js';

const shadow = (el: ChannelList) => el.shadowRoot!;
const rows = (el: ChannelList) => [...shadow(el).querySelectorAll<HTMLElement>('.body [role="row"]')];
const editOf = (el: ChannelList, id: string) => rowOf(el, id)!.querySelector<HTMLButtonElement>('.edit')!;

async function openMenu(el: ChannelList, id: string): Promise<string[]> {
  editOf(el, id).click();
  await el.updateComplete;
  return [...shadow(el).querySelectorAll('[role="menuitem"]')].map((item) => textOf(item));
}

describe('<channel-list>', () => {
  describe('states', () => {
    it('loading: a skeleton, busy, accessible', async () => {
      const never: Partial<ChannelBackend> = { listChannels: () => new Promise(() => {}), getViewer: () => new Promise(() => {}) };
      const el = await fixture<ChannelList>(html`<channel-list .backend=${never as ChannelBackend}></channel-list>`);
      expect(shadow(el).querySelector('[aria-busy="true"]')).to.not.equal(null);
      expect(textOf(shadow(el).querySelector('[role="status"]'))).to.equal('Loading channels…');
      await expect(el).to.be.accessible();
    });

    it('empty: says so and offers to add a channel', async () => {
      const { el } = await mountList({ data: { channels: [] } });
      expect(textOf(shadow(el).querySelector('[part="empty"]'))).to.contain('No channels yet');
      const add = shadow(el).querySelector<HTMLButtonElement>('[part="empty"] button')!;
      setTimeout(() => add.click());
      await oneEvent(el, 'channel-add-request');
      await expect(el).to.be.accessible();
    });

    it('error: the message and Retry, which loads the list', async () => {
      const memory = new MemoryBackend(typicalOptions());
      let fail = true;
      const flaky: ChannelBackend = Object.assign(Object.create(memory), {
        listChannels: (...args: Parameters<ChannelBackend['listChannels']>) =>
          fail ? Promise.reject(new ChannelKitError('network', 'down')) : memory.listChannels(...args),
      });
      const el = await fixture<ChannelList>(html`<channel-list .backend=${flaky} .viewer=${memory.viewer}></channel-list>`);
      await until(() => shadow(el).querySelector('[role="alert"]'), 'the error');
      expect(textOf(shadow(el).querySelector('[role="alert"]'))).to.contain('Cannot reach the server');
      await expect(el).to.be.accessible();
      fail = false;
      shadow(el).querySelector<HTMLButtonElement>('[part="error"] button')!.click();
      await until(() => rows(el).length === 7, 'the rows');
    });

    it('ready: one row per channel, exposed as a table with the right counts', async () => {
      const { el } = await mountList();
      expect(rows(el)).to.have.length(7);
      const table = shadow(el).querySelector('[role="table"]')!;
      expect(table.getAttribute('aria-rowcount')).to.equal('8');
      expect(rows(el).map((r) => r.getAttribute('aria-rowindex'))).to.deep.equal(['2', '3', '4', '5', '6', '7', '8']);
      const first = textOf(rows(el)[0]);
      expect(first).to.contain('Bangkok Coffee').and.contain('Instagram').and.contain('ig_2001').and.contain('Token expired');
      await expect(el).to.be.accessible();
    });

    it('no permission: controls disabled (not hidden), with the reason', async () => {
      const { el } = await mountList({ viewer: { product: 'caac', role: 'agent' } });
      expect(textOf(shadow(el).querySelector('[part="permission-note"]'))).to.equal('Only the Owner or a Primary admin can manage channels.');
      const edits = [...shadow(el).querySelectorAll<HTMLButtonElement>('.edit')];
      expect(edits).to.have.length(7);
      expect(edits.every((b) => b.getAttribute('aria-disabled') === 'true')).to.equal(true);
      expect(await openMenu(el, 'ch_1')).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('a MAAC agent may manage', async () => {
      const { el } = await mountList({ viewer: { product: 'maac', role: 'agent' } });
      expect(shadow(el).querySelector('[part="permission-note"]')).to.equal(null);
      expect(await openMenu(el, 'ch_1')).to.deep.equal(['Reauthorize', 'Disconnect']);
    });
  });

  describe('the Edit menu', () => {
    it('offers what each status allows, and never Delete', async () => {
      const { el } = await mountList();
      const offered: Record<string, string[]> = {};
      for (const id of ['ch_1', 'ch_2', 'ch_3', 'ch_4', 'ch_5', 'ch_6']) {
        offered[id] = await openMenu(el, id);
        await openMenu(el, id); // closes it
      }
      expect(offered).to.deep.equal({
        ch_1: ['Reauthorize', 'Disconnect'],
        ch_2: ['Reauthorize', 'Disconnect'],
        ch_3: ['Reauthorize', 'Disconnect'],
        ch_4: ['Disconnect'],
        ch_5: ['Reconnect'],
        ch_6: ['Setup checklist', 'Disconnect'],
      });
      expect(textOf(shadow(el) as unknown as Element)).to.not.match(/delete/i);
    });

    it('keeps LINE read-only: "Managed elsewhere", no menu', async () => {
      const { el } = await mountList();
      expect(editOf(el, 'ch_7').getAttribute('aria-disabled')).to.equal('true');
      expect(textOf(rowOf(el, 'ch_7'))).to.contain('Managed elsewhere');
      expect(await openMenu(el, 'ch_7')).to.deep.equal([]);
    });

    it('never offers a Webchat Reauthorize or Reconnect: Meta does not authorize it', async () => {
      const webchat = (id: string, status: ChannelWire['status']): ChannelWire => ({ id, type: 'webchat', name: `Site ${id}`, accountId: `web_${id}`, status });
      const { el } = await mountList({ data: { channels: [webchat('w1', 'connected'), webchat('w2', 'token_expired'), webchat('w3', 'disconnected')] } });
      expect(await openMenu(el, 'w1')).to.deep.equal(['Disconnect']);
      await openMenu(el, 'w1');
      expect(await openMenu(el, 'w2')).to.deep.equal(['Disconnect']);
      await openMenu(el, 'w2');
      expect(editOf(el, 'w3').getAttribute('aria-disabled'), 'nothing to offer a disconnected Webchat').to.equal('true');
      expect(await openMenu(el, 'w3')).to.deep.equal([]);
      expect(textOf(rowOf(el, 'w3')), 'it is managed here, just not now').to.not.contain('Managed elsewhere');
      await expect(el).to.be.accessible();
    });

    it('is keyboard operable: Enter opens it on the first item, arrows move, Escape returns to Edit', async () => {
      const { el } = await mountList();
      editOf(el, 'ch_1').focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(editOf(el, 'ch_1').getAttribute('aria-expanded')).to.equal('true');
      expect(textOf(deepActiveElement())).to.equal('Reauthorize');
      await sendKeys({ press: 'ArrowDown' });
      expect(textOf(deepActiveElement())).to.equal('Disconnect');
      await sendKeys({ press: 'ArrowDown' });
      expect(textOf(deepActiveElement()), 'wraps around').to.equal('Reauthorize');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(deepActiveElement()).to.equal(editOf(el, 'ch_1'));
      expect(shadow(el).querySelector('[role="menu"]')).to.equal(null);
    });

    it('fires channel-action with the chosen action and channel', async () => {
      const { el } = await mountList();
      await openMenu(el, 'ch_5');
      const item = shadow(el).querySelector<HTMLButtonElement>('[role="menuitem"]')!;
      setTimeout(() => item.click());
      const event = (await oneEvent(el, 'channel-action')) as unknown as ChannelActionEvent;
      expect([event.action, event.channel.id]).to.deep.equal(['reconnect', 'ch_5']);
    });

    it('Up/Down move between rows; one Edit button is in the tab order', async () => {
      const { el } = await mountList();
      const tabbable = [...shadow(el).querySelectorAll('.edit')].filter((b) => b.getAttribute('tabindex') === '0');
      expect(tabbable).to.have.length(1);
      (tabbable[0] as HTMLElement).focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => deepActiveElement()?.closest('[role="row"]')?.getAttribute('aria-rowindex') === '3', 'row 2 focused');
      await sendKeys({ press: 'End' });
      await until(() => deepActiveElement()?.closest('[role="row"]')?.getAttribute('aria-rowindex') === '8', 'last row focused');
    });
  });

  describe('filter, search, sort', () => {
    async function setControl(el: ChannelList, label: string, value: string) {
      const field = [...shadow(el).querySelectorAll('label')].find((l) => textOf(l.querySelector('span')) === label)!;
      const control = field.querySelector<HTMLInputElement | HTMLSelectElement>('input, select')!;
      control.value = value;
      control.dispatchEvent(new Event(control instanceof HTMLInputElement ? 'input' : 'change'));
      await el.updateComplete;
    }
    const ids = (el: ChannelList) => rows(el).map((r) => r.dataset.id);

    it('filters by type and by status, searches by name, and says how many match', async () => {
      const { el } = await mountList();
      await setControl(el, 'Type', 'instagram');
      expect(ids(el)).to.have.members(['ch_2', 'ch_6']);
      expect(textOf(shadow(el).querySelector('.count'))).to.equal('2 of 7 channels');
      await setControl(el, 'Type', 'all');
      await setControl(el, 'Status', 'disconnected');
      expect(ids(el)).to.deep.equal(['ch_5']);
      await setControl(el, 'Status', 'all');
      await setControl(el, 'Search by name', 'OUTLET');
      expect(ids(el)).to.deep.equal(['ch_5']);
      await setControl(el, 'Search by name', 'zzz');
      expect(textOf(shadow(el).querySelector('[role="table"]'))).to.contain('No channels match these filters.');
      await expect(el).to.be.accessible();
    });

    it('clearing a search over a virtualized list never shows a match in another row\'s place', async () => {
      const { el } = await mountList({ data: { channels: manyChannels(80, Date.now()) } });
      await until(() => rows(el).length > 5, 'the first rows on screen');
      const place = new Map(rows(el).map((r) => [r.dataset.id, r.getAttribute('aria-rowindex')]));
      const match = rows(el)[4]!;
      await setControl(el, 'Search by name', textOf(match.querySelector('.name')));
      expect(ids(el)).to.deep.equal([match.dataset.id]);
      await setControl(el, 'Search by name', '');
      expect(textOf(shadow(el).querySelector('.count'))).to.equal('80 channels');
      // Until the virtualizer lays the rows out, the body may be empty; what it shows is in its place.
      const misplaced = () => rows(el).filter((r) => place.has(r.dataset.id) && place.get(r.dataset.id) !== r.getAttribute('aria-rowindex'));
      expect(misplaced().map((r) => r.dataset.id), 'at once').to.deep.equal([]);
      await until(() => rows(el).length > 5, 'the rows again');
      expect(misplaced().map((r) => r.dataset.id), 'laid out').to.deep.equal([]);
    });

    it('sorts by status (most urgent first), by name, by date connected', async () => {
      const { el } = await mountList();
      expect(ids(el).slice(0, 3)).to.deep.equal(['ch_2', 'ch_3', 'ch_6']);
      await setControl(el, 'Sort by', 'name');
      expect(ids(el).slice(0, 3), 'ties keep the backend order').to.deep.equal(['ch_3', 'ch_1', 'ch_2']);
      await setControl(el, 'Sort by', 'connected');
      expect(ids(el)[0]).to.equal('ch_6');
    });
  });

  it('renders names as text, never as markup', async () => {
    const attack = '<img src=x onerror="window.__ckXss=1">';
    const channel: ChannelWire = { id: 'x1', type: 'facebook', name: attack, accountId: '<script>window.__ckXss=2</script>', status: 'connected' };
    const { el } = await mountList({ data: { channels: [channel] } });
    await new Promise((r) => setTimeout(r, 50));
    expect(shadow(el).querySelector('img, script')).to.equal(null);
    expect(textOf(rowOf(el, 'x1'))).to.contain(attack);
    expect((window as { __ckXss?: number }).__ckXss).to.equal(undefined);
  });

  it('updates a row when the adapter reports a change', async () => {
    const { el, memory } = await mountList();
    await memory.update('ch_1', { status: 'disconnected', disconnectedAt: new Date().toISOString() });
    await el.updateComplete;
    expect(textOf(rowOf(el, 'ch_1'))).to.contain('Disconnected');
  });

  it('opens the last row\'s menu upwards, inside the scrolling rows, when there is no room below', async () => {
    const { el } = await mountList({ data: { channels: manyChannels(80, Date.now()) } });
    await until(() => rows(el).length > 0, 'the first rows on screen');
    const scroller = shadow(el).querySelector<HTMLElement>('.body.virtual')!;
    rows(el)[0]!.querySelector<HTMLButtonElement>('.edit')!.focus();
    await sendKeys({ press: 'End' });
    await until(() => deepActiveElement()?.closest('[role="row"]')?.getAttribute('aria-rowindex') === '81', 'the last row focused');
    const last = deepActiveElement()!.closest<HTMLElement>('[role="row"]')!;
    await sendKeys({ press: 'Enter' });
    await until(() => !!shadow(el).querySelector('[role="menu"]'), 'the menu');
    const menu = shadow(el).querySelector<HTMLElement>('[role="menu"]')!.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    expect(menu.bottom, 'the menu ends inside the scroller').to.be.at.most(box.bottom);
    expect(menu.top).to.be.at.least(box.top);
    expect(menu.bottom).to.be.at.most(last.querySelector('.edit')!.getBoundingClientRect().top);
    await expect(el).to.be.accessible();
  });

  it('virtualizes 10,000 rows and the keyboard still reaches the last one', async () => {
    const { el } = await mountList({ data: { channels: manyChannels(10_000, Date.now()) } });
    await until(() => el.channels.length === 10_000, 'every page');
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="table"]')!.getAttribute('aria-rowcount')).to.equal('10001');
    await until(() => rows(el).length > 0, 'the first rows on screen');
    expect(rows(el).length).to.be.within(1, 200);
    rows(el)[0]!.querySelector<HTMLButtonElement>('.edit')!.focus();
    await sendKeys({ press: 'End' });
    await until(() => deepActiveElement()?.closest('[role="row"]')?.getAttribute('aria-rowindex') === '10001', 'the last row focused');
    await sendKeys({ press: 'PageUp' });
    await until(() => deepActiveElement()?.closest('[role="row"]')?.getAttribute('aria-rowindex') === '9991', 'ten rows up');
  });

  describe('loading, through the one request mechanism', () => {
    function deferred<T>() {
      let resolve!: (value: T) => void;
      const promise = new Promise<T>((res) => (resolve = res));
      return { promise, resolve };
    }
    const page = (...ids: string[]): ChannelPage => ({
      channels: ids.map((id) => ChannelSchema.parse({ id, type: 'facebook', name: `Page ${id}`, accountId: `fb_${id}`, status: 'connected' })),
      nextCursor: null,
      skipped: 0,
    });

    it('a refresh started while another loads drops the older answer, even when it comes last', async () => {
      const answers: ReturnType<typeof deferred<ChannelPage>>[] = [];
      const backend = { listChannels: () => (answers.push(deferred<ChannelPage>()), answers.at(-1)!.promise), getViewer: () => new Promise(() => {}) };
      const el = await fixture<ChannelList>(html`<channel-list .backend=${backend as unknown as ChannelBackend} .viewer=${{ product: 'caac', role: 'owner' }}></channel-list>`);
      void el.refresh();
      expect(answers).to.have.length(2);
      answers[1]!.resolve(page('new'));
      await until(() => rows(el).length === 1, 'the newer list');
      answers[0]!.resolve(page('old', 'older'));
      await new Promise((r) => setTimeout(r, 50));
      expect(rows(el).map((r) => r.dataset.id)).to.deep.equal(['new']);
    });

    it('a list removed while loading stops its request, and neither loads nor listens again', async () => {
      const signals: AbortSignal[] = [];
      let listening = 0;
      const backend = {
        listChannels: (_: unknown, signal: AbortSignal) => (signals.push(signal), new Promise(() => {})),
        getViewer: () => new Promise(() => {}),
        subscribe: () => (listening++, () => listening--),
      };
      const el = await fixture<ChannelList>(html`<channel-list .backend=${backend as unknown as ChannelBackend} .viewer=${{ product: 'caac', role: 'owner' }}></channel-list>`);
      expect([signals.length, listening]).to.deep.equal([1, 1]);
      el.remove();
      await new Promise((r) => setTimeout(r, 50));
      expect(signals[0]!.aborted).to.equal(true);
      expect([signals.length, listening], 'no request, no subscription after it left').to.deep.equal([1, 0]);
    });
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: renders every string from its catalog`, async () => {
      const t = await loadTranslation(locale);
      const { el } = await mountList({ locale });
      await settled(el);
      await el.updateComplete;
      const text = textOf(shadow(el) as unknown as Element);
      for (const expected of [t.columnChannel, t.columnAccountId, t.status, t.statusTokenExpired, t.statusDisconnected, t.edit, t.searchLabel, t.managedElsewhere]) {
        expect(text, `${locale}: ${expected}`).to.contain(expected);
      }
      if (locale !== 'en') expect(text).to.not.contain('Token expired');
    });
  }
});

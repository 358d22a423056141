// Runs inside the page `npm run bench` opens: mounts <channel-list> and a plain-DOM baseline that
// renders the same rows without a framework, and measures both. Driven by test/bench/run-bench.mjs.
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import type { Channel } from '../../src/core/channel.js';
import { statusView } from '../../src/core/channel-status.js';
import '../../src/define.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import { en } from '../../src/i18n/locales/en.js';
import { statusLabel, typeLabel } from '../../src/i18n/labels.js';
import { manyChannels } from '../../src/mocks/scenarios.js';

const stage = document.querySelector<HTMLElement>('#stage')!;
const frames = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 0));
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The baseline: every row as plain DOM, the same cells, no framework, no virtualization. */
function renderBaseline(channels: readonly Channel[]): HTMLElement {
  const table = document.createElement('div');
  table.setAttribute('role', 'table');
  const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });
  for (const channel of channels) {
    const row = document.createElement('div');
    row.setAttribute('role', 'row');
    row.style.display = 'grid';
    row.style.gridTemplateColumns = '2fr 1fr 1fr 1fr 8rem';
    const cells = [
      `${channel.name} ${typeLabel(en, channel.type)}`,
      channel.accountId,
      statusLabel(en, statusView(channel)),
      channel.connectedAt ? date.format(new Date(channel.connectedAt)) : '',
    ];
    for (const text of cells) {
      const cell = document.createElement('span');
      cell.setAttribute('role', 'cell');
      cell.textContent = text;
      row.append(cell);
    }
    const button = document.createElement('button');
    button.textContent = en.edit;
    row.append(button);
    table.append(row);
  }
  return table;
}

export interface BenchRow {
  rows: number;
  mountMs: number;
  baselineMs: number;
  filterMs: number;
  scrolled: boolean;
}

declare global {
  interface Window {
    prepare(rows: number): Promise<void>;
    measureBaseline(): Promise<number>;
    mountList(): Promise<number>;
    measureSearch(): Promise<number>;
    scrollToEnd(): Promise<boolean>;
    clear(): Promise<void>;
  }
}

let channels: Channel[] = [];
let backend: MemoryBackend | null = null;
let list: ChannelList | null = null;

window.prepare = async (rows) => {
  backend = new MemoryBackend({ channels: manyChannels(rows, Date.now()), viewer: { product: 'caac', role: 'owner' } });
  channels = [];
  // Cursors are the server's own: follow them.
  for (let page = await backend.listChannels({ limit: 500 }); ; ) {
    channels.push(...page.channels);
    if (!page.nextCursor) break;
    page = await backend.listChannels({ cursor: page.nextCursor, limit: 500 });
  }
};

window.measureBaseline = async () => {
  const started = performance.now();
  stage.replaceChildren(renderBaseline(channels));
  await frames();
  return performance.now() - started;
};

window.mountList = async () => {
  const el = document.createElement('channel-list');
  el.backend = backend!;
  el.viewer = { product: 'caac', role: 'owner' };
  const started = performance.now();
  stage.replaceChildren(el);
  await until(() => el.channels.length === channels.length && !!el.shadowRoot?.querySelector('.body [role="row"]'));
  await frames();
  list = el;
  return performance.now() - started;
};

/**
 * One keystroke: from the input event until the list has re-rendered and the browser has laid it out
 * (a forced layout, so the figure does not include waiting for the next frame).
 */
window.measureSearch = async () => {
  const input = list!.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
  const table = list!.shadowRoot!.querySelector<HTMLElement>('[role="table"]')!;
  const times: number[] = [];
  for (const text of ['S', 'St', 'Sto', 'Stor', 'Store', 'Store ', 'Store 0', 'Store 00', 'Store 001', 'Store 0012', 'Store 001', 'Store 00']) {
    const started = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input'));
    await list!.updateComplete;
    void table.offsetHeight;
    times.push(performance.now() - started);
    await frames();
  }
  input.value = '';
  input.dispatchEvent(new Event('input'));
  await list!.updateComplete;
  await frames();
  return median(times);
};

window.scrollToEnd = async () => {
  const body = list!.shadowRoot!.querySelector<HTMLElement>('.body')!;
  body.scrollTop = body.scrollHeight;
  await frames();
  await new Promise((r) => setTimeout(r, 100));
  const last = String(channels.length + 1);
  return !!list!.shadowRoot!.querySelector(`[aria-rowindex="${last}"]`) || channels.length <= list!.virtualizeAbove;
};

window.clear = async () => {
  stage.replaceChildren();
  list = null;
  await frames();
};

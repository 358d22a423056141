import { fixture, html } from '@open-wc/testing';
import type { ChannelBackend } from '../../src/adapters/backend.js';
import { MemoryBackend, type MemoryBackendOptions } from '../../src/mocks/memory-backend.js';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import type { Viewer } from '../../src/core/viewer.js';
// Every element registered before a test runs (the wizard and the dialogs too, which a page loads lazily).
import '../../src/define.js';
import '../../src/elements/add-channel-wizard/define.js';
import '../../src/elements/disconnect-dialog/define.js';
import '../../src/elements/reauthorize-dialog/define.js';
import { loadRowMenu } from '../../src/elements/channel-list/lazy-row-menu.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import type { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import { createHandlers } from '../../src/mocks/handlers.js';
import { parseFailures } from '../../src/mocks/failures.js';
import { typicalOptions } from './backends.js';
import { useMockServer } from './msw.js';

export { until } from './until.js';

// And the rows' Edit menus' module, which a page loads when idle or at the first Edit
// (test/elements/lazy-row-menu.test.ts covers the first Edit before it is here).
await loadRowMenu();

// @lit-labs/virtualizer's harmless "ResizeObserver loop" report would otherwise fail the test that saw it.
window.addEventListener(
  'error',
  (event) => {
    if (event.message?.includes('ResizeObserver loop')) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  },
  true,
);

export interface Mounted<T extends HTMLElement> {
  el: T;
  memory: MemoryBackend;
  backend: ChannelBackend;
  /** With `rest`: serves the same data with no injected failures from now on. */
  heal: () => Promise<void>;
}

export interface MountOptions {
  viewer?: Viewer;
  locale?: string;
  data?: MemoryBackendOptions;
  /** Use this backend (its viewer wins over `viewer`). */
  memory?: MemoryBackend;
  /** Put the REST adapter over the msw handlers in front, with these injected failures. */
  rest?: { fail?: string; latencyMs?: number };
}

let served = 0;

/** The rules and data, and the adapter an element talks to (in memory, or REST over msw). */
export async function backendFor(options: MountOptions = {}) {
  const memory =
    options.memory ?? new MemoryBackend({ ...(options.data ?? typicalOptions()), viewer: options.viewer ?? { product: 'caac', role: 'owner' } });
  if (!options.rest) return { memory, backend: memory as ChannelBackend, heal: async () => {} };
  const baseUrl = `/api-el-${++served}`;
  const serve = (fail?: string) =>
    useMockServer(createHandlers({ backend: memory, baseUrl, latencyMs: options.rest?.latencyMs, failures: parseFailures(fail).plan }));
  await serve(options.rest.fail);
  return { memory, backend: new RestBackend({ baseUrl, readRetries: 0 }) as ChannelBackend, heal: async () => void (await serve()) };
}

/** `<channel-settings>` inside a provider, loaded. */
export async function mountSettings(options: MountOptions = {}): Promise<Mounted<ChannelSettings>> {
  const { memory, backend, heal } = await backendFor(options);
  const provider = await fixture(html`<channel-kit-provider .backend=${backend} locale=${options.locale ?? 'en'}>
    <channel-settings></channel-settings>
  </channel-kit-provider>`);
  const el = provider.querySelector('channel-settings')!;
  await settled(el);
  return { el, memory, backend, heal };
}

/** `<channel-list>` on its own, with its backend and viewer set as properties. */
export async function mountList(options: MountOptions = {}): Promise<Mounted<ChannelList>> {
  const { memory, backend, heal } = await backendFor(options);
  const el = await fixture<ChannelList>(html`<channel-list
    .backend=${backend}
    .viewer=${options.viewer ?? { product: 'caac', role: 'owner' }}
    locale=${options.locale ?? 'en'}
  ></channel-list>`);
  await settled(el);
  return { el, memory, backend, heal };
}

/** Waits until an element (and the Channel Kit elements in its shadow root) stop loading. */
export async function settled(el: Element, timeoutMs = 5_000): Promise<void> {
  const started = performance.now();
  for (;;) {
    const lists = [el, ...(el.shadowRoot?.querySelectorAll('*') ?? [])].filter((e) => e.localName.endsWith('channel-list'));
    const busy = [el, ...lists].some((e) => e.shadowRoot?.querySelector('[aria-busy="true"]'));
    if (!busy) break;
    if (performance.now() - started > timeoutMs) throw new Error('still loading');
    await new Promise((r) => setTimeout(r, 10));
  }
  await (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
}

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export function listOf(settings: ChannelSettings): ChannelList {
  return settings.shadowRoot!.querySelector('channel-list')!;
}

export function rowOf(list: ChannelList, channelId: string): HTMLElement | null {
  return list.shadowRoot!.querySelector(`[role="row"][data-id="${channelId}"]`);
}

export function textOf(root: Element | null | undefined): string {
  return (root?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

import type { VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

type VirtualizerModule = typeof import('@lit-labs/virtualizer/virtualize.js');

// Loaded the first time a list is long enough to need it: most pages never pay for it.
let loaded: VirtualizerModule | undefined;
let loading: Promise<VirtualizerModule> | undefined;

/** `@lit-labs/virtualizer`, once loaded. */
export const virtualizer = () => loaded;

export const loadVirtualizer = () => (loading ??= import('@lit-labs/virtualizer/virtualize.js').then((m) => (loaded = m)));

/** Scrolls item `index` of a virtualized host into view, settling once it is laid out. */
export async function revealItem(host: VirtualizerHostElement | null, index: number): Promise<void> {
  const rendered = loaded && host?.[loaded.virtualizerRef];
  if (!rendered) return;
  rendered.element(index)?.scrollIntoView({ block: 'nearest' });
  await rendered.layoutComplete;
}

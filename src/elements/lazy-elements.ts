import { defineElement } from './define-element.js';
import { ON_DEMAND_ELEMENTS as loaders } from './on-demand-elements.js';

/** The elements a page needs only after a click (src/elements/element-list.ts says which). */
export type LazyTag = keyof typeof loaders;
export const LAZY_TAGS = Object.keys(loaders) as LazyTag[];

const loading = new WeakMap<CustomElementRegistry, Map<string, Promise<void>>>();

/**
 * Registers `tag` as `name` in `registry` once its module has loaded: one load per name, shared by
 * every caller. A load that failed (offline) is forgotten, so the next call tries again.
 */
export function defineLazy(tag: LazyTag, name: string = tag, registry: CustomElementRegistry = customElements): Promise<void> {
  if (registry.get(name)) return Promise.resolve();
  let byName = loading.get(registry);
  if (!byName) loading.set(registry, (byName = new Map()));
  let load = byName.get(name);
  if (!load) {
    load = loaders[tag]().then(
      (element) => defineElement(registry, name, tag, element),
      (error: unknown) => {
        byName.delete(name);
        throw error;
      },
    );
    byName.set(name, load);
  }
  return load;
}

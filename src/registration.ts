import { FIRST_PAINT_ELEMENTS } from './elements/first-paint-elements.js';
import { defineElement } from './elements/define-element.js';
import { LAZY_TAGS, defineLazy } from './elements/lazy-elements.js';
import { whenIdle } from './core/when-idle.js';

export interface DefineOptions {
  /** `acme` registers `acme-channel-list` and so on. */
  prefix?: string;
  /** A scoped registry, where the browser has them; the global one otherwise. */
  registry?: CustomElementRegistry;
}

/**
 * Registers every Channel Kit element. Safe to call twice, or from two copies of the SDK on one page:
 * a name that is taken is left as it is, and the names another copy registered first (its list,
 * badge, settings page and provider) stay that copy's, its wizard and dialogs included.
 *
 * The list, the badge, the settings page and the provider are registered at once. The wizard and the
 * dialogs load as modules of their own when the page is next idle (or sooner, when a
 * `<channel-settings>` needs one): the returned promise settles once they are registered too.
 */
export function define(options: DefineOptions = {}): Promise<void> {
  const registry = options.registry ?? customElements;
  const nameOf = (tag: string) => (options.prefix ? `${options.prefix}-${tag}` : tag);
  for (const [tag, element] of FIRST_PAINT_ELEMENTS) defineElement(registry, nameOf(tag), tag, element);
  // Names another copy of the SDK took first are that copy's, the wizard and the dialogs under them
  // too: its <channel-settings> hands them its own context, which this copy's dialogs would not hear.
  const ours = FIRST_PAINT_ELEMENTS.every(([tag, element]) => isOrExtends(registry.get(nameOf(tag)), element));
  if (!ours) return Promise.all(LAZY_TAGS.map((tag) => registry.whenDefined(nameOf(tag)))).then(() => {});
  const lazy = new Promise<void>((resolve, reject) => {
    whenIdle(() => Promise.all(LAZY_TAGS.map((tag) => defineLazy(tag, nameOf(tag), registry))).then(() => resolve(), reject));
  });
  // A page that does not wait for them hears nothing of a failed preload: the first need loads again.
  lazy.catch(() => {});
  return lazy;
}

const isOrExtends = (registered: CustomElementConstructor | undefined, element: CustomElementConstructor) =>
  registered === element || (registered !== undefined && registered.prototype instanceof element);

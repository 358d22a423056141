/** Element classes by their default tag name; each element's issue adds itself here. */
const ELEMENTS: Record<string, CustomElementConstructor> = {};

export interface DefineOptions {
  /** `acme` registers `acme-channel-list` and so on. */
  prefix?: string;
  /** A scoped registry, where the browser has them; the global one otherwise. */
  registry?: CustomElementRegistry;
}

/**
 * Registers every Channel Kit element. Safe to call twice, or from two copies of the SDK on one page:
 * a name that is taken is left as it is.
 */
export function define(options: DefineOptions = {}): void {
  const registry = options.registry ?? customElements;
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    const name = options.prefix ? `${options.prefix}-${tag}` : tag;
    if (registry.get(name)) continue;
    // A class can be registered under one name only per registry; give each prefix its own subclass.
    registry.define(name, options.prefix ? class extends (element as typeof HTMLElement) {} : element);
  }
}

export function registerElement(tag: string, element: CustomElementConstructor): void {
  ELEMENTS[tag] = element;
}

/** The registry each registered class went into (`define({ registry })`), for what it loads later. */
const registries = new WeakMap<CustomElementConstructor, CustomElementRegistry>();

/** The registry `element`'s class was registered in; the global one when it was not told. */
export function registryOf(element: Element): CustomElementRegistry {
  return registries.get(element.constructor as CustomElementConstructor) ?? customElements;
}

/**
 * Registers `element` as `name`, unless the name is taken (left as it is: two copies of the SDK on
 * one page must not throw). A registry takes a class under one name only, so a class registered
 * already, or under a name not its own (`acme-channel-list`), gets a subclass of its own.
 */
export function defineElement(registry: CustomElementRegistry, name: string, tag: string, element: CustomElementConstructor): void {
  if (registry.get(name)) return;
  const registered = name === tag && !registry.getName(element) ? element : class extends (element as typeof HTMLElement) {};
  registries.set(registered, registry);
  registry.define(name, registered);
}

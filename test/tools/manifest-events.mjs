// What custom-elements.json says about events, read once for the element reference
// (docs/elements.md) and the React wrappers' callbacks (src/react/element-events.ts), so the two
// cannot disagree. The analyzer's plugins (test/tools/cem-plugins.mjs) leave one entry per event name
// with its class as the type; the class's non-static fields are what the event carries.

/** `channel-connect-error` → `onChannelConnectError`: the React wrappers' callback name. */
export function callbackName(eventName) {
  return `on${eventName
    .split('-')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')}`;
}

/** Event classes by class name: `{ className, eventName, module, fields: [{ name, type }] }`. */
export function eventClasses(manifest) {
  const classes = new Map();
  for (const mod of manifest.modules ?? []) {
    for (const decl of mod.declarations ?? []) {
      if (decl.kind !== 'class') continue;
      const type = (decl.members ?? []).find((m) => m.kind === 'field' && m.static && m.name === 'type');
      const eventName = unquote(type?.default);
      if (!eventName) continue;
      const fields = (decl.members ?? [])
        .filter((m) => m.kind === 'field' && !m.static && m.privacy !== 'private' && m.privacy !== 'protected')
        .map((m) => ({ name: m.name, type: m.type?.text ?? 'unknown' }));
      classes.set(decl.name, { className: decl.name, eventName, module: mod.path, description: decl.description ?? '', fields });
    }
  }
  return classes;
}

/** The custom elements (declarations with a tag name), by tag name. */
export function customElements(manifest) {
  const elements = [];
  for (const mod of manifest.modules ?? []) {
    for (const decl of mod.declarations ?? []) {
      if (decl.tagName) elements.push({ ...decl, modulePath: mod.path });
    }
  }
  return elements.sort((a, b) => (a.tagName < b.tagName ? -1 : a.tagName > b.tagName ? 1 : 0));
}

/**
 * An element's events, in their `@fires` order: `{ name, className, description, fields, callback }`.
 * An event without a known class (the analyzer's plugin stops on those) is an error here too.
 */
export function eventsOf(element, classes) {
  const byClassEventName = new Map([...classes.values()].map((c) => [c.eventName, c]));
  const seen = new Set();
  const events = [];
  for (const event of element.events ?? []) {
    if (!event.name || seen.has(event.name)) continue;
    seen.add(event.name);
    const eventClass = classes.get(event.type?.text?.trim() ?? '') ?? byClassEventName.get(event.name);
    if (!eventClass) throw new Error(`<${element.tagName}> fires '${event.name}', which has no event class in custom-elements.json. Run \`npm run analyze\`.`);
    events.push({
      name: event.name,
      className: eventClass.className,
      module: eventClass.module,
      description: event.description || eventClass.description,
      fields: eventClass.fields,
      callback: callbackName(event.name),
    });
  }
  return events;
}

function unquote(text) {
  const match = typeof text === 'string' ? /^(['"`])(.*)\1$/.exec(text.trim()) : null;
  return match ? match[2] : undefined;
}

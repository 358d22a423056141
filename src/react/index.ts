// React components for every Channel Kit element (through @lit/react): typed props, and a typed
// callback for every event the element fires (`onChannelConnected`, …). Both are generated from the
// element list and custom-elements.json (components.ts, element-events.ts), so they follow the
// elements' `@fires` lines. Importing this module registers the default tag names.
import '../define.js';

export * from './components.js';
export { elementEvents } from './element-events.js';

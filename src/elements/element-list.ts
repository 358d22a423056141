/**
 * Every Channel Kit element by its default tag name, and when a page loads it: the one list of
 * elements. What a page shows first is registered at once; the rest are modules of their own, loaded
 * when first needed or when the page is idle. The build's entries (vite.config.ts), the registration,
 * the root entry's exports and the React wrappers are derived from it: `npm run docs` writes
 * `first-paint-elements.ts`, `on-demand-elements.ts`, `on-demand-classes.ts` and
 * `src/react/components.ts` (CI checks they are current). Adding an element is its folder
 * (`<tag>/<tag>.ts` and `<tag>/define.ts`) and a line here.
 */
export const ELEMENT_LIST = {
  'channel-kit-provider': 'first-paint',
  'channel-status-badge': 'first-paint',
  'channel-list': 'first-paint',
  'channel-settings': 'first-paint',
  'disconnect-dialog': 'on-demand',
  'reauthorize-dialog': 'on-demand',
  'add-channel-wizard': 'on-demand',
} as const satisfies Record<string, 'first-paint' | 'on-demand'>;

export type ElementTag = keyof typeof ELEMENT_LIST;

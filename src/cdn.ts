// The CDN build's entry (`dist/cdn/channel-kit.js`): what a page needs before its first paint, with
// the default tags registered on load. The wizard and the dialogs (their classes, and the popup flow
// they run) are modules beside it, loaded when first needed or when the page is idle: `await define()`
// (or `customElements.whenDefined('add-channel-wizard')`) before using one alone.
export * from './first-paint.js';
import './define.js';

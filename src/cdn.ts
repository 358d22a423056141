// The single-file bundle: everything, plus the default tags registered on load.
export * from './index.js';
export { define } from './registration.js';
import './define.js';

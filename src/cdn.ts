// The single-file bundle: everything, with the default tags registered on load.
export * from './index.js';
import './define.js';

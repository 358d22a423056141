// Registers the default tag names: the only module with side effects besides the CDN bundle. The
// wizard and the dialogs are registered once their modules have loaded (see `define`).
import { define } from './registration.js';
import type {} from './elements/tag-name-map.js';

void define();

// Registers the default tag names. The only module with side effects besides the CDN bundle.
import { define } from './registration.js';

define();

import { enFirstPaint } from './en-first-paint.js';
import { enOnDemand } from './en-on-demand.js';

/**
 * The English catalog whole: the source every other locale must match key for key (see
 * `Translation`), in the order the build ships the other locales' messages. The elements never import
 * it: they take its two parts as they need them, the first paint's (./en-first-paint.ts) at once, the
 * wizard's and the dialogs' (./en-on-demand.ts) with those.
 */
export const en = { ...enFirstPaint, ...enOnDemand };

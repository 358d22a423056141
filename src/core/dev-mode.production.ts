// What production builds run in place of ./dev-mode.ts (see there): the same names, doing nothing,
// and `DEV_MODE` false, so that bundlers drop every `if (DEV_MODE) …` call and none of the warnings'
// text ships. Each name is typed as its development twin, so the two cannot drift apart.
import type * as Development from './dev-mode.js';

export const DEV_MODE: typeof Development.DEV_MODE = false;
export const devModeTiming: typeof Development.devModeTiming = { backendGraceMs: 0 };
export const expectBackend: typeof Development.expectBackend = () => {};
export const warnRejectedMessage: typeof Development.warnRejectedMessage = () => {};

// And no name is missing (a production build would otherwise fail on the import).
type Assert<T extends true> = T;
type _EveryName = Assert<[Exclude<keyof typeof Development, keyof typeof import('./dev-mode.production.js')>] extends [never] ? true : false>;

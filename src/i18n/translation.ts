import type { en } from './locales/en.js';

type Catalog = typeof en;

/** Every locale provides every key, with the same parameters: a missing key fails the type check. */
export type Translation = {
  [K in keyof Catalog]: Catalog[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};
export type MessageKey = keyof Translation;

import { en } from './locales/en.js';
import type { Locale } from './locales.js';
import type { MessageKey, Translation } from './translation.js';

const KEYS = Object.keys(en) as MessageKey[];

/**
 * The build ships an extra locale as its messages alone, in English's key order
 * (test/tools/shipped-catalogs.ts); straight from the sources it is still keyed.
 */
function withKeys(catalog: Translation | readonly unknown[]): Translation {
  return Array.isArray(catalog) ? (Object.fromEntries(KEYS.map((key, i) => [key, catalog[i]])) as Translation) : (catalog as Translation);
}

/** English ships with every element; the others load on first use, one small chunk each. */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Translation>> = {
  'zh-TW': () => import('./locales/zh-TW.js').then((m) => withKeys(m.zhTW)),
  th: () => import('./locales/th.js').then((m) => withKeys(m.th)),
  ja: () => import('./locales/ja.js').then((m) => withKeys(m.ja)),
};

const loaded = new Map<Locale, Translation>([['en', en]]);
const pending = new Map<Locale, Promise<Translation>>();

/** The catalog if it is already here; `undefined` while it is still loading. */
export function loadedTranslation(locale: Locale): Translation | undefined {
  return loaded.get(locale);
}

export function loadTranslation(locale: Locale): Promise<Translation> {
  const ready = loaded.get(locale);
  if (ready) return Promise.resolve(ready);
  let promise = pending.get(locale);
  if (!promise) {
    promise = loaders[locale as Exclude<Locale, 'en'>]().then(
      (translation) => {
        // A catalog the host registered meanwhile wins over the shipped one.
        if (!loaded.has(locale)) loaded.set(locale, translation);
        pending.delete(locale);
        return loaded.get(locale)!;
      },
      (error: unknown) => {
        pending.delete(locale);
        throw error;
      },
    );
    pending.set(locale, promise);
  }
  return promise;
}

/** Lets a host supply or override a catalog (e.g. its own wording), without a network request. */
export function registerTranslation(locale: Locale, translation: Translation): void {
  loaded.set(locale, translation);
}

import { enFirstPaint } from './locales/en-first-paint.js';
import type { enOnDemand } from './locales/en-on-demand.js';
import type { Locale } from './locales.js';
import type { Translation } from './translation.js';

type OnDemandMessages = typeof enOnDemand;

/**
 * The messages only the wizard and the dialogs show, in English: here once one of those has loaded
 * (they bring them, see `addOnDemandMessages`) or once `loadTranslation` was asked for a whole catalog.
 */
let onDemand: OnDemandMessages | undefined;

/**
 * The build ships an extra locale as its messages alone, in English's key order: the first paint's
 * keys, then the wizard's and the dialogs' (test/tools/shipped-catalogs.ts). The first paint's are
 * keyed at once; the others once English's on-demand messages (and so their keys) are here. Straight
 * from the sources a catalog is still keyed.
 */
function withKeys(catalog: Translation | readonly unknown[]): Translation {
  if (!Array.isArray(catalog)) return catalog as Translation;
  const keys = [...Object.keys(enFirstPaint), ...Object.keys(onDemand ?? {})];
  return Object.fromEntries(keys.map((key, i) => [key, catalog[i]])) as Translation;
}

/** English's first paint messages, until the on-demand ones join them. */
const ENGLISH = enFirstPaint as Translation;

/** English ships with every element; the others load on first use, one small chunk each. */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<readonly unknown[] | Translation>> = {
  'zh-TW': () => import('./locales/zh-TW.js').then((m) => m.zhTW),
  th: () => import('./locales/th.js').then((m) => m.th),
  ja: () => import('./locales/ja.js').then((m) => m.ja),
};

/** Each locale's catalog as it came (shipped, or registered by the host), and as keyed for use. */
const loaded = new Map<Locale, Translation | readonly unknown[]>([['en', ENGLISH]]);
const keyed = new Map<Locale, Translation>();
const pending = new Map<Locale, Promise<void>>();

/**
 * The catalog as far as it is here, `undefined` while the locale's messages are still loading: the
 * first paint's messages at least, the wizard's and the dialogs' too once those have loaded.
 */
export function loadedTranslation(locale: Locale): Translation | undefined {
  const catalog = loaded.get(locale);
  if (!catalog) return undefined;
  let translation = keyed.get(locale);
  if (!translation) {
    translation = catalog === ENGLISH ? ({ ...enFirstPaint, ...onDemand } as Translation) : withKeys(catalog);
    keyed.set(locale, translation);
  }
  return translation;
}

/**
 * The wizard's and the dialogs' English messages, which their modules bring (the first paint's catalog
 * leaves them out): every catalog is keyed afresh to include them. A second call changes nothing.
 */
export function addOnDemandMessages(messages: OnDemandMessages): void {
  if (onDemand) return;
  onDemand = messages;
  keyed.clear();
}

/** Resolves once `locale`'s own messages are here (at once for English), with the catalog as it stands. */
export function loadLocaleMessages(locale: Locale): Promise<Translation> {
  if (loaded.has(locale)) return Promise.resolve(loadedTranslation(locale)!);
  let promise = pending.get(locale);
  if (!promise) {
    promise = loaders[locale as Exclude<Locale, 'en'>]().then(
      (catalog) => {
        // A catalog the host registered meanwhile wins over the shipped one.
        if (!loaded.has(locale)) loaded.set(locale, catalog);
        pending.delete(locale);
      },
      (error: unknown) => {
        pending.delete(locale);
        throw error;
      },
    );
    pending.set(locale, promise);
  }
  return promise.then(() => loadedTranslation(locale)!);
}

/** A whole catalog, every message (the wizard's and the dialogs' too), loading what is not here yet. */
export async function loadTranslation(locale: Locale): Promise<Translation> {
  const [messages] = await Promise.all([onDemand ?? import('./locales/en-on-demand.js').then((m) => m.enOnDemand), loadLocaleMessages(locale)]);
  addOnDemandMessages(messages);
  return loadedTranslation(locale)!;
}

/** Lets a host supply or override a catalog (e.g. its own wording), without a network request. */
export function registerTranslation(locale: Locale, translation: Translation): void {
  loaded.set(locale, translation);
  keyed.delete(locale);
}

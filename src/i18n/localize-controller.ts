import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadTranslation, loadedTranslation } from './catalog.js';
import { en } from './locales/en.js';
import { resolveLocale, type Locale } from './locales.js';
import type { Translation } from './translation.js';

export type LocalizedHost = ReactiveControllerHost & HTMLElement;

/**
 * Gives an element its own locale: the one set on it (or by its provider), else the nearest
 * `lang` attribute, else the document's. Loads the catalog on first use and re-renders when it lands.
 */
export class LocalizeController implements ReactiveController {
  private readonly host: LocalizedHost;
  private readonly preferred: () => string | null | undefined;
  private failed = new Set<Locale>();

  /** `preferred` gives the locale set on the element or by its provider, which wins over any `lang`. */
  constructor(host: LocalizedHost, preferred: () => string | null | undefined = () => undefined) {
    this.host = host;
    this.preferred = preferred;
    host.addController(this);
  }

  hostConnected(): void {}

  get locale(): Locale {
    const host = this.host;
    const tag = this.preferred() || host.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    return resolveLocale(tag);
  }

  /** The messages in the element's locale (English until another catalog has loaded). */
  get t(): Translation {
    const locale = this.locale;
    const translation = loadedTranslation(locale);
    if (translation) return translation;
    if (!this.failed.has(locale)) {
      loadTranslation(locale).then(
        () => this.host.requestUpdate(),
        () => this.failed.add(locale),
      );
    }
    return en;
  }

  /** Resolves once the element's catalog is ready (tests and hosts that want no English flash). */
  ready(): Promise<Translation> {
    return loadTranslation(this.locale);
  }

  date(iso: string): string {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium' }).format(new Date(iso));
  }
}

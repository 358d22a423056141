import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadTranslation, loadedTranslation } from './catalog.js';
import { en } from './locales/en.js';
import { resolveLocale, type Locale } from './locales.js';
import type { Translation } from './translation.js';

export interface LocalizedHost extends ReactiveControllerHost, HTMLElement {
  /** Set directly, or handed down by the provider; wins over any `lang` around the element. */
  locale?: string | null;
}

/**
 * Gives an element its own locale: its `locale` property (or the provider's), else the nearest
 * `lang` attribute, else the document's. Loads the catalog on first use and re-renders when it lands.
 */
export class LocalizeController implements ReactiveController {
  private readonly host: LocalizedHost;
  private failed = new Set<Locale>();

  constructor(host: LocalizedHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  get locale(): Locale {
    const host = this.host;
    const tag = host.locale || host.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
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

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadLocaleMessages, loadedTranslation } from './catalog.js';
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
  /** Worked out once per render: a row of ten thousand asks for the locale many times. */
  private cached?: { locale: Locale; t: Translation; dates: Intl.DateTimeFormat };

  /** `preferred` gives the locale set on the element or by its provider, which wins over any `lang`. */
  constructor(host: LocalizedHost, preferred: () => string | null | undefined = () => undefined) {
    this.host = host;
    this.preferred = preferred;
    host.addController(this);
  }

  hostUpdate(): void {
    this.cached = undefined;
    this.cached = this.resolve();
  }

  hostUpdated(): void {
    this.cached = undefined;
  }

  get locale(): Locale {
    return (this.cached ?? this.resolve()).locale;
  }

  /** The messages in the element's locale (English until another catalog has loaded). */
  get t(): Translation {
    return (this.cached ?? this.resolve()).t;
  }

  /** Resolves once the element's catalog is ready (tests and hosts that want no English flash). */
  ready(): Promise<Translation> {
    return loadLocaleMessages(this.locale);
  }

  date(iso: string): string {
    return (this.cached ?? this.resolve()).dates.format(new Date(iso));
  }

  private resolve() {
    const host = this.host;
    const tag = this.preferred() || nearestLang(host) || document.documentElement.lang;
    const locale = resolveLocale(tag);
    let t = loadedTranslation(locale);
    if (!t) {
      if (!this.failed.has(locale)) {
        loadLocaleMessages(locale).then(
          () => this.host.requestUpdate(),
          () => this.failed.add(locale),
        );
      }
      t = loadedTranslation('en')!;
    }
    return { locale, t, dates: dateFormat(locale) };
  }
}

/** The nearest `lang` above the element, looking through the shadow roots it sits in. */
function nearestLang(element: Element): string | null {
  let node: Element | null = element;
  while (node) {
    const found = node.closest('[lang]');
    if (found) return found.getAttribute('lang');
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

function dateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })));
  return format;
}

import { KNOWN_ROLES, PRODUCTS, type Product } from '../src/core/viewer.js';
import { SUPPORTED_LOCALES, type Locale } from '../src/i18n/locales.js';
import { SCENARIOS, type ScenarioName } from '../src/mocks/scenarios.js';

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const LATENCIES = [0, 300, 1000, 3000] as const;

/** Everything the side panel sets; each is a URL query parameter, so a link reproduces a setup. */
export interface DemoSettings {
  /** Which story is on the stage (see stories.ts). */
  story: string;
  product: Product;
  role: string;
  locale: Locale;
  theme: Theme;
  scenario: ScenarioName;
  latency: number;
  fail: string;
  /**
   * An optional name for a workspace of its own (`<scenario>~<ws>`), so a link starts from the
   * scenario's data untouched by other visits. Only in the URL, not in the side panel.
   */
  ws: string;
}

export const DEFAULTS: DemoSettings = {
  story: 'settings',
  product: 'caac',
  role: 'owner',
  locale: 'en',
  theme: 'light',
  scenario: 'typical',
  latency: 300,
  fail: '',
  ws: '',
};

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

export function readSettings(search: string): DemoSettings {
  const params = new URLSearchParams(search);
  const latency = Number(params.get('latency'));
  return {
    story: /^[a-z-]+$/.test(params.get('story') ?? '') ? params.get('story')! : DEFAULTS.story,
    product: pick(params.get('product'), PRODUCTS, DEFAULTS.product),
    role: pick(params.get('role'), KNOWN_ROLES, DEFAULTS.role as (typeof KNOWN_ROLES)[number]),
    locale: pick(params.get('locale'), SUPPORTED_LOCALES, DEFAULTS.locale),
    theme: pick(params.get('theme'), THEMES, DEFAULTS.theme),
    scenario: pick(params.get('scenario'), SCENARIOS, DEFAULTS.scenario),
    latency: params.has('latency') && Number.isFinite(latency) && latency >= 0 ? Math.min(latency, 30_000) : DEFAULTS.latency,
    fail: params.get('fail') ?? DEFAULTS.fail,
    ws: /^[\w-]{1,40}$/.test(params.get('ws') ?? '') ? params.get('ws')! : DEFAULTS.ws,
  };
}

/** Only what differs from the defaults goes into the link. */
export function settingsToSearch(settings: DemoSettings): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS) as (keyof DemoSettings)[]) {
    if (settings[key] !== DEFAULTS[key]) params.set(key, String(settings[key]));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const SUPPORTED_LOCALES = ['en', 'zh-TW', 'th', 'ja'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Best supported match for a BCP 47 tag: `th-TH` → `th`, `zh-Hant-HK` → `zh-TW`, anything else → `en`. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? '').trim().toLowerCase();
  if (!lower) return 'en';
  if (lower === 'zh-tw' || lower.startsWith('zh-hant') || lower === 'zh-hk' || lower === 'zh-mo') return 'zh-TW';
  const language = lower.split('-')[0];
  return language === 'th' || language === 'ja' ? language : 'en';
}

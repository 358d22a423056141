// What a page needs before its first paint: the schemas, the REST adapter, the catalogs' API, the
// list, the badge, the settings page and the provider, and `define`. The root entry adds the wizard,
// the dialogs and the popup flow; the CDN build's entry (src/cdn.ts) is this alone, so those load as
// modules of their own.
export * from './core/channel.js';
export * from './core/viewer.js';
export * from './core/authorization.js';
export * from './core/errors.js';
export { parseChannelRows } from './core/parse-channel-rows.js';
export * from './permissions/policy.js';
export type * from './adapters/backend.js';
export { RestBackend, type RestBackendOptions } from './adapters/rest-backend.js';
export { SUPPORTED_LOCALES, resolveLocale, type Locale } from './i18n/locales.js';
export { loadTranslation, registerTranslation } from './i18n/catalog.js';
export { LocalizeController } from './i18n/localize-controller.js';
export { describeError, type UserFacingError } from './i18n/error-message.js';
export type { Translation, MessageKey } from './i18n/translation.js';
export * from './elements/first-paint-classes.js';
export { channelKitContext, type ChannelKitConfig, type Theme } from './context/channel-kit-context.js';
export * from './events/channel-events.js';
export * from './core/channel-status.js';
export { DEFAULT_GUIDE_LINKS, type GuideLinks } from './elements/add-channel-wizard/guide-links.js';
export { define, type DefineOptions } from './registration.js';

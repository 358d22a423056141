// The root entry: classes, schemas, adapters and helpers, with no side effects (nothing is
// registered). Import `channel-kit/define` to register the default tag names.
export * from './core/channel.js';
export * from './core/viewer.js';
export * from './core/authorization.js';
export * from './core/errors.js';
export { parseChannelRows } from './core/parse-channel-rows.js';
export * from './permissions/policy.js';
export type * from './adapters/backend.js';
export { RestBackend, type RestBackendOptions } from './adapters/rest-backend.js';
export { MemoryBackend, type MemoryBackendOptions } from './adapters/memory-backend.js';
export type { MetaAccount, MetaPortfolio, MetaWorld } from './adapters/meta-world.js';
export { SUPPORTED_LOCALES, resolveLocale, type Locale } from './i18n/locales.js';
export { loadTranslation, registerTranslation } from './i18n/catalog.js';
export { LocalizeController } from './i18n/localize-controller.js';
export { describeError, type UserFacingError } from './i18n/error-message.js';
export type { Translation, MessageKey } from './i18n/translation.js';
export { define, type DefineOptions } from './registration.js';

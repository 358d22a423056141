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
export { SUPPORTED_LOCALES, resolveLocale, type Locale } from './i18n/locales.js';
export { loadTranslation, registerTranslation } from './i18n/catalog.js';
export { LocalizeController } from './i18n/localize-controller.js';
export { describeError, type UserFacingError } from './i18n/error-message.js';
export type { Translation, MessageKey } from './i18n/translation.js';

export { ChannelKitProvider } from './elements/channel-kit-provider/channel-kit-provider.js';
export { ChannelStatusBadge } from './elements/channel-status-badge/channel-status-badge.js';
export { ChannelList } from './elements/channel-list/channel-list.js';
export { DisconnectDialog } from './elements/disconnect-dialog/disconnect-dialog.js';
export { ChannelSettings } from './elements/channel-settings/channel-settings.js';
export { AddChannelWizard } from './elements/add-channel-wizard/add-channel-wizard.js';
export { ReauthorizeDialog } from './elements/reauthorize-dialog/reauthorize-dialog.js';
export { runAuthorization, type RunAuthorizationOptions } from './popup/run-authorization.js';
export { awaitAuthorization, type AuthorizationOutcome, type AwaitAuthorizationOptions } from './popup/await-authorization.js';
export { parseEmbeddedSignupMessage, type EmbeddedSignupEvent } from './popup/embedded-signup.js';
export { channelKitContext, type ChannelKitConfig, type Theme } from './context/channel-kit-context.js';
export { DEFAULT_GUIDE_LINKS, type GuideLinks } from './elements/add-channel-wizard/prerequisites.js';
export * from './events/channel-events.js';
export * from './core/channel-status.js';
export { define, type DefineOptions } from './registration.js';

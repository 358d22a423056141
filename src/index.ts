// The root entry: classes, schemas, adapters and helpers, with no side effects (nothing is
// registered). Import `channel-kit/define` to register the default tag names.
export * from './first-paint.js';
export * from './elements/on-demand-classes.js';
export { runAuthorization, type RunAuthorizationOptions } from './popup/run-authorization.js';
export { awaitAuthorization, type AuthorizationOutcome, type AwaitAuthorizationOptions } from './popup/await-authorization.js';
export { parseEmbeddedSignupMessage, type EmbeddedSignupEvent } from './popup/embedded-signup.js';

// The Graph API emulator: a local HTTP server that answers like Meta's Graph API and Login dialog,
// for host teams' tests, the server's tests, the E2E suite and the demo. Node only (node:http).
export {
  startGraphEmulator,
  completeDialog,
  type GraphEmulator,
  type GraphEmulatorOptions,
  type GraphCall,
  type Grant,
  type ConsentChoice,
  type ConsentOutcome,
} from './server.js';
export { META_ERROR_CODES, RATE_LIMIT_CODES, type InjectedError, type GraphErrorEnvelope } from './errors.js';
export {
  sendWebhook,
  sendSignedRequest,
  signedRequest,
  verifyWebhookEndpoint,
  webhookSignature,
  metaJson,
  whatsappAccountUpdate,
  businessIntegrationChange,
  type SendWebhookOptions,
  type WebhookDelivery,
} from './webhooks.js';
export {
  buildWorld,
  worldFromMetaWorld,
  instagramPageId,
  wabaIdOf,
  ALL_PAGE_TASKS,
  CONFIG_PERMISSIONS,
  type EmulatedChannelType,
  type EmulatorWorld,
  type EmulatorWorldInput,
  type EmulatorPageInput,
  type EmulatorInstagramInput,
  type EmulatorWabaInput,
  type EmulatorPhoneNumberInput,
  type EmulatorBusinessInput,
} from './world.js';

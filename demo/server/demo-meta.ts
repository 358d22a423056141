// `npm start`'s Meta: the Graph API emulator (channel-kit/testing/graph-emulator), holding the demo's
// businesses and accounts, and the server's real Graph API client pointed at it. The server knows Meta
// only as a base URL. The app's settings are fixed here, in one place, so the E2E suite (which starts
// its own emulator and passes its URL in CHANNEL_KIT_DEMO_META_URL) signs webhooks with the same secret.
import { GraphApiClient } from '../../src/server/meta/graph-client.js';
import { metaWorld } from '../../src/mocks/scenarios.js';
import { startGraphEmulator, worldFromMetaWorld, type EmulatorWorldInput, type GraphEmulator } from '../../src/testing/graph-emulator/index.js';

/** The demo's Meta app. Not secrets: the demo's Meta is an emulator on this machine. */
export const DEMO_META_APP = {
  appId: '1000200030004000',
  appSecret: 'channel-kit-demo-app-secret',
  appName: 'Channel Kit Demo',
  /** The Login for Business configurations (one per channel type). */
  configIds: { facebook: 'demo_cfg_facebook', instagram: 'demo_cfg_instagram', whatsapp: 'demo_cfg_whatsapp' },
  /** Meta's webhook handshake sends it back (`hub.verify_token`). */
  webhookVerifyToken: 'channel-kit-demo-verify-token',
  graphVersion: 'v25.0',
  /** The person logged in to Facebook in the emulator's dialog (the deauthorize callback names them). */
  user: { id: '10000000001', name: 'Somchai J.' },
} as const;

/** Where Meta posts to the server: the webhook route and the deauthorize callback, under the demo's `/api`. */
export const DEMO_WEBHOOK_PATH = '/api/webhooks/meta';
export const DEMO_DEAUTHORIZE_PATH = '/api/webhooks/meta/deauthorize';

/**
 * The demo's world as Meta holds it (src/mocks/scenarios.ts `metaWorld()`): Bangkok Coffee Co. and Siam
 * Retail Group; Facebook Pages, Instagram accounts each on a Page of its own, WhatsApp numbers each in
 * a WABA; the ineligible cases come out of Meta's own answers (a personal Instagram account, one whose
 * Page is in another portfolio; a permission unticked in the dialog; an account connected elsewhere).
 */
export function demoEmulatorWorld(): EmulatorWorldInput {
  const { appId, appSecret, appName, configIds, user } = DEMO_META_APP;
  return worldFromMetaWorld(metaWorld(), { appId, appSecret, appName, configIds, user: { ...user } });
}

/** Starts the demo's emulator on a free port; `stateFile` keeps its tokens across restarts (beside the demo's database). */
export function startDemoGraphEmulator(options: { stateFile?: string } = {}): Promise<GraphEmulator> {
  return startGraphEmulator({ world: demoEmulatorWorld(), version: DEMO_META_APP.graphVersion, stateFile: options.stateFile });
}

/** The server's Meta client for the emulator at `metaUrl`: Graph calls and the dialog both go there. */
export function demoGraphClient(metaUrl: string): GraphApiClient {
  const { appId, appSecret, configIds, graphVersion } = DEMO_META_APP;
  return new GraphApiClient({ appId, appSecret, configIds: { ...configIds }, graphBaseUrl: metaUrl, dialogBaseUrl: metaUrl, version: graphVersion, timeoutMs: 10_000 });
}

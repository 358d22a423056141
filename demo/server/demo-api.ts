// `npm start`'s backend: channel-kit/server in the Vite dev server, over real HTTP, on PGlite in a data
// directory (`.demo-data/`, git-ignored), in its demo mode: the side panel's viewer, workspace,
// latency and failures arrive as request headers. Meta is the Graph API emulator (demo-meta.ts), which
// the server knows only as a base URL: its Graph API client calls it, the popup goes to its dialog,
// and its webhooks and deauthorize callbacks come to `/api/webhooks/meta`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { generateTokenKey, TokenVault, type TokenKey } from '../../src/server/crypto/token-vault.js';
import { createChannelKitHandler } from '../../src/server/http/handler.js';
import { toNodeListener } from '../../src/server/node.js';
import type { Identity } from '../../src/server/service.js';
import type { ChannelStore } from '../../src/server/store/channel-store.js';
import { openStore } from '../../src/server/store/open-store.js';
import { KNOWN_ROLES, PRODUCTS } from '../../src/core/viewer.js';
import { withDemoFaults } from '../../src/mocks/demo-faults.js';
import { toNewChannel } from '../../src/mocks/in-page-server.js';
import { createScenario, SCENARIOS, type ScenarioName } from '../../src/mocks/scenarios.js';
import type { GraphEmulator } from '../../src/testing/graph-emulator/index.js';
import { demoPolicy } from '../demo-policy.js';
import { DEMO_VIEWER_HEADER, DEMO_WORKSPACE_HEADER } from './demo-headers.js';
import { DEMO_META_APP, demoGraphClient, startDemoGraphEmulator } from './demo-meta.js';

/** The demo's token key lives beside its data, so tokens sealed before a restart still open after it. */
function demoTokenKey(dataDir: string): TokenKey {
  const file = join(dataDir, 'token-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TokenKey;
  const key = generateTokenKey('demo');
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

/** The side panel's viewer and workspace (`<scenario>` or `<scenario>~<name>`), from the demo's headers. */
function demoIdentity(request: Request): Identity | null {
  const [product, role] = (request.headers.get(DEMO_VIEWER_HEADER) ?? 'caac:owner').split(':');
  const workspace = request.headers.get(DEMO_WORKSPACE_HEADER) ?? 'typical';
  if (!(PRODUCTS as readonly string[]).includes(product ?? '') || !(KNOWN_ROLES as readonly string[]).includes(role ?? '')) return null;
  if (!/^[a-z]+(~[\w-]{1,40})?$/.test(workspace) || !(SCENARIOS as readonly string[]).includes(workspace.split('~')[0]!)) return null;
  return { workspaceId: `demo:${workspace}`, viewer: { product: product as (typeof PRODUCTS)[number], role: role! } };
}

export function channelKitDemoApi(): Plugin {
  return {
    name: 'channel-kit:demo-api',
    async configureServer(server) {
      const dataDir = process.env.CHANNEL_KIT_DEMO_DATA ?? join(server.config.root, '..', '.demo-data');
      mkdirSync(dataDir, { recursive: true });
      const store: ChannelStore = await openStore({ dataDir: join(dataDir, 'pglite') });
      const seeded = new Set<string>();
      const vault = await TokenVault.create([demoTokenKey(dataDir)]);
      // Meta: a running emulator the caller names (the E2E suite's, which injects errors and sends
      // webhooks), else one of the demo's own whose tokens are kept beside the database.
      const given = process.env.CHANNEL_KIT_DEMO_META_URL;
      const emulator: GraphEmulator | null = given ? null : await startDemoGraphEmulator({ stateFile: join(dataDir, 'graph-emulator.json') });
      const metaUrl = given ?? emulator!.url;
      const shutdown = new AbortController();
      const core = await createChannelKitHandler({
        store,
        meta: demoGraphClient(metaUrl),
        vault,
        basePath: '/api',
        policy: demoPolicy(),
        webhooks: { appSecret: DEMO_META_APP.appSecret, verifyToken: DEMO_META_APP.webhookVerifyToken },
        shutdown: shutdown.signal,
        authenticate: async (request) => {
          const identity = demoIdentity(request);
          if (identity && !seeded.has(identity.workspaceId)) {
            // First sight of a workspace: the scenario's channels, added once (rows already there are kept as they are).
            const scenario = createScenario(identity.workspaceId.slice('demo:'.length).split('~')[0] as ScenarioName);
            await store.importChannels(scenario.channels.map((c) => toNewChannel(identity.workspaceId, c)));
            seeded.add(identity.workspaceId);
          }
          return identity;
        },
        log: process.env.CHANNEL_KIT_DEMO_LOG ? undefined : () => {},
      });
      const api = toNodeListener(withDemoFaults(core, '/api'));
      server.middlewares.use('/api', (req, res) => void api(req, res));
      server.httpServer?.once('listening', () => {
        if (emulator) server.config.logger.info(`  Meta (Graph API emulator): ${emulator.url}`, { timestamp: true });
      });
      server.httpServer?.once('close', () => {
        shutdown.abort();
        void emulator?.close();
        void store.close();
      });
    },
  };
}

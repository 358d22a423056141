import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVault, parseTokenKeys } from './crypto/token-vault.js';
import { createChannelKitHandler, type ChannelKitHandlerOptions, type FetchHandler } from './http/handler.js';
import { metaFromEnv } from './meta/meta-from-env.js';
import type { MetaClient } from './meta/meta-client.js';
import { toNodeListener } from './node.js';
import type { ChannelStore } from './store/channel-store.js';
import { openStore } from './store/open-store.js';

export interface ChannelKitServerOptions extends Omit<ChannelKitHandlerOptions, 'store' | 'vault' | 'meta'> {
  /** Meta's side; by default the Graph API client from `META_APP_ID`, `META_APP_SECRET`, `META_CONFIG_IDS`, … (docs/meta-setup.md). */
  meta?: MetaClient;
  /** A store of your own; else one is opened from `databaseUrl` / `dataDir`. */
  store?: ChannelStore;
  /** PostgreSQL (`postgres://…`); else PGlite. Default: `DATABASE_URL`. */
  databaseUrl?: string;
  /** PGlite's data directory; in memory when neither this nor `databaseUrl` is set. Default: `CHANNEL_KIT_DATA_DIR`. */
  dataDir?: string;
  /** PostgreSQL connections per instance (default 10). Default: `CHANNEL_KIT_DB_POOL_SIZE`. */
  poolSize?: number;
  /** Keys that encrypt Meta tokens at rest, current first. Default: `CHANNEL_KIT_TOKEN_KEYS` (`k1:<base64>,k0:<base64>`). */
  tokenKeys?: string;
}

export interface ChannelKitServer {
  /** The Fetch-standard handler: mount it in any framework. */
  fetch: FetchHandler;
  /** The same, for `node:http`, Express and Fastify. */
  nodeListener: ReturnType<typeof toNodeListener>;
  store: ChannelStore;
  /** Stops taking requests, lets those in flight finish (up to `graceMs`), then closes the store. */
  close(graceMs?: number): Promise<void>;
  /** Listens on `node:http` (port 0 picks a free one) and resolves with the address. */
  listen(port?: number, host?: string): Promise<{ url: string; server: Server }>;
}

/**
 * Opens the store (migrating it), checks the token keys, and builds the handler. A missing key or a
 * missing database driver is an error at start, with one line saying what to do.
 */
export async function createChannelKitServer(options: ChannelKitServerOptions): Promise<ChannelKitServer> {
  const vault = await TokenVault.create(parseTokenKeys(options.tokenKeys ?? process.env.CHANNEL_KIT_TOKEN_KEYS));
  const fromEnv = options.meta ? null : metaFromEnv();
  const meta = options.meta ?? fromEnv!.client;
  const store =
    options.store ??
    (await openStore({ databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL, dataDir: options.dataDir ?? process.env.CHANNEL_KIT_DATA_DIR,
      poolSize: options.poolSize ?? (Number(process.env.CHANNEL_KIT_DB_POOL_SIZE) || undefined),
    }));
  // Open event streams never finish by themselves: shutting down ends them first.
  const shutdown = new AbortController();
  const healthEverySeconds = Number(process.env.CHANNEL_KIT_HEALTH_INTERVAL_S ?? 6 * 3600);
  if (!Number.isFinite(healthEverySeconds) || healthEverySeconds < 0) {
    throw new Error('channel-kit/server: CHANNEL_KIT_HEALTH_INTERVAL_S must be a number of seconds (0 turns the scheduled check off).');
  }
  const handler = await createChannelKitHandler({
    ...options,
    meta,
    store,
    vault,
    webhooks: options.webhooks ?? fromEnv?.webhooks,
    // Every 6 hours unless told (0 turns the scheduled check off).
    healthChecks: options.healthChecks ?? (healthEverySeconds > 0 ? { intervalMs: healthEverySeconds * 1000 } : undefined),
    shutdown: shutdown.signal,
  });

  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | null = null;
  const fetch: FetchHandler = async (request) => {
    if (closing) {
      return new Response(JSON.stringify({ error: { code: 'shutting_down', message: 'The server is shutting down. Try again.' } }), {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '1', connection: 'close' },
      });
    }
    inFlight++;
    try {
      return await handler(request);
    } finally {
      settle();
    }
  };
  const settle = () => {
    inFlight--;
    if (inFlight === 0) drained?.();
  };
  const listener = toNodeListener(fetch);
  // Over node:http a request is in flight until its answer is written, not only until it is computed.
  const nodeListener: typeof listener = (req, res) => {
    inFlight++;
    res.once('close', settle);
    return listener(req, res);
  };
  const servers: Server[] = [];

  return {
    fetch,
    nodeListener,
    store,
    async listen(port = 0, host = '127.0.0.1') {
      const server = createHttpServer(nodeListener);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      const address = server.address() as AddressInfo;
      return { url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`, server };
    },
    async close(graceMs = 10_000) {
      closing = true;
      shutdown.abort();
      const stopped = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      for (const server of servers) server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs))]);
      }
      for (const server of servers) server.closeAllConnections();
      await Promise.all(stopped);
      await store.close();
    },
  };
}

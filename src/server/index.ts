// `channel-kit/server`: the server half (Node ≥ 20.19). No DOM code: the handler is Fetch-standard.
export { createChannelKitServer, type ChannelKitServer, type ChannelKitServerOptions } from './create-server.js';
export { createChannelKitHandler, type ChannelKitHandlerOptions, type FetchHandler, type RequestLogEntry } from './http/handler.js';
export type { EmbeddedSessionsOptions } from './http/identity.js';
export type { WebhookOptions } from './webhooks/routes.js';
export { toNodeListener, type NodeListenerOptions } from './node.js';
export type { Identity } from './service.js';
export { TokenVault, generateTokenKey, parseTokenKeys, type TokenKey } from './crypto/token-vault.js';
export type { ChannelStore, StoredChannel, StoredAuthorization, StoreTransaction, NewChannel } from './store/channel-store.js';
export { openStore } from './store/open-store.js';
export { SqlStore, type SqlDatabase, type SqlQueryable } from './store/sql-store.js';
export { MemoryStore } from './store/memory-store.js';
export { migrations, migrate } from './store/migrations.js';
export type { MetaClient, MetaAsset, AuthorizeUrlInput, ExchangeCodeInput, ExchangedCode } from './meta/meta-client.js';
export { GraphApiClient, type GraphApiClientOptions } from './meta/graph-client.js';

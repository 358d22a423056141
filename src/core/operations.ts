/** The REST contract's operations, as named in `docs/openapi.json` (its `operationId`s). */
export const OPERATIONS = {
  getViewer: { method: 'GET', path: '/viewer' },
  listChannels: { method: 'GET', path: '/channels' },
  getChannel: { method: 'GET', path: '/channels/{channelId}' },
  startAuthorization: { method: 'POST', path: '/authorizations' },
  getAuthorization: { method: 'GET', path: '/authorizations/{sessionId}' },
  finishAuthorization: { method: 'POST', path: '/authorizations/{sessionId}/complete' },
  connectAccount: { method: 'POST', path: '/channels' },
  createWebchat: { method: 'POST', path: '/webchat-channels' },
  disconnectChannel: { method: 'POST', path: '/channels/{channelId}/disconnect' },
  reauthorizeChannel: { method: 'POST', path: '/channels/{channelId}/reauthorize' },
  getSetupChecks: { method: 'GET', path: '/channels/{channelId}/setup-checks' },
  /** Server-Sent Events: the workspace's channel changes as they happen (resumable with `Last-Event-ID`). */
  streamChanges: { method: 'GET', path: '/events' },
  /** Server to server: mints a short-lived embedded session for a partner portal (secret key). */
  createEmbeddedSession: { method: 'POST', path: '/sessions' },
} as const;

export type OperationId = keyof typeof OPERATIONS;
export const OPERATION_IDS = Object.keys(OPERATIONS) as OperationId[];

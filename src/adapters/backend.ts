import type { AuthorizableType, AuthorizationMode, AuthorizationResult, AuthorizationSession } from '../core/authorization.js';
import type { Channel, ChannelPage, SetupCheck, WebchatCreated } from '../core/channel.js';
import type { Viewer } from '../core/viewer.js';

export interface ListChannelsOptions {
  cursor?: string | null;
  /** Page size; the backend may cap it. */
  limit?: number;
}

export interface StartAuthorizationInput {
  channelType: AuthorizableType;
  mode: AuthorizationMode;
  /** Required for `reauthorize`: the channel whose account must be granted again. */
  channelId?: string;
}

export interface FinishAuthorizationInput {
  sessionId: string;
  state: string;
  code: string;
  /** WhatsApp Embedded Signup: what Meta's FINISH event reported. */
  embeddedSignup?: { phoneNumberId?: string; wabaId?: string; onBusinessApp?: boolean };
}

export interface ConnectAccountInput {
  sessionId: string;
  accountId: string;
}

export interface ReauthorizeInput {
  channelId: string;
  sessionId: string;
  accountId: string;
}

export interface CreateWebchatInput {
  name: string;
  domains: string[];
}

export type ChannelChange =
  | { kind: 'upsert'; channel: Channel }
  | { kind: 'refresh' };

/**
 * What Channel Kit needs from a host's backend. Every call takes an `AbortSignal` and rejects with a
 * `ChannelKitError`. Tokens never reach the browser: the backend exchanges the authorization code.
 */
export interface ChannelBackend {
  getViewer(signal?: AbortSignal): Promise<Viewer>;
  listChannels(options?: ListChannelsOptions, signal?: AbortSignal): Promise<ChannelPage>;
  getChannel(channelId: string, signal?: AbortSignal): Promise<Channel>;
  startAuthorization(input: StartAuthorizationInput, signal?: AbortSignal): Promise<AuthorizationSession>;
  /** Exchanges the code the callback page received; returns the accounts granted and their eligibility. */
  finishAuthorization(input: FinishAuthorizationInput, signal?: AbortSignal): Promise<AuthorizationResult>;
  /** The flow's result without a code: for hosts whose Cross-Origin-Opener-Policy hides the popup. */
  getAuthorization(sessionId: string, signal?: AbortSignal): Promise<AuthorizationResult>;
  connectAccount(input: ConnectAccountInput, signal?: AbortSignal): Promise<Channel>;
  createWebchat(input: CreateWebchatInput, signal?: AbortSignal): Promise<WebchatCreated>;
  /** Disconnects; never deletes. The channel stays, with status `disconnected`. */
  disconnect(channelId: string, signal?: AbortSignal): Promise<Channel>;
  /** Refreshes the token (or reconnects) with a new authorization of the channel's own account. */
  reauthorize(input: ReauthorizeInput, signal?: AbortSignal): Promise<Channel>;
  getSetupChecks(channelId: string, signal?: AbortSignal): Promise<SetupCheck[]>;
  /** Optional: reports changes made elsewhere. Returns the unsubscribe function. */
  subscribe?(listener: (change: ChannelChange) => void): () => void;
}

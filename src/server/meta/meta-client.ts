import type { AuthorizableType } from '../../core/authorization.js';
import type { SetupCheck } from '../../core/channel.js';

/** A Meta asset an authorization granted (a Page, an Instagram account, a WhatsApp number), with the facts eligibility needs. */
export interface MetaAsset {
  id: string;
  type: AuthorizableType;
  name: string;
  username?: string | null;
  portfolio: { id: string; name: string } | null;
  /** Instagram: a professional (business) account, not a personal one. */
  isBusiness?: boolean;
  /** Instagram: linked to a Facebook Page in the business portfolio the person chose. */
  pageInPortfolio?: boolean;
  /** Whether the person granted every permission the app asked for, for this asset. */
  permissionsGranted?: boolean;
  /** Page-based channels: whether the app is the default routing app. */
  routingConfigured?: boolean;
  /** The Page still uses the Handover Protocol (so the Primary Receiver check applies). */
  usesHandoverProtocol?: boolean;
  /** WhatsApp: the WhatsApp Business Account holding the number (what `account_update` deliveries name). */
  wabaId?: string | null;
  /** Instagram: the Page the account is reached through. */
  pageId?: string | null;
  /** WhatsApp: the number is on the WhatsApp Business app (coexistence), so it is not registered for Cloud API. */
  onBusinessApp?: boolean;
}

export interface AuthorizeUrlInput {
  channelType: AuthorizableType;
  state: string;
  /** The server's callback page; Meta redirects there with `code` and `state`. */
  redirectUri: string;
  reauthorize: boolean;
}

export interface ExchangeCodeInput {
  code: string;
  redirectUri: string;
  channelType: AuthorizableType;
  /** WhatsApp: what Embedded Signup's message said; `onBusinessApp` when the number stays on the WhatsApp Business app. */
  embeddedSignup?: { phoneNumberId?: string; wabaId?: string; onBusinessApp?: boolean };
}

export interface ExchangedCode {
  /** Kept sealed by the server; never sent to a browser or written to a log. */
  accessToken: string;
  tokenExpiresAt: string | null;
  /** The Meta user who granted it (`debug_token`'s `user_id`): deauthorize and data-deletion callbacks name them. */
  userId?: string | null;
  assets: MetaAsset[];
}

/** What `debug_token` says of a stored token, for the scheduled health check. */
export interface TokenHealth {
  isValid: boolean;
  /** null: never expires, or not said. */
  expiresAt: string | null;
  dataAccessExpiresAt: string | null;
  error: { code: number | null; subcode: number | null; message: string | null } | null;
}

/**
 * The server's port to Meta. The Graph API client fills it in production; the demo and the tests
 * use a fake that knows a small world of portfolios and accounts.
 */
export interface MetaClient {
  /** Where the popup goes: Meta's login dialog for this channel type. */
  authorizeUrl(input: AuthorizeUrlInput): string;
  /** The origin WhatsApp Embedded Signup posts its `message` events from (null for redirect flows). */
  embeddedSignupOrigin(channelType: AuthorizableType): string | null;
  /** Exchanges the code once; rejects with a `ChannelKitError` when Meta refuses it. */
  exchangeCode(input: ExchangeCodeInput): Promise<ExchangedCode>;
  /** The after-connect settings Meta reports for an asset, where it can tell. */
  setupChecks(asset: { id: string; type: AuthorizableType }, accessToken: string): Promise<SetupCheck[] | null>;
  /** Removes the app from the asset at Meta (a disconnect); rejects when Meta cannot be reached or refuses. */
  unsubscribe?(asset: { id: string; type: AuthorizableType }, accessToken: string): Promise<void>;
  /** Subscribes the app to the asset's webhooks (after a connect or a reauthorization). */
  subscribe?(asset: { id: string; type: AuthorizableType }, accessToken: string): Promise<void>;
  /** Registers a WhatsApp number for Cloud API messaging with a 6-digit PIN. */
  registerPhoneNumber?(phoneNumberId: string, pin: string, accessToken: string): Promise<void>;
  /** Reads a stored token's validity and expiry (`debug_token`). */
  tokenHealth?(accessToken: string): Promise<TokenHealth>;
}

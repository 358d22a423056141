import type { AuthorizableType } from '../core/authorization.js';

/** A Meta asset that a (fake or real) consent screen can grant: a Page, an IG account, a WABA number. */
export interface MetaAccount {
  id: string;
  type: AuthorizableType;
  name: string;
  username?: string;
  portfolioId: string;
  /** Instagram: a business (not personal/creator) account. */
  isBusiness?: boolean;
  /** Instagram: linked to a Facebook Page in the same business portfolio. */
  pageInPortfolio?: boolean;
  /** Whether the person granted every permission the app asked for. */
  permissionsGranted?: boolean;
  /** Page-based channels: whether the app is already the default routing app. */
  routingConfigured?: boolean;
  /** Page still uses the Handover Protocol (so the Primary Receiver check applies). */
  usesHandoverProtocol?: boolean;
}

export interface MetaPortfolio {
  id: string;
  name: string;
}

/** What the fake Meta knows: the business portfolios and the accounts in them. */
export interface MetaWorld {
  portfolios: MetaPortfolio[];
  accounts: MetaAccount[];
}

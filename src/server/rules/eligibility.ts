import type { AuthorizableType, Eligibility } from '../../core/authorization.js';
import type { MetaAsset } from '../meta/meta-client.js';

export type Ineligibility = Exclude<Eligibility, 'eligible'>;

/** Why an account cannot be connected, in plain English (the server's errors; the UI localizes by code). */
export const INELIGIBILITY_MESSAGES: Record<Ineligibility, string> = {
  already_connected: 'This account is already connected.',
  not_business_account: 'This Instagram account is not a business account.',
  page_not_in_portfolio: 'The account is not linked to a Facebook Page in this business portfolio.',
  missing_permission: 'A permission the connection needs was not granted.',
};

/** What Meta's own answers say about an asset, before anything this server stores is looked at. */
export function metaEligibility(asset: MetaAsset, channelType: AuthorizableType): Eligibility {
  if (asset.type !== channelType || asset.permissionsGranted === false) return 'missing_permission';
  if (asset.type === 'instagram' && asset.isBusiness === false) return 'not_business_account';
  if (asset.type === 'instagram' && asset.pageInPortfolio === false) return 'page_not_in_portfolio';
  return 'eligible';
}

/** A channel of the same account, wherever it is. */
export interface ExistingChannel {
  workspaceId: string;
  id: string;
  status: string;
}

export interface EligibilityContext {
  channelType: AuthorizableType;
  workspaceId: string;
  /** Channels of this account in every workspace. */
  existing: readonly ExistingChannel[];
  /** For a reauthorization: the channel being refreshed, which may of course hold its own account. */
  reauthorizingChannelId: string | null;
}

/**
 * The one eligibility rule: Meta's facts first, then whether the account is live as a channel in this
 * workspace or another (a disconnected channel may be connected again: the same channel comes back).
 */
export function eligibilityOf(asset: MetaAsset, context: EligibilityContext): { eligibility: Eligibility; channelId: string | null } {
  const fromMeta = metaEligibility(asset, context.channelType);
  const mine = context.existing.find((c) => c.workspaceId === context.workspaceId) ?? null;
  if (fromMeta !== 'eligible') return { eligibility: fromMeta, channelId: mine?.id ?? null };
  const live = context.existing.find(
    (c) => c.status !== 'disconnected' && !(c.workspaceId === context.workspaceId && c.id === context.reauthorizingChannelId),
  );
  if (!live) return { eligibility: 'eligible', channelId: mine?.id ?? null };
  // Another workspace's channel id is not this workspace's business.
  return { eligibility: 'already_connected', channelId: live.workspaceId === context.workspaceId ? live.id : null };
}

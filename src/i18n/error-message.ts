import { isChannelKitError, type ErrorReason } from '../core/errors.js';
import type { MessageKey, Translation } from './translation.js';

const REASON_KEYS: Record<ErrorReason, MessageKey> = {
  network: 'errorNetwork',
  offline: 'errorOffline',
  timeout: 'errorTimeout',
  not_allowed: 'errorNotAllowed',
  unauthenticated: 'errorUnauthenticated',
  not_found: 'errorNotFound',
  invalid_response: 'errorInvalidResponse',
  invalid_request: 'errorInvalidRequest',
  token_expired: 'errorTokenExpired',
  permission_missing: 'errorPermissionMissing',
  rate_limited: 'errorRateLimited',
  policy_blocked: 'errorPolicyBlocked',
  page_not_in_portfolio: 'errorPageNotInPortfolio',
  not_business_account: 'errorNotBusinessAccount',
  already_connected: 'errorAlreadyConnected',
  different_account: 'errorDifferentAccount',
  popup_blocked: 'errorPopupBlocked',
  popup_timeout: 'errorPopupTimeout',
  session_expired: 'errorSessionExpired',
  unknown: 'errorUnknown',
};

export interface UserFacingError {
  reason: ErrorReason;
  /** The localized message; Meta's own `error_user_msg` is added when the backend passed one on. */
  message: string;
  supportId?: string;
}

/** Turns any failure into what the user is shown: a localized sentence and, where known, a support id. */
export function describeError(t: Translation, error: unknown): UserFacingError {
  const reason: ErrorReason = isChannelKitError(error) ? error.reason : 'unknown';
  const base = t[REASON_KEYS[reason]] as string;
  const metaMessage = isChannelKitError(error) ? error.meta?.userMessage : undefined;
  return {
    reason,
    message: metaMessage ? `${base} ${metaMessage}` : base,
    supportId: isChannelKitError(error) ? error.supportId : undefined,
  };
}

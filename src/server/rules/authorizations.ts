import { ChannelKitError } from '../../core/errors.js';
import type { StoredAuthorization } from '../store/channel-store.js';

export const AUTHORIZATION_LIFETIME_MS = 15 * 60_000;

/** A pending authorization past its time is expired, whatever was stored. */
export function authorizationNow(authorization: StoredAuthorization, now: number): StoredAuthorization {
  return authorization.status === 'pending' && Date.parse(authorization.expiresAt) <= now
    ? { ...authorization, status: 'expired' }
    : authorization;
}

export function requirePending(authorization: StoredAuthorization): void {
  if (authorization.status === 'expired') {
    throw new ChannelKitError('conflict', 'The authorization expired. Start again.', { status: 409, code: 'session_expired' });
  }
  if (authorization.status !== 'pending') {
    throw new ChannelKitError('conflict', 'The authorization has already ended.', { status: 409, code: 'session_ended' });
  }
}

/** Connecting or reauthorizing needs a completed authorization of the same mode. */
export function requireCompleted(authorization: StoredAuthorization, mode: StoredAuthorization['mode']): void {
  if (authorization.status !== 'completed' || authorization.mode !== mode || !authorization.grant) {
    throw new ChannelKitError('conflict', 'The authorization is not complete.', { status: 409, code: 'session_not_completed' });
  }
}

/** Random, URL-safe, from the platform's CSPRNG (a page or Node). */
export function randomId(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}

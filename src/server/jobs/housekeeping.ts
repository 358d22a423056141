import type { ChannelStore } from '../store/channel-store.js';

export interface HousekeepingOptions {
  store: ChannelStore;
  /** How often (default hourly). */
  everyMs?: number;
  /** How long an expired authorization is kept (default an hour), so a flow that just ran out still says "expired" rather than "not found". */
  keepExpiredMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
  signal?: AbortSignal;
}

/**
 * Forgets what the server no longer needs: authorizations past their expiry, with the sealed grant
 * (token and granting user) each holds. Returns a function that runs it once (for tests).
 */
export function startHousekeeping(options: HousekeepingOptions): () => Promise<number> {
  const now = options.now ?? Date.now;
  const keepExpiredMs = options.keepExpiredMs ?? 3_600_000;
  const runOnce = () => options.store.purgeAuthorizations(new Date(now() - keepExpiredMs).toISOString());
  const timer = setInterval(() => void runOnce().catch((error: unknown) => options.onError?.(error)), options.everyMs ?? 3_600_000);
  (timer as { unref?: () => void }).unref?.();
  options.signal?.addEventListener('abort', () => clearInterval(timer), { once: true });
  return runOnce;
}

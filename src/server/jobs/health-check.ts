import { isChannelKitError } from '../../core/errors.js';
import type { ChannelService } from '../service.js';
import type { ChannelStore } from '../store/channel-store.js';

export interface HealthCheckOptions {
  store: ChannelStore;
  service: Pick<ChannelService, 'checkChannelHealth'>;
  /** How often each channel is checked. */
  intervalMs: number;
  /** Channels claimed at a time (default 25). */
  batchSize?: number;
  /** How long a claimed channel stays this instance's (default 5 minutes): an instance that dies lets go of it then. */
  leaseMs?: number;
  /** How often to look for due channels (default: a tenth of the interval, 1 s to 60 s). */
  pollMs?: number;
  now?: () => number;
  /** Told of each check that failed (Meta unreachable, rate limited); the channel is tried again when its lease runs out. */
  onError?: (error: unknown, channel: { workspaceId: string; id: string }) => void;
  signal?: AbortSignal;
}

export interface HealthChecks {
  /** Checks every channel due now, batch after batch; resolves with how many were checked. */
  runOnce(): Promise<number>;
  stop(): void;
}

/**
 * The scheduled token and setup check. Each instance claims due channels through a database lease
 * (`FOR UPDATE SKIP LOCKED`), so with several instances each channel is checked by one of them.
 * A rate limit from Meta ends the round: the rest wait for their leases to run out.
 */
export function startHealthChecks(options: HealthCheckOptions): HealthChecks {
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? 25;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? Math.min(Math.max(options.intervalMs / 10, 1000), 60_000);
  let stopped = false;
  let running: Promise<number> | null = null;

  const round = async (): Promise<number> => {
    let checked = 0;
    while (!stopped) {
      const at = now();
      const due = await options.store.health.claimDue({ now: at, checkedBefore: new Date(at - options.intervalMs).toISOString(), leaseMs, limit: batchSize });
      for (const channel of due) {
        if (stopped) return checked;
        try {
          await options.service.checkChannelHealth(channel);
          await options.store.health.checked(channel.workspaceId, channel.id, new Date(now()).toISOString());
          checked++;
        } catch (error) {
          options.onError?.(error, channel);
          if (isChannelKitError(error) && error.reason === 'rate_limited') return checked;
        }
      }
      if (due.length < batchSize) return checked;
    }
    return checked;
  };
  const runOnce = () => (running ??= round().finally(() => (running = null)));

  const timer = setInterval(() => {
    void runOnce().catch((error: unknown) => options.onError?.(error, { workspaceId: '', id: '' }));
  }, pollMs);
  timer.unref?.();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  return { runOnce, stop };
}

import type { ChannelStore, Job } from '../store/channel-store.js';

export type JobHandler = (payload: unknown) => Promise<void>;

export interface JobRunnerOptions {
  store: Pick<ChannelStore, 'jobs'>;
  /** What runs each kind of job. A job of a kind not here fails like any other. */
  handlers: Record<string, JobHandler>;
  /** How long a claimed job stays this instance's (default 1 minute): an instance that dies lets go of it then. */
  leaseMs?: number;
  /** How often to look for due jobs, those queued by other instances and retries (default 1 s). */
  pollMs?: number;
  /** Jobs claimed at a time (default 10). */
  batchSize?: number;
  /** Runs of a job before it is left with its error (default 8). */
  maxAttempts?: number;
  /** The wait before the next run of a job that failed its `attempts`th run (default 2^attempts s, at most an hour). */
  backoffMs?: (attempts: number) => number;
  /**
   * How long done jobs are remembered (default 8 days): a replay is recognised by its job's id, and
   * WhatsApp retries a delivery for up to 7 days.
   */
  keepDoneMs?: number;
  /** How often done jobs older than that are purged (default hourly). */
  purgeEveryMs?: number;
  now?: () => number;
  /** Told of each failed run (with its job) and of a store that failed (without one). */
  onError?: (error: unknown, job: Pick<Job, 'id' | 'kind' | 'attempts'> | null) => void;
  /** Stops the runner when it aborts (the server's shutdown). */
  signal?: AbortSignal;
}

export interface JobRunner {
  /** Looks for due jobs now (one was just queued); a round under way goes round once more. */
  kick(): void;
  /** Runs every job due now, batch after batch; resolves with how many ran. */
  runOnce(): Promise<number>;
  /** Takes no more jobs; resolves when the job under way has finished. */
  stop(): Promise<void>;
}

/** Where a job that will not be run again waits: left with its error, for an operator to see. */
export const GAVE_UP_RUN_AFTER = '9999-12-31T00:00:00.000Z';

const MAX_ERROR_LENGTH = 1000;

/**
 * Runs queued jobs. Each instance claims due jobs through a database lease (`FOR UPDATE SKIP LOCKED`),
 * so with several instances each job runs on one of them; a job that fails is tried again later,
 * keeping its error, and after `maxAttempts` runs it is left alone. Nothing a job does stops the runner.
 */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const { store, handlers } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 10;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffMs = options.backoffMs ?? ((attempts: number) => Math.min(2 ** attempts * 1000, 3_600_000));
  const keepDoneMs = options.keepDoneMs ?? 8 * 86_400_000;
  const purgeEveryMs = options.purgeEveryMs ?? 3_600_000;
  const onError = options.onError ?? (() => {});
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;
  let lastPurge = -Infinity;

  const run = async (job: Job): Promise<void> => {
    try {
      const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
      if (!handler) throw new Error(`No handler for jobs of kind "${job.kind}".`);
      await handler(job.payload);
    } catch (error) {
      onError(error, job);
      const runAfter = job.attempts >= maxAttempts ? GAVE_UP_RUN_AFTER : new Date(now() + backoffMs(job.attempts)).toISOString();
      await store.jobs.retry(job.id, { runAfter, error: describe(error) });
      return;
    }
    await store.jobs.complete(job.id, now());
  };

  const purge = async (): Promise<void> => {
    const at = now();
    if (at - lastPurge < purgeEveryMs) return;
    lastPurge = at;
    await store.jobs.purgeDone(new Date(at - keepDoneMs).toISOString());
  };

  const round = async (): Promise<number> => {
    let ran = 0;
    await purge();
    while (!stopped) {
      const jobs = await store.jobs.claim({ now: now(), leaseMs, limit: batchSize });
      for (const job of jobs) {
        // Claimed jobs not run come back when their leases run out.
        if (stopped) return ran;
        await run(job);
        ran += 1;
      }
      if (jobs.length < batchSize) return ran;
    }
    return ran;
  };

  const runOnce = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let ran = 0;
      do {
        again = false;
        ran += await round();
      } while (again && !stopped);
      return ran;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const kick = () => {
    if (!stopped) void runOnce().catch((error: unknown) => onError(error, null));
  };
  const timer = setInterval(kick, options.pollMs ?? 1_000);
  timer.unref?.();
  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    await running?.catch(() => {});
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  if (options.signal?.aborted) void stop();
  kick();
  return { kick, runOnce, stop };
}

/** The error kept on the job: its kind and message, never a stack. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

import type { Job, JobQueue, NewJob } from './channel-store.js';

interface HeldJob extends Job {
  /** Epoch ms; null when no instance holds it. */
  leasedUntil: number | null;
}

/** The job queue in memory, with the SQL queue's semantics. Every method runs to its end without awaiting, so each is atomic. */
export class MemoryJobQueue implements JobQueue {
  private readonly jobs = new Map<string, HeldJob>();

  async enqueue(jobs: NewJob[]): Promise<number> {
    let added = 0;
    for (const job of jobs) {
      if (this.jobs.has(job.id)) continue;
      this.jobs.set(job.id, { ...structuredClone(job), attempts: 0, lastError: null, doneAt: null, leasedUntil: null });
      added += 1;
    }
    return added;
  }

  async claim({ now, leaseMs, limit }: { now: number; leaseMs: number; limit: number }): Promise<Job[]> {
    const due = [...this.jobs.values()]
      .filter((job) => job.doneAt === null && Date.parse(job.runAfter) <= now && (job.leasedUntil === null || job.leasedUntil <= now))
      .sort((a, b) => Date.parse(a.runAfter) - Date.parse(b.runAfter) || a.id.localeCompare(b.id))
      .slice(0, limit);
    for (const job of due) {
      job.attempts += 1;
      job.leasedUntil = now + leaseMs;
    }
    return due.map(copy);
  }

  async complete(id: string, now: number): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    job.doneAt = new Date(now).toISOString();
    job.leasedUntil = null;
  }

  async retry(id: string, { runAfter, error }: { runAfter: string; error: string }): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    job.runAfter = runAfter;
    job.lastError = error;
    job.leasedUntil = null;
  }

  async get(id: string): Promise<Job | null> {
    const job = this.jobs.get(id);
    return job ? copy(job) : null;
  }

  async purgeDone(before: string): Promise<number> {
    const cutoff = Date.parse(before);
    let purged = 0;
    for (const [id, job] of this.jobs) {
      if (job.doneAt !== null && Date.parse(job.doneAt) < cutoff) {
        this.jobs.delete(id);
        purged += 1;
      }
    }
    return purged;
  }
}

function copy({ leasedUntil: _lease, ...job }: HeldJob): Job {
  return structuredClone(job);
}

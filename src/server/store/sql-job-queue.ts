import type { Job, JobQueue, NewJob } from './channel-store.js';
import type { SqlQueryable } from './sql-store.js';
import { iso, json, type Row } from './sql-rows.js';

const JOB_COLUMNS = 'id, kind, payload, run_after, attempts, last_error, done_at';
/** 4 parameters a job: 1,000 a statement stays far under PostgreSQL's 65,535. */
const ENQUEUE_CHUNK = 1000;

function toJob(row: Row): Job {
  return {
    id: row.id as string,
    kind: row.kind as string,
    payload: row.payload,
    runAfter: iso(row.run_after) as string,
    attempts: Number(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
    doneAt: iso(row.done_at),
  };
}

/** The job queue in `channel_kit_jobs`, shared by every instance on the database. */
export class SqlJobQueue implements JobQueue {
  constructor(private readonly db: SqlQueryable) {}

  async enqueue(jobs: NewJob[]): Promise<number> {
    let added = 0;
    for (let start = 0; start < jobs.length; start += ENQUEUE_CHUNK) {
      const chunk = jobs.slice(start, start + ENQUEUE_CHUNK);
      const values = chunk.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}::jsonb, $${i * 4 + 4}::timestamptz)`).join(', ');
      const { rows } = await this.db.query<{ added: number }>(
        `WITH added AS (
           INSERT INTO channel_kit_jobs (id, kind, payload, run_after) VALUES ${values}
           ON CONFLICT (id) DO NOTHING RETURNING 1
         ) SELECT count(*)::int AS added FROM added`,
        chunk.flatMap((job) => [job.id, job.kind, json(job.payload ?? null) ?? 'null', job.runAfter]),
      );
      added += Number(rows[0]?.added ?? 0);
    }
    return added;
  }

  async claim({ now, leaseMs, limit }: { now: number; leaseMs: number; limit: number }): Promise<Job[]> {
    // SKIP LOCKED: a job another instance is claiming right now is passed over, not waited for. A row
    // that instance has just leased fails the re-check of the WHERE clause, so it is never claimed twice.
    const { rows } = await this.db.query<Row>(
      `UPDATE channel_kit_jobs SET attempts = attempts + 1, leased_until = $2::timestamptz
       WHERE id IN (
         SELECT id FROM channel_kit_jobs
         WHERE done_at IS NULL AND run_after <= $1::timestamptz AND (leased_until IS NULL OR leased_until <= $1::timestamptz)
         ORDER BY run_after, id LIMIT $3
         FOR UPDATE SKIP LOCKED
       ) RETURNING ${JOB_COLUMNS}`,
      [new Date(now).toISOString(), new Date(now + leaseMs).toISOString(), limit],
    );
    return rows.map(toJob).sort((a, b) => a.runAfter.localeCompare(b.runAfter) || a.id.localeCompare(b.id));
  }

  async complete(id: string, now: number): Promise<void> {
    await this.db.query('UPDATE channel_kit_jobs SET done_at = $2::timestamptz, leased_until = NULL WHERE id = $1', [id, new Date(now).toISOString()]);
  }

  async retry(id: string, { runAfter, error }: { runAfter: string; error: string }): Promise<void> {
    await this.db.query('UPDATE channel_kit_jobs SET run_after = $2::timestamptz, last_error = $3, leased_until = NULL WHERE id = $1', [id, runAfter, error]);
  }

  async get(id: string): Promise<Job | null> {
    const { rows } = await this.db.query<Row>(`SELECT ${JOB_COLUMNS} FROM channel_kit_jobs WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async purgeDone(before: string): Promise<number> {
    const { rows } = await this.db.query<{ purged: number }>(
      'WITH gone AS (DELETE FROM channel_kit_jobs WHERE done_at < $1::timestamptz RETURNING 1) SELECT count(*)::int AS purged FROM gone',
      [before],
    );
    return Number(rows[0]?.purged ?? 0);
  }
}

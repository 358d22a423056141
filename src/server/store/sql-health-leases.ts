import type { HealthLeases, StoredChannel } from './channel-store.js';
import type { SqlQueryable } from './sql-store.js';
import { CHANNEL_COLUMNS, toChannel, type Row } from './sql-rows.js';

/**
 * Which channels a health check is for. Written as migration 4's partial index says it, so claiming
 * reads that small index in `health_checked_at` order instead of every channel.
 */
const CHECKABLE = `sealed_token IS NOT NULL AND status <> 'disconnected' AND type IN ('facebook', 'instagram', 'whatsapp')`;

/** Health-check leases on `channel_kit_channels` (`health_checked_at`, `health_leased_until`). */
export class SqlHealthLeases implements HealthLeases {
  constructor(private readonly db: SqlQueryable) {}

  async claimDue({ now, checkedBefore, leaseMs, limit }: { now: number; checkedBefore: string; leaseMs: number; limit: number }): Promise<StoredChannel[]> {
    // As the job queue's claim: SKIP LOCKED passes over rows another instance is claiming, and the
    // re-check of the WHERE clause drops those it has just leased.
    const { rows } = await this.db.query<Row>(
      `UPDATE channel_kit_channels SET health_leased_until = $2::timestamptz
       WHERE (workspace_id, id) IN (
         SELECT workspace_id, id FROM channel_kit_channels
         WHERE ${CHECKABLE}
           AND (health_checked_at IS NULL OR health_checked_at < $3::timestamptz)
           AND (health_leased_until IS NULL OR health_leased_until <= $1::timestamptz)
         ORDER BY health_checked_at NULLS FIRST LIMIT $4
         FOR UPDATE SKIP LOCKED
       ) RETURNING ${CHANNEL_COLUMNS}`,
      [new Date(now).toISOString(), new Date(now + leaseMs).toISOString(), checkedBefore, limit],
    );
    return rows.map(toChannel);
  }

  async checked(workspaceId: string, channelId: string, at: string): Promise<void> {
    await this.db.query(
      'UPDATE channel_kit_channels SET health_checked_at = $3::timestamptz, health_leased_until = NULL WHERE workspace_id = $1 AND id = $2',
      [workspaceId, channelId, at],
    );
  }
}

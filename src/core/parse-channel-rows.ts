import * as z from 'zod/mini';
import { ChannelSchema, type Channel } from './channel.js';

/**
 * Validates list rows one at a time: an odd type or status still yields a (read-only) row, and a
 * row that cannot be read at all is skipped and counted, never failing the rows around it.
 */
export function parseChannelRows(rows: readonly unknown[]): { channels: Channel[]; skipped: number } {
  const channels: Channel[] = [];
  let skipped = 0;
  for (const row of rows) {
    const result = z.safeParse(ChannelSchema, row);
    if (result.success) channels.push(result.data);
    else skipped++;
  }
  return { channels, skipped };
}

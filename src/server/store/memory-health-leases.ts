import type { HealthLeases, StoredChannel } from './channel-store.js';

const CHECKABLE_TYPES: ReadonlySet<string> = new Set(['facebook', 'instagram', 'whatsapp']);

interface Lease {
  checkedAt: string | null;
  /** Epoch ms; null when no instance holds it. */
  leasedUntil: number | null;
}

/** Health-check leases in memory, beside the channels (`channels` reads the committed rows), with the SQL semantics. */
export class MemoryHealthLeases implements HealthLeases {
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly channels: () => Iterable<StoredChannel>) {}

  async claimDue({ now, checkedBefore, leaseMs, limit }: { now: number; checkedBefore: string; leaseMs: number; limit: number }): Promise<StoredChannel[]> {
    const before = Date.parse(checkedBefore);
    const due: { channel: StoredChannel; lease: Lease }[] = [];
    for (const channel of this.channels()) {
      if (!CHECKABLE_TYPES.has(channel.type) || !channel.sealedToken || channel.status === 'disconnected') continue;
      const lease = this.leases.get(key(channel.workspaceId, channel.id)) ?? { checkedAt: null, leasedUntil: null };
      const checkedLongAgo = lease.checkedAt === null || Date.parse(lease.checkedAt) < before;
      if (checkedLongAgo && (lease.leasedUntil === null || lease.leasedUntil <= now)) due.push({ channel, lease });
    }
    // Never checked first, then the oldest check.
    const age = ({ lease }: { lease: Lease }) => (lease.checkedAt === null ? -Infinity : Date.parse(lease.checkedAt));
    due.sort((a, b) => (age(a) === age(b) ? 0 : age(a) < age(b) ? -1 : 1));
    return due.slice(0, limit).map(({ channel, lease }) => {
      this.leases.set(key(channel.workspaceId, channel.id), { ...lease, leasedUntil: now + leaseMs });
      return structuredClone(channel);
    });
  }

  async checked(workspaceId: string, channelId: string, at: string): Promise<void> {
    this.leases.set(key(workspaceId, channelId), { checkedAt: at, leasedUntil: null });
  }
}

const key = (workspaceId: string, id: string) => `${workspaceId}\u0000${id}`;

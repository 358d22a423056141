import type { ChannelWire } from '../../core/channel.js';
import { randomId } from '../rules/authorizations.js';

/** One change as a page receives it: a channel's new state, or "reload the list" when changes were missed. */
export type LiveEvent = { id: string; kind: 'channel'; channel: ChannelWire } | { id: string; kind: 'refresh' };

export type LiveListener = (event: LiveEvent) => void;

/** How many recent events per workspace a reconnecting page can resume from. */
const REPLAY = 256;

/**
 * Changes per workspace, for the Server-Sent Events route. Event ids carry this feed's epoch, so a
 * page that reconnects to another instance (or after a restart) is told to reload rather than given a
 * gap. Across instances the changes arrive through `publish` from PostgreSQL's `LISTEN/NOTIFY`.
 */
export class ChangeFeed {
  private readonly epoch = randomId(4);
  private sequence = 0;
  private readonly recent = new Map<string, LiveEvent[]>();
  private readonly listeners = new Map<string, Set<LiveListener>>();

  publish(workspaceId: string, channel: ChannelWire): void {
    const event: LiveEvent = { id: `${this.epoch}-${++this.sequence}`, kind: 'channel', channel };
    const recent = this.recent.get(workspaceId) ?? [];
    recent.push(event);
    if (recent.length > REPLAY) recent.shift();
    this.recent.set(workspaceId, recent);
    for (const listener of this.listeners.get(workspaceId) ?? []) listener(event);
  }

  /**
   * Listens to a workspace. With `lastEventId`, the events after it are replayed first; when they are
   * no longer known here, one `refresh` event says so.
   */
  subscribe(workspaceId: string, lastEventId: string | null, listener: LiveListener): () => void {
    if (lastEventId) {
      const recent = this.recent.get(workspaceId) ?? [];
      const at = recent.findIndex((e) => e.id === lastEventId);
      if (at >= 0) for (const event of recent.slice(at + 1)) listener(event);
      else listener({ id: `${this.epoch}-${this.sequence}`, kind: 'refresh' });
    }
    const set = this.listeners.get(workspaceId) ?? new Set<LiveListener>();
    set.add(listener);
    this.listeners.set(workspaceId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workspaceId);
    };
  }
}

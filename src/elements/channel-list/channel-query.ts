import type { Channel, ChannelStatus, ChannelType } from '../../core/channel.js';
import type { StatusView } from '../../core/channel-status.js';

export type SortKey = 'name' | 'status' | 'connected';

export interface ChannelQuery {
  type: ChannelType | 'all';
  status: ChannelStatus | 'all';
  /** Matched against the name and the account id, ignoring case. */
  search: string;
  sort: SortKey;
}

/** A channel with what filtering, sorting and rendering need, worked out once per load. */
export interface ListRow {
  channel: Channel;
  view: StatusView;
  /** Lower-cased name and account id, so a keystroke does no string work per row but one `includes`. */
  haystack: string;
}

// Most urgent first: what needs the admin's attention leads.
const STATUS_ORDER: Record<ChannelStatus, number> = {
  token_expired: 0,
  expiring: 1,
  setup_incomplete: 2,
  connecting: 3,
  connected: 4,
  disconnected: 5,
  unknown: 6,
};

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function toRow(channel: Channel, view: StatusView): ListRow {
  return { channel, view, haystack: `${channel.name}\u0000${channel.accountId}`.toLowerCase() };
}

export function sortRows(rows: ListRow[], sort: SortKey): ListRow[] {
  const byName = (a: ListRow, b: ListRow) => collator.compare(a.channel.name, b.channel.name);
  const compare: Record<SortKey, (a: ListRow, b: ListRow) => number> = {
    name: byName,
    status: (a, b) => STATUS_ORDER[a.view.status] - STATUS_ORDER[b.view.status] || byName(a, b),
    connected: (a, b) => (b.channel.connectedAt ?? '').localeCompare(a.channel.connectedAt ?? '') || byName(a, b),
  };
  return [...rows].sort(compare[sort]);
}

/** Filters rows that are already sorted; the order is kept. */
export function filterRows(sorted: readonly ListRow[], query: Omit<ChannelQuery, 'sort'>): ListRow[] {
  const needle = query.search.trim().toLowerCase();
  if (!needle && query.type === 'all' && query.status === 'all') return sorted as ListRow[];
  return sorted.filter(
    (row) =>
      (query.type === 'all' || row.channel.type === query.type) &&
      (query.status === 'all' || row.view.status === query.status) &&
      (!needle || row.haystack.includes(needle)),
  );
}

import { html } from 'lit';
import { CHANNEL_STATUSES, MANAGED_CHANNEL_TYPES, type ChannelStatus, type ChannelType } from '../../core/channel.js';
import { statusLabel, typeLabel } from '../../i18n/labels.js';
import type { Translation } from '../../i18n/translation.js';
import type { ChannelQuery, ListRow } from './channel-query.js';

const FILTER_STATUSES: ChannelStatus[] = ['connected', 'expiring', 'token_expired', 'setup_incomplete', 'disconnected'];

/** Search, the type and status filters, the sort, and how many channels match. */
export function toolbarTemplate(t: Translation, rows: ListRow[], shown: number, query: ChannelQuery, change: (change: Partial<ChannelQuery>) => void) {
  const types = new Set<ChannelType>([...MANAGED_CHANNEL_TYPES, ...rows.map((r) => r.channel.type)]);
  const statuses = new Set<ChannelStatus>([...FILTER_STATUSES, ...rows.map((r) => r.view.status)]);
  const orderedStatuses: ChannelStatus[] = [...CHANNEL_STATUSES, 'unknown' as const].filter((s) => statuses.has(s));
  const select = <K extends 'type' | 'status' | 'sort'>(label: string, key: K, options: [ChannelQuery[K], string][]) =>
    html`<label class="field"
      ><span>${label}</span
      ><select @change=${(e: Event) => change({ [key]: (e.target as HTMLSelectElement).value })}>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === query[key]}>${text}</option>`)}
      </select></label
    >`;
  return html`<div part="toolbar" class="toolbar">
    <label class="field search"
      ><span>${t.searchLabel}</span
      ><input type="search" .value=${query.search} @input=${(e: Event) => change({ search: (e.target as HTMLInputElement).value })}
    /></label>
    ${select(t.filterType, 'type', [['all', t.filterAll], ...[...types].map((ty): [ChannelType, string] => [ty, typeLabel(t, ty)])])}
    ${select(t.status, 'status', [['all', t.filterAll], ...orderedStatuses.map((s): [ChannelStatus, string] => [s, s === 'expiring' ? t.statusExpiringSoon : statusLabel(t, { status: s })])])}
    ${select(t.sortBy, 'sort', [['status', t.status], ['name', t.name], ['connected', t.sortConnected]])}
    <p class="count muted" role="status">${t.channelCount(shown, rows.length)}</p>
  </div>`;
}

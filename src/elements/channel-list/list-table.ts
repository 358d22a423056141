import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Translation } from '../../i18n/translation.js';
import type { ListRow } from './channel-query.js';
import { loadVirtualizer, virtualizer } from './lazy-virtualizer.js';

/**
 * The table of rows, with its header. Above `virtualizeAbove` rows only the rows on screen are
 * rendered (`rendered` is called once the virtualizer has loaded, the first time it is needed).
 */
export function tableTemplate(
  t: Translation,
  rows: ListRow[],
  virtualizeAbove: number,
  rowTemplate: (row: ListRow, index: number) => TemplateResult,
  rendered: () => void,
) {
  const virtual = rows.length > virtualizeAbove;
  const loaded = virtualizer();
  if (virtual && !loaded) void loadVirtualizer().then(rendered);
  return html`<div part="table" class="table" role="table" aria-label=${t.channelSettings} aria-rowcount=${rows.length + 1}>
    <div role="rowgroup" class="head">
      <div part="header" role="row" aria-rowindex="1" class="row header">
        <span role="columnheader">${t.columnChannel}</span>
        <span role="columnheader">${t.columnAccountId}</span>
        <span role="columnheader">${t.status}</span>
        <span role="columnheader">${t.columnDate}</span>
        <span role="columnheader"><span class="visually-hidden">${t.columnActions}</span></span>
      </div>
    </div>
    ${rows.length === 0
      ? html`<p class="state muted">${t.noMatches}</p>`
      : virtual && loaded
        ? // A body of its own: a virtualizer starts by keeping what its place held (it renders once
          // laid out), which would leave the rows of a search just cleared in other rows' places.
          html`<div role="rowgroup" class="body virtual">
            ${loaded.virtualize({
              items: rows,
              // Right after the items shrink, the virtualizer may render its old range once more,
              // past the new end: those slots get nothing until it lays out again.
              renderItem: (row, index) => (row ? rowTemplate(row, index) : html``),
              keyFunction: (row, index) => row?.channel.id ?? index,
              scroller: true,
            })}
          </div>`
        : html`<div role="rowgroup" class="body ${virtual ? 'virtual' : ''}">
            ${repeat(virtual ? rows.slice(0, virtualizeAbove) : rows, (row) => row.channel.id, rowTemplate)}
          </div>`}
  </div>`;
}

import { html, nothing } from 'lit';
import { isManageable, type Channel, type ChannelStatus } from '../../core/channel.js';
import { actionsFor, type ChannelAction } from '../../core/channel-status.js';
import type { MenuController } from '../../controllers/menu-controller.js';
import { reauthorizeAction, type PermissionAction, type PermissionDecision } from '../../permissions/policy.js';
import type { RovingTabindexController } from '../../controllers/roving-tabindex-controller.js';
import { actionLabel, typeLabel } from '../../i18n/labels.js';
import type { Translation } from '../../i18n/translation.js';
import { statusBadge } from '../channel-status-badge/status-badge-template.js';
import type { ListRow } from './channel-query.js';
import { typeIcon } from './type-icons.js';

/** What each row needs from the list, worked out once a render. */
export interface RowView {
  t: Translation;
  date: (iso: string) => string;
  /** What the permission policy answers for `action` on `channel`. */
  permission: (action: PermissionAction, channel: Channel) => PermissionDecision;
  /** What to show for a refusal (the policy's reason, else the product rule's message). */
  refusalText: (decision: PermissionDecision) => string;
  /** The list's permission note (`#permission-note`), when it shows one. */
  pageNote: string | null;
  /** Which row's Edit button is in the tab order. */
  rowFocus: RovingTabindexController;
  /** Which row's Edit menu is open (keyed by channel id): none until the menus' module is here. */
  menu?: MenuController;
  /** Opens the row's Edit menu under its button, or closes it when it is the one open. */
  toggleMenu: (channelId: string, button: HTMLElement) => void;
  choose: (action: ChannelAction, channel: Channel) => void;
}

/** A channel's row: type, name, account id, status, dates, and its Edit button and menu. */
export function rowTemplate(view: RowView, row: ListRow, index: number) {
  const { t } = view;
  const { channel } = row;
  return html`<div part="row" role="row" class=${view.menu?.isOpen(channel.id) ? 'row menu-open' : 'row'} aria-rowindex=${index + 2} data-index=${index} data-id=${channel.id}>
    <span role="cell" class="channel">
      <span class="type-icon" data-type=${channel.type}>${typeIcon(channel.type)}</span>
      <span class="name-block"><span class="name">${channel.name}</span><span class="muted type-name">${typeLabel(t, channel.type)}</span></span>
    </span>
    <span role="cell" class="account">${channel.accountId}</span>
    <span role="cell">${statusBadge(t, row.view)}</span>
    <span role="cell" class="dates muted">${datesTemplate(view, channel, row.view.status)}</span>
    <span role="cell" class="actions">${editTemplate(view, row, index)}</span>
  </div>`;
}

function datesTemplate({ t, date }: RowView, channel: Channel, status: ChannelStatus) {
  // No break inside a date ("Nov 22, 2026"): a narrow column breaks between the words around it.
  const day = (iso: string | null) => (iso ? date(iso).replaceAll(' ', '\u00a0') : '');
  if (status === 'disconnected' && channel.disconnectedAt) return t.disconnectedOn(day(channel.disconnectedAt));
  const connected = channel.connectedAt ? t.connectedOn(day(channel.connectedAt)) : '';
  if ((status === 'expiring' || status === 'token_expired') && channel.tokenExpiresAt) {
    return html`${connected}<br />${t.expiresOn(day(channel.tokenExpiresAt))}`;
  }
  return connected;
}

/** The policy's question for an action a row offers: Reauthorize and Reconnect ask what the server asks (`reauthorizeAction`). */
const policyAction = (action: ChannelAction, channel: Channel): PermissionAction =>
  action === 'reauthorize' || action === 'reconnect' ? reauthorizeAction(channel) : action;

function editTemplate(view: RowView, row: ListRow, index: number) {
  const { t, menu, rowFocus } = view;
  const { channel } = row;
  const offered = actionsFor(channel, row.view).map((action) => ({ action, decision: view.permission(policyAction(action, channel), channel) }));
  // LINE and unknown types are managed elsewhere; a type managed here may have nothing to offer now
  // (a disconnected Webchat, a channel still connecting).
  const readOnly = !isManageable(channel);
  const refused = offered.length > 0 && offered.every(({ decision }) => !decision.allowed);
  const refusal = refused ? view.refusalText(offered[0]!.decision) : null;
  const disabled = offered.length === 0 || refused;
  const describedBy = refusal ? (refusal === view.pageNote ? 'permission-note' : `refusal-${index}`) : readOnly ? `readonly-${index}` : nothing;
  const open = !!menu?.isOpen(channel.id);
  const menuId = `menu-${index}`;
  const toggle = (event: Event) => {
    if (disabled) return;
    rowFocus.activate(index);
    view.toggleMenu(channel.id, event.currentTarget as HTMLElement);
  };
  return html`<span class="menu-root">
    <button
      part="edit-button"
      class="button edit"
      tabindex=${rowFocus.tabindex(index)}
      aria-label=${t.editChannel(channel.name)}
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${open ? menuId : nothing}
      aria-disabled=${disabled ? 'true' : 'false'}
      aria-describedby=${describedBy}
      @click=${toggle}
      @focus=${() => rowFocus.activate(index)}
      @keydown=${(event: KeyboardEvent) => rowFocus.onKeydown(event, index)}
    >
      ${t.edit}
    </button>
    ${readOnly ? html`<span id=${`readonly-${index}`} class="muted readonly">${t.managedElsewhere}</span>` : nothing}
    ${refusal && describedBy !== 'permission-note' ? html`<span id=${`refusal-${index}`} class="muted readonly">${refusal}</span>` : nothing}
    ${open
      ? html`<span part="menu" class="menu" role="menu" id=${menuId} aria-label=${t.editChannel(channel.name)} @keydown=${menu!.onKeydown}>
          ${offered.map(({ action, decision }) => menuItem(view, channel, action, decision))}
        </span>`
      : nothing}
  </span>`;
}

/**
 * One action of the Edit menu: chosen, or, when the policy refuses it, disabled with the reason under
 * its label (part of its name, so a screen reader hears why with what).
 */
function menuItem(view: RowView, channel: Channel, action: ChannelAction, decision: PermissionDecision) {
  const label = actionLabel(view.t, action);
  if (decision.allowed) {
    return html`<button role="menuitem" tabindex="-1" class="menuitem" data-action=${action} @click=${() => view.choose(action, channel)}>${label}</button>`;
  }
  return html`<button role="menuitem" tabindex="-1" class="menuitem" data-action=${action} aria-disabled="true">
    ${label}<span part="menu-reason" class="muted menu-reason">${view.refusalText(decision)}</span>
  </button>`;
}

import { css } from 'lit';

// Comments stay out of the CSS, which ships as written:
// - `.body:not(.virtual) .row`: rows off screen are not laid out or painted until they scroll near (a
//   long list that is not virtualized yet stays cheap to show).
// - `.body .row.menu-open`: each row is its own stacking context (containment, or the virtualizer's
//   transform): the row whose menu is open goes above the rows after it, so the menu is not covered.
export const listStyles = css`
  :host {
    display: block;
    background: var(--_bg);
    --_row-height: var(--ck-list-row-height, 3.5rem);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: end;
    margin-block-end: calc(var(--_space) * 1.5);
  }
  .field {
    display: grid;
    gap: 0.2rem;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .field input,
  .field select {
    min-block-size: 2.25rem;
    padding-inline: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-size: 0.9375rem;
  }
  .search input {
    inline-size: min(16rem, 70vw);
  }
  .count {
    margin: 0;
    margin-inline-start: auto;
    align-self: center;
    font-size: 0.875rem;
  }
  .permission-note,
  .notice {
    margin-block: 0 var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    background: var(--_bg-raised);
    border-inline-start: 3px solid var(--_accent);
  }
  .table {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .row {
    display: grid;
    grid-template-columns: minmax(12rem, 2fr) minmax(7rem, 1fr) minmax(10.5rem, 1.1fr) minmax(9rem, 1.3fr) 8.5rem;
    gap: var(--_space);
    align-items: center;
    min-block-size: var(--_row-height);
    padding-block: calc(var(--_space) / 2);
    padding-inline: calc(var(--_space) * 1.5);
    border-block-end: 1px solid var(--_border);
    inline-size: 100%;
  }
  .body:not(.virtual) .row {
    content-visibility: auto;
    contain-intrinsic-size: auto var(--_row-height);
  }
  .body .row.menu-open {
    position: relative;
    z-index: 3;
    content-visibility: visible;
  }
  .row.header {
    min-block-size: 2.5rem;
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_muted);
    background: var(--_bg-raised);
  }
  .body.virtual {
    display: block;
    block-size: var(--ck-list-max-height, 32rem);
    overflow: auto;
  }
  .channel {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-inline-size: 0;
  }
  .type-icon {
    display: inline-flex;
    color: var(--_muted);
  }
  .name-block {
    display: grid;
    min-inline-size: 0;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .type-name,
  .dates {
    font-size: 0.8125rem;
  }
  .account {
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .actions {
    justify-self: end;
  }
  .menu-root {
    position: relative;
    display: inline-flex;
    flex-direction: column;
    align-items: end;
  }
  .readonly {
    font-size: 0.75rem;
  }
  .menu {
    position: absolute;
    inset-block-start: calc(100% + 4px);
    inset-inline-end: 0;
    z-index: 2;
    display: grid;
    min-inline-size: 11rem;
    padding-block: 0.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.16);
  }
  .menu[data-above] {
    inset-block: auto calc(100% + 4px);
  }
  .menuitem {
    border: 0;
    background: none;
    text-align: start;
    padding-block: 0.5rem;
    padding-inline: 0.9rem;
    cursor: pointer;
  }
  .menuitem:hover,
  .menuitem:focus-visible {
    background: var(--_bg-raised);
  }
  .menuitem[data-action='disconnect'] {
    color: var(--_danger);
  }
  .menuitem[aria-disabled='true'] {
    color: var(--_muted);
    cursor: not-allowed;
  }
  .menu-reason {
    display: block;
    max-inline-size: 16rem;
    font-size: 0.75rem;
  }
  .state {
    padding: calc(var(--_space) * 3);
    text-align: center;
  }
  .empty h3 {
    margin-block: 0 var(--_space);
  }
  .refresh-error {
    display: flex;
    gap: var(--_space);
    align-items: center;
    margin-block-end: var(--_space);
  }
  .skeleton-row {
    display: grid;
    grid-template-columns: 2fr 1fr 1fr;
    gap: var(--_space);
    padding-block: calc(var(--_space) * 1.5);
  }
  .skeleton-row span {
    block-size: 1rem;
    border-radius: 4px;
    background: var(--_bg-raised);
  }
  @media (max-width: 40rem) {
    .row {
      grid-template-columns: 1fr auto;
    }
    .row.header {
      display: none;
    }
    .account,
    .dates {
      grid-column: 1;
    }
  }
`;

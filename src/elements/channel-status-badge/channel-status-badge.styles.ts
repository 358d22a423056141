import { css } from 'lit';

export const badgeStyles = css`
  :host {
    display: inline-block;
    vertical-align: middle;
    --_status-ok: var(--ck-status-ok, #146c43);
    --_status-ok-bg: var(--ck-status-ok-bg, #e3f4ea);
    --_status-warning: var(--ck-status-warning, #8a4b00);
    --_status-warning-bg: var(--ck-status-warning-bg, #fff1d6);
    --_status-danger: var(--ck-status-danger, #a4262c);
    --_status-danger-bg: var(--ck-status-danger-bg, #fde7e7);
    --_status-neutral: var(--ck-status-neutral, #4a5261);
    --_status-neutral-bg: var(--ck-status-neutral-bg, #eceef2);
  }
  :host([data-ck-theme='dark']) {
    --_status-ok: var(--ck-status-ok, #7ddc9f);
    --_status-ok-bg: var(--ck-status-ok-bg, #173a26);
    --_status-warning: var(--ck-status-warning, #ffc46b);
    --_status-warning-bg: var(--ck-status-warning-bg, #3d2c0c);
    --_status-danger: var(--ck-status-danger, #ff9a9a);
    --_status-danger-bg: var(--ck-status-danger-bg, #45191b);
    --_status-neutral: var(--ck-status-neutral, #c3c9d4);
    --_status-neutral-bg: var(--ck-status-neutral-bg, #2d323c);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding-block: 0.15em;
    padding-inline: 0.55em;
    border-radius: 999px;
    font-size: var(--ck-badge-font-size, 0.8125rem);
    font-weight: 600;
    line-height: 1.4;
    white-space: nowrap;
    color: var(--_status-neutral);
    background: var(--_status-neutral-bg);
  }
  .badge[data-tone='ok'] {
    color: var(--_status-ok);
    background: var(--_status-ok-bg);
  }
  .badge[data-tone='warning'] {
    color: var(--_status-warning);
    background: var(--_status-warning-bg);
  }
  .badge[data-tone='danger'] {
    color: var(--_status-danger);
    background: var(--_status-danger-bg);
  }
  .icon {
    display: inline-flex;
  }
  @media (prefers-reduced-motion: no-preference) {
    .badge[data-tone='progress'] .icon {
      animation: spin 1.2s linear infinite;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
`;

import { css } from 'lit';

export const badgeStyles = css`
  :host {
    display: inline-block;
    vertical-align: middle;
    --_ok: var(--ck-status-ok, #146c43);
    --_ok-bg: var(--ck-status-ok-bg, #e3f4ea);
    --_warning: var(--ck-status-warning, #8a4b00);
    --_warning-bg: var(--ck-status-warning-bg, #fff1d6);
    --_danger: var(--ck-status-danger, #a4262c);
    --_danger-bg: var(--ck-status-danger-bg, #fde7e7);
    --_neutral: var(--ck-status-neutral, #4a5261);
    --_neutral-bg: var(--ck-status-neutral-bg, #eceef2);
  }
  :host([data-ck-theme='dark']) {
    --_ok: var(--ck-status-ok, #7ddc9f);
    --_ok-bg: var(--ck-status-ok-bg, #173a26);
    --_warning: var(--ck-status-warning, #ffc46b);
    --_warning-bg: var(--ck-status-warning-bg, #3d2c0c);
    --_danger: var(--ck-status-danger, #ff9a9a);
    --_danger-bg: var(--ck-status-danger-bg, #45191b);
    --_neutral: var(--ck-status-neutral, #c3c9d4);
    --_neutral-bg: var(--ck-status-neutral-bg, #2d323c);
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
    color: var(--_neutral);
    background: var(--_neutral-bg);
  }
  .badge[data-tone='ok'] {
    color: var(--_ok);
    background: var(--_ok-bg);
  }
  .badge[data-tone='warning'] {
    color: var(--_warning);
    background: var(--_warning-bg);
  }
  .badge[data-tone='danger'] {
    color: var(--_danger);
    background: var(--_danger-bg);
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

import { css } from 'lit';

/**
 * Tokens with their light defaults, the dark set, and the pieces every element uses. Hosts restyle
 * through `--ck-*` custom properties (inherited, so one declaration on any ancestor reaches all) and
 * through the `part`s each element documents. Native controls (the wizard's radios and checkboxes)
 * take the accent through `accent-color`, not the browser's blue.
 */
export const sharedStyles = css`
  :host {
    --_fg: var(--ck-color-text, #1d2330);
    --_muted: var(--ck-color-text-muted, #5b6474);
    --_bg: var(--ck-color-surface, #ffffff);
    --_bg-raised: var(--ck-color-surface-raised, #f6f7f9);
    --_border: var(--ck-color-border, #d5d9e0);
    --_accent: var(--ck-color-accent, #1f5fbf);
    --_accent-fg: var(--ck-color-accent-text, #ffffff);
    --_danger: var(--ck-color-danger, #b42318);
    --_danger-fg: var(--ck-color-danger-text, #ffffff);
    --_focus: var(--ck-color-focus, #1f5fbf);
    --_radius: var(--ck-radius, 6px);
    --_space: var(--ck-space, 0.5rem);
    --_font: var(--ck-font-family, inherit);
    color: var(--_fg);
    font-family: var(--_font);
  }
  :host([data-ck-theme='dark']) {
    --_fg: var(--ck-color-text, #e6e9ef);
    --_muted: var(--ck-color-text-muted, #a8b0bd);
    --_bg: var(--ck-color-surface, #1d2129);
    --_bg-raised: var(--ck-color-surface-raised, #262b35);
    --_border: var(--ck-color-border, #3b4250);
    --_accent: var(--ck-color-accent, #7fb0ff);
    --_accent-fg: var(--ck-color-accent-text, #0f1420);
    --_danger: var(--ck-color-danger, #ff8a80);
    --_danger-fg: var(--ck-color-danger-text, #1a0c0b);
    --_focus: var(--ck-color-focus, #7fb0ff);
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
    accent-color: var(--_accent);
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    min-block-size: 2.25rem;
    padding-block: 0.35rem;
    padding-inline: 0.9rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    cursor: pointer;
  }
  .button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  .button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_danger-fg);
  }
  .button:disabled,
  .button[aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .alert {
    color: var(--_danger);
  }
  .muted {
    color: var(--_muted);
  }
`;

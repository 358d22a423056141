import { css } from 'lit';

/**
 * The native <dialog> every Channel Kit dialog wraps (focus trap, Escape and top layer come free).
 * `dialog[data-warm-up]` is the closed dialog laid out once while the page is idle
 * (ChannelKitDialog.warmUp), never painted. (Comments stay out of the CSS text: it ships as written.)
 */
export const dialogStyles = css`
  dialog {
    inline-size: min(34rem, calc(100vw - 2rem));
    max-block-size: calc(100vh - 2rem);
    padding: calc(var(--_space) * 3);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 12px 48px rgb(0 0 0 / 0.25);
  }
  dialog[data-warm-up]:not([open]) {
    display: block;
    visibility: hidden;
    position: fixed;
    inset: 0 auto auto 0;
    pointer-events: none;
  }
  dialog::backdrop {
    background: var(--ck-backdrop, rgb(15 20 30 / 0.45));
  }
  h2 {
    margin-block: 0 calc(var(--_space) * 1.5);
    font-size: 1.2rem;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: end;
    gap: var(--_space);
    margin-block-start: calc(var(--_space) * 2.5);
  }
  .support-id {
    font-size: 0.8125rem;
  }
  .error-panel {
    margin-block-start: calc(var(--_space) * 2);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    border: 1px solid var(--_danger);
  }
  .error-panel p {
    margin-block: 0.35rem;
  }
  .error-actions {
    display: flex;
    gap: calc(var(--_space) * 2);
    align-items: center;
  }
`;

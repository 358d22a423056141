import { css } from 'lit';

/** The native <dialog> every Channel Kit dialog wraps (focus trap, Escape and top layer come free). */
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
  /* The closed dialog laid out once while the page is idle (ChannelKitDialog.warmUp); never painted. */
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
`;

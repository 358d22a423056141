import { css } from 'lit';

/** Also used by `<reauthorize-dialog>`, which shares the error, waiting and setup pieces. */
export const wizardStyles = css`
  dialog {
    inline-size: min(38rem, calc(100vw - 2rem));
  }
  .title-row {
    display: flex;
    align-items: start;
    justify-content: space-between;
    gap: var(--_space);
  }
  .close-x {
    min-block-size: 2rem;
    padding-inline: 0.6rem;
  }
  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5) calc(var(--_space) * 1.5);
    margin: 0 0 calc(var(--_space) * 2);
    padding: 0;
    list-style: none;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .steps li {
    display: flex;
    align-items: center;
    gap: 0.35rem;
  }
  .step-number {
    display: inline-grid;
    place-items: center;
    inline-size: 1.4rem;
    block-size: 1.4rem;
    border-radius: 50%;
    border: 1px solid var(--_border);
  }
  .steps .current {
    color: var(--_fg);
    font-weight: 600;
  }
  .steps .current .step-number,
  .steps .past .step-number {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  h3 {
    margin-block: 0 var(--_space);
    font-size: 1rem;
  }
  .step-heading:focus {
    outline: none;
  }
  .step-heading:focus-visible {
    outline: 2px solid var(--_focus);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  legend {
    font-weight: 600;
    margin-block-end: var(--_space);
    padding: 0;
  }
  .type-option,
  .account-option {
    display: flex;
    gap: var(--_space);
    align-items: center;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .type-option:has(input:checked),
  .account-option:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .account-option.ineligible {
    cursor: not-allowed;
    background: var(--_bg-raised);
  }
  .type-text,
  .account-text {
    display: grid;
  }
  .type-icon {
    display: inline-flex;
    font-size: 1.2rem;
  }
  .reason {
    font-size: 0.8125rem;
    color: var(--_fg);
  }
  .prerequisites {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .prerequisites li span {
    display: block;
  }
  a {
    color: var(--_accent);
  }
  .waiting {
    margin-block: calc(var(--_space) * 2) 0;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    background: var(--_bg-raised);
  }
  .field {
    display: grid;
    gap: 0.3rem;
    margin-block-end: calc(var(--_space) * 1.5);
  }
  .field input,
  .field textarea,
  textarea.snippet {
    font: inherit;
    padding: 0.45rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  textarea.snippet {
    inline-size: 100%;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.8125rem;
  }
  .copy-row,
  .result-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .setup {
    margin-block-start: calc(var(--_space) * 2);
  }
  .checks {
    display: grid;
    gap: var(--_space);
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
  }
  .checks li {
    display: grid;
    grid-template-columns: 1.5rem 1fr;
    column-gap: var(--_space);
  }
  .check-mark {
    grid-row: span 2;
    font-weight: 700;
  }
  [data-state='verified'] .check-mark {
    color: var(--ck-status-ok, #146c43);
  }
  [data-state='not_verified'] .check-mark {
    color: var(--ck-status-warning, #8a4b00);
  }
  .check-state {
    font-size: 0.8125rem;
  }
`;

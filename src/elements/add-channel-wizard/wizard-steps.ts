import { html, nothing, type TemplateResult } from 'lit';
import type { AuthorizableType } from '../../core/authorization.js';
import type { ManagedChannelType } from '../../core/channel.js';
import { statusView } from '../../core/channel-status.js';
import { typeLabel } from '../../i18n/labels.js';
import type { MessageKey, Translation } from '../../i18n/translation.js';
import { setupChecklist } from '../base/setup-checklist.js';
import { statusBadge } from '../channel-status-badge/status-badge-template.js';
import { typeIcon } from '../channel-list/type-icons.js';
import { PREREQUISITES, type GuideLinks } from './prerequisites.js';
import type { Ineligibility, WizardFlow } from './wizard-flow.js';

/** What the steps' controls do. */
export interface WizardActions {
  choose(type: ManagedChannelType): void;
  authorize(): void;
  stopWaiting(): void;
  back(): void;
  pick(accountId: string): void;
  connect(): void;
  createWebchat(form: HTMLFormElement): void;
  checkAgain(): void;
  copySnippet(): void;
  done(): void;
  keepGoing(): void;
}

/** What every step's template needs from the wizard. */
export interface WizardView {
  t: Translation;
  flow: WizardFlow;
  /** A connection request is running: Meta's window is open, or the account is being connected. */
  busy: boolean;
  /** Why an action is refused (the permission note), then the failed request's panel with Try again; each only when there is one. */
  error: unknown;
  on: WizardActions;
}

const TYPE_DESCRIPTIONS: Record<ManagedChannelType, MessageKey> = {
  facebook: 'typeDescFacebook',
  instagram: 'typeDescInstagram',
  whatsapp: 'typeDescWhatsapp',
  webchat: 'typeDescWebchat',
};

const INELIGIBILITY_TEXT: Record<Ineligibility, MessageKey> = {
  already_connected: 'eligibilityAlreadyConnected',
  not_business_account: 'eligibilityNotBusiness',
  page_not_in_portfolio: 'eligibilityNotInPortfolio',
  missing_permission: 'eligibilityMissingPermission',
};

/** Runs `handle` with the submitted form, instead of the browser's submission. */
const onSubmit = (handle: (form: HTMLFormElement) => void) => (event: Event) => {
  event.preventDefault();
  handle(event.target as HTMLFormElement);
};

export function stepIndicator(t: Translation, { type, step }: WizardFlow) {
  const webchat = type === 'webchat';
  const names = webchat ? [t.stepType, t.stepDetails, t.done] : [t.stepType, t.stepAuthorize, t.stepAccount, t.done];
  const index = { type: 0, authorize: 1, webchat: 1, pick: 2, result: webchat ? 2 : 3 }[step];
  return html`<ol part="steps" class="steps">
      ${names.map(
        (name, i) => html`<li class=${i < index ? 'past' : i === index ? 'current' : ''} aria-current=${i === index ? 'step' : nothing}>
          <span class="step-number" aria-hidden="true">${i + 1}</span><span>${name}</span>
        </li>`,
      )}
    </ol>
    <p class="visually-hidden">${t.stepOf(index + 1, names.length, names[index]!)}</p>`;
}

export function typeStep({ t, flow, error, on }: WizardView, offered: ManagedChannelType[]): TemplateResult {
  const picked = flow.type ?? offered[0];
  return html`<form @submit=${onSubmit((form) => {
    const chosen = new FormData(form).get('type') as ManagedChannelType | null;
    if (chosen) on.choose(chosen);
  })}>
    <fieldset class="types">
      <legend class="step-heading" tabindex="-1">${t.chooseType}</legend>
      ${offered.map(
        (type) => html`<label class="type-option">
          <input type="radio" name="type" value=${type} .checked=${type === picked} />
          <span class="type-icon" aria-hidden="true">${typeIcon(type)}</span>
          <span class="type-text"><strong>${typeLabel(t, type)}</strong><span class="muted">${t[TYPE_DESCRIPTIONS[type]] as string}</span></span>
        </label>`,
      )}
    </fieldset>
    ${error}
    <div class="footer"><button class="button primary" type="submit">${t.next}</button></div>
  </form>`;
}

/** `notes`: where Meta's window is while it is open. */
export function authorizeStep({ t, flow, busy, error, on }: WizardView, guideLinks: GuideLinks, notes: unknown): TemplateResult {
  // "Continue with Meta" turns into Cancel while Meta's window is open: the same button, since
  // replacing it would remove the focused element in the middle of the click.
  return html`
    <h3 class="step-heading" tabindex="-1">${t.prerequisitesTitle}</h3>
    <ul class="prerequisites">
      ${PREREQUISITES[flow.type as AuthorizableType].map(
        (item) => html`<li>
          <span>${t[item.text] as string}</span>
          <a href=${guideLinks[item.guide]} target="_blank" rel="noopener noreferrer">${t[item.guideText] as string}</a>
        </li>`,
      )}
    </ul>
    ${notes} ${error}
    <div class="footer">
      <button class="button" @click=${on.back}>${t.back}</button>
      <button class=${busy ? 'button' : 'button primary'} @click=${busy ? on.stopWaiting : on.authorize}>${busy ? t.cancel : t.continueWithMeta}</button>
    </div>
  `;
}

export function pickStep({ t, flow, busy, error, on }: WizardView): TemplateResult {
  return html`<form @submit=${onSubmit(on.connect)}>
    <fieldset class="accounts">
      <legend class="step-heading" tabindex="-1">${t.chooseAccount}</legend>
      ${flow.accounts!.map(({ id, name, username, portfolio, eligibility }) => {
        const eligible = eligibility === 'eligible';
        const reasonId = `reason-${id}`;
        return html`<label class="account-option ${eligible ? '' : 'ineligible'}">
          <input
            type="radio"
            name="account"
            value=${id}
            ?checked=${id === flow.chosenAccount}
            ?disabled=${!eligible}
            aria-describedby=${eligible ? nothing : reasonId}
            @change=${() => on.pick(id)}
          />
          <span class="account-text">
            <strong>${name}</strong>
            <span class="muted">${[username ? `@${username}` : '', portfolio?.name ?? ''].filter(Boolean).join(' · ')}</span>
            ${eligible ? nothing : html`<span id=${reasonId} class="reason">${t[INELIGIBILITY_TEXT[eligibility]] as string}</span>`}
          </span>
        </label>`;
      })}
    </fieldset>
    ${error}
    <div class="footer">
      <button class="button" type="button" @click=${on.back}>${t.back}</button>
      <button class="button primary" type="submit" aria-disabled=${busy || !flow.chosenAccount}>${busy ? t.connecting : t.connect}</button>
    </div>
  </form>`;
}

export function webchatStep({ t, flow, busy, error, on }: WizardView): TemplateResult {
  const { name, domains } = flow.webchatErrors ?? {};
  return html`<form novalidate @submit=${onSubmit(on.createWebchat)}>
    <h3 class="step-heading" tabindex="-1">${typeLabel(t, 'webchat')}</h3>
    <label class="field">
      <span>${t.name}</span>
      <input name="name" autocomplete="off" aria-invalid=${!!name} aria-describedby=${name ? 'name-error' : nothing} />
      ${name ? html`<span id="name-error" class="alert">${name}</span>` : nothing}
    </label>
    <label class="field">
      <span>${t.webchatDomains}</span>
      <textarea name="domains" rows="3" aria-invalid=${!!domains} aria-describedby=${domains ? 'domains-hint domains-error' : 'domains-hint'}></textarea>
      <span id="domains-hint" class="muted">${t.webchatDomainsHint}</span>
      ${domains ? html`<span id="domains-error" class="alert">${domains}</span>` : nothing}
    </label>
    ${error}
    <div class="footer">
      <button class="button" type="button" @click=${on.back}>${t.back}</button>
      <button class="button primary" type="submit" aria-disabled=${busy}>${busy ? t.creating : t.create}</button>
    </div>
  </form>`;
}

/** `checking`: the setup checks are being asked again; `pageHelp`: where a person checks an item Meta cannot show. */
export function resultStep({ t, flow, error, on }: WizardView, checking: boolean, pageHelp: string): TemplateResult {
  const channel = flow.channel!;
  return html`
    <h3 class="step-heading" tabindex="-1">${t.connectedTitle(channel.name)}</h3>
    <p class="result-row">
      <span class="type-icon" aria-hidden="true">${typeIcon(channel.type)}</span>
      <span>${typeLabel(t, channel.type)} · ${channel.accountId}</span>
      ${statusBadge(t, statusView(channel))}
    </p>
    ${channel.type === 'webchat' ? snippetBlock(t, flow, on) : setupChecklist(t, flow.checks!, checking, on.checkAgain, pageHelp)}
    ${error}
    <div class="footer"><button class="button primary" @click=${on.done}>${t.done}</button></div>
  `;
}

function snippetBlock(t: Translation, { snippet, copyState }: WizardFlow, on: WizardActions) {
  return html`<div class="snippet-block">
    <label class="field" for="snippet">${t.snippetTitle}</label>
    <textarea id="snippet" part="snippet" class="snippet" readonly rows="3" .value=${snippet ?? ''}></textarea>
    <p class="copy-row">
      <button class="button" @click=${on.copySnippet}>${t.copy}</button>
      <span role="status" class=${copyState === 'failed' ? 'alert' : 'muted'}>
        ${copyState === 'copied' ? t.copied : copyState === 'failed' ? t.copyFailed : ''}
      </span>
    </p>
  </div>`;
}

export function closeConfirm(t: Translation, on: WizardActions): TemplateResult {
  return html`<div class="confirm-close" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body">
    <h3 id="confirm-title" class="step-heading" tabindex="-1">${t.closeConfirmTitle}</h3>
    <p id="confirm-body">${t.closeConfirmBody}</p>
    <div class="footer">
      <button class="button" autofocus @click=${on.keepGoing}>${t.keepGoing}</button>
      <button class="button danger" @click=${on.done}>${t.stop}</button>
    </div>
  </div>`;
}

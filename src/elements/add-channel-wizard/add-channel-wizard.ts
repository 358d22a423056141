import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import type { AuthorizableType, GrantedAccount } from '../../core/authorization.js';
import { MANAGED_CHANNEL_TYPES, WebchatDomainSchema, type Channel, type ManagedChannelType, type SetupCheck } from '../../core/channel.js';
import { ChannelKitError, type ErrorReason } from '../../core/errors.js';
import { ChannelConnectErrorEvent, ChannelConnectedEvent, ChannelDialogCloseEvent } from '../../events/channel-events.js';
import { typeLabel } from '../../i18n/labels.js';
import type { MessageKey } from '../../i18n/translation.js';
import { runAuthorization } from '../../popup/run-authorization.js';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { ChannelKitDialog } from '../base/channel-kit-dialog.js';
import { DEFAULT_TROUBLESHOOTING_URL, errorPanel } from '../base/error-panel.js';
import { setupChecklist } from '../base/setup-checklist.js';
import { badgeStyles } from '../channel-status-badge/channel-status-badge.styles.js';
import { statusBadge } from '../channel-status-badge/status-badge-template.js';
import { statusView } from '../../core/channel-status.js';
import { typeIcon } from '../channel-list/type-icons.js';
import { wizardStyles } from './add-channel-wizard.styles.js';
import { DEFAULT_GUIDE_LINKS, PREREQUISITES, type GuideLinks } from './prerequisites.js';

type Step = 'type' | 'authorize' | 'pick' | 'webchat' | 'result';

const TYPE_DESCRIPTIONS: Record<ManagedChannelType, MessageKey> = {
  facebook: 'typeDescFacebook',
  instagram: 'typeDescInstagram',
  whatsapp: 'typeDescWhatsapp',
  webchat: 'typeDescWebchat',
};

const ELIGIBILITY_TEXT: Record<Exclude<GrantedAccount['eligibility'], 'eligible'>, MessageKey> = {
  already_connected: 'eligibilityAlreadyConnected',
  not_business_account: 'eligibilityNotBusiness',
  page_not_in_portfolio: 'eligibilityNotInPortfolio',
  missing_permission: 'eligibilityMissingPermission',
};

const ELIGIBILITY_REASON: Record<Exclude<GrantedAccount['eligibility'], 'eligible'>, ErrorReason> = {
  already_connected: 'already_connected',
  not_business_account: 'not_business_account',
  page_not_in_portfolio: 'page_not_in_portfolio',
  missing_permission: 'permission_missing',
};

/**
 * Scenario 1: choose a channel type, check its prerequisites, authorize with Meta in a popup, pick
 * the account, and see the result with the after-connect setup. Webchat needs no Meta: a name and
 * the allowed domains, then the install snippet.
 *
 * @fires channel-connected - A channel was connected (or a Webchat created): `{ channel }`.
 * @fires channel-connect-error - A step failed: `{ error }`.
 * @fires channel-dialog-close - The wizard closed: `{ completed, channel }`.
 * @csspart dialog - The native dialog.
 * @csspart steps - The step indicator.
 * @csspart error - A failed step's message, Troubleshooting link, support id and Try again.
 * @csspart setup - The after-connect setup checklist.
 * @csspart snippet - The Webchat install snippet.
 * @cssprop --ck-backdrop - The backdrop behind the dialog.
 */
export class AddChannelWizard extends ChannelKitDialog {
  static override styles = [sharedStyles, dialogStyles, badgeStyles, wizardStyles];

  /** Which types to offer, space- or comma-separated (`facebook instagram whatsapp webchat`). LINE is never offered. */
  @property({ attribute: 'channel-types' }) channelTypes = 'facebook instagram whatsapp webchat';
  /** Where "Troubleshooting" links go; the error's reason is added as the fragment. */
  @property({ attribute: 'troubleshooting-url' }) troubleshootingUrl = DEFAULT_TROUBLESHOOTING_URL;
  /** Links to Meta's guides in the prerequisites. */
  @property({ attribute: false }) guideLinks: GuideLinks = DEFAULT_GUIDE_LINKS;
  /** How long to wait for the Meta window, in ms. */
  @property({ type: Number, attribute: 'authorization-timeout' }) authorizationTimeout = 10 * 60_000;
  /** Replaces `window.open` (a host shell that opens windows its own way). */
  @property({ attribute: false }) openWindow?: typeof window.open;

  @state() private step: Step = 'type';
  @state() private type: ManagedChannelType | null = null;
  @state() private busy = false;
  @state() private error: unknown = null;
  @state() private accounts: GrantedAccount[] = [];
  @state() private sessionId: string | null = null;
  @state() private chosenAccount: string | null = null;
  @state() private channel: Channel | null = null;
  @state() private checks: SetupCheck[] = [];
  @state() private checking = false;
  @state() private snippet = '';
  @state() private copyState: 'idle' | 'copied' | 'failed' = 'idle';
  @state() private confirmingClose = false;
  @state() private webchatErrors: { name?: string; domains?: string } = {};

  private flow?: AbortController;

  /** The types offered: the attribute's, in the product's order, never LINE. */
  get offeredTypes(): ManagedChannelType[] {
    const wanted = new Set(this.channelTypes.split(/[\s,]+/).filter(Boolean));
    return MANAGED_CHANNEL_TYPES.filter((type) => wanted.has(type));
  }

  /**
   * Opens the wizard (at the type step, or straight at `type`'s prerequisites). Returns false, and
   * opens nothing, for a viewer who may not manage channels.
   */
  show(type?: ManagedChannelType): boolean {
    if (!this.canManage) return false;
    this.reset();
    if (type && this.offeredTypes.includes(type)) this.chooseType(type);
    else if (this.offeredTypes.length === 1) this.chooseType(this.offeredTypes[0]!);
    this.open = true;
    return true;
  }

  /** Opens at a connected channel's after-connect setup checklist, and checks it again. */
  showSetup(channel: Channel): boolean {
    if (!this.canManage) return false;
    this.reset();
    this.type = channel.type === 'line' || channel.type === 'unknown' ? null : channel.type;
    this.channel = channel;
    this.checks = channel.setupChecks;
    this.step = 'result';
    this.open = true;
    void this.checkAgain();
    return true;
  }

  /** Closes, asking first when a connection is half done. */
  requestClose(): void {
    if (this.midFlow) this.confirmingClose = true;
    else this.close();
  }

  close(): void {
    this.flow?.abort();
    this.open = false;
  }

  private get midFlow(): boolean {
    return this.step !== 'type' && this.step !== 'result';
  }

  private reset(): void {
    this.flow?.abort();
    this.step = 'type';
    this.type = null;
    this.busy = false;
    this.error = null;
    this.accounts = [];
    this.sessionId = null;
    this.chosenAccount = null;
    this.channel = null;
    this.checks = [];
    this.checking = false;
    this.snippet = '';
    this.copyState = 'idle';
    this.confirmingClose = false;
    this.webchatErrors = {};
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.flow?.abort();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (!this.open) return;
    // On opening too (the dialog would otherwise start on its first button, the ✕), but after the
    // dialog's first paint: moving focus restyles, and the click should show the dialog first.
    if (changed.has('open')) requestAnimationFrame(() => setTimeout(() => this.open && this.focusStep()));
    else if (changed.has('step') || changed.has('confirmingClose')) this.focusStep();
  }

  /** Moves focus to the new step's heading, so a screen reader hears where the person now is. */
  private async focusStep(): Promise<void> {
    await this.updateComplete;
    const target = this.confirmingClose ? '.confirm-close button' : '.step-heading';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  // ---- steps --------------------------------------------------------------------------------

  private chooseType(type: ManagedChannelType): void {
    this.type = type;
    this.error = null;
    this.step = type === 'webchat' ? 'webchat' : 'authorize';
  }

  private newFlow(): AbortSignal {
    this.flow?.abort();
    this.flow = new AbortController();
    return this.flow.signal;
  }

  /** Runs inside the click handler: the popup must open before anything is awaited. */
  private authorize(): void {
    const backend = this.activeBackend;
    const type = this.type as AuthorizableType | null;
    if (this.busy || !backend || !type) return;
    if (this.refused((error) => this.fail(error))) return;
    const signal = this.newFlow();
    this.busy = true;
    this.error = null;
    runAuthorization({
      backend,
      input: { channelType: type, mode: 'connect' },
      signal,
      timeoutMs: this.authorizationTimeout,
      openWindow: this.openWindow,
    }).then(
      (outcome) => {
        if (signal.aborted) return;
        this.busy = false;
        // Closed by the person: back to this step, no error.
        if (outcome.kind === 'cancelled') return;
        this.sessionId = outcome.result.sessionId;
        this.accounts = outcome.result.accounts;
        this.afterGrant();
      },
      (error) => {
        if (!signal.aborted) this.fail(error);
      },
    );
  }

  private afterGrant(): void {
    const eligible = this.accounts.filter((a) => a.eligibility === 'eligible');
    if (this.accounts.length === 1) {
      const only = this.accounts[0]!;
      if (only.eligibility === 'eligible') return void this.connect(only.id);
      return this.fail(new ChannelKitError('conflict', only.eligibility, { code: only.eligibility, reason: ELIGIBILITY_REASON[only.eligibility] }));
    }
    this.chosenAccount = eligible[0]?.id ?? null;
    this.step = 'pick';
  }

  private async connect(accountId: string | null): Promise<void> {
    const backend = this.activeBackend;
    if (this.busy || !backend || !accountId || !this.sessionId) return;
    const signal = this.newFlow();
    this.busy = true;
    this.error = null;
    try {
      const channel = await backend.connectAccount({ sessionId: this.sessionId, accountId }, signal);
      if (signal.aborted) return;
      this.succeed(channel);
    } catch (error) {
      if (!signal.aborted) this.fail(error);
    }
  }

  private async createWebchat(form: HTMLFormElement): Promise<void> {
    const backend = this.activeBackend;
    if (this.busy || !backend) return;
    const t = this.localize.t;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const domains = String(data.get('domains') ?? '')
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    const badDomain = domains.find((d) => !z.safeParse(WebchatDomainSchema, d).success);
    this.webchatErrors = {
      name: name ? undefined : t.webchatNameRequired,
      domains: domains.length === 0 ? t.webchatDomainsRequired : badDomain !== undefined ? t.webchatDomainInvalid(badDomain) : undefined,
    };
    if (this.webchatErrors.name || this.webchatErrors.domains) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const signal = this.newFlow();
    this.busy = true;
    this.error = null;
    try {
      const created = await backend.createWebchat({ name, domains }, signal);
      if (signal.aborted) return;
      this.snippet = created.snippet;
      this.succeed(created.channel);
    } catch (error) {
      if (!signal.aborted) this.fail(error);
    }
  }

  private succeed(channel: Channel): void {
    this.busy = false;
    this.channel = channel;
    this.checks = channel.setupChecks;
    this.step = 'result';
    this.dispatchEvent(new ChannelConnectedEvent(channel));
  }

  private fail(error: unknown): void {
    this.busy = false;
    this.error = error;
    this.dispatchEvent(new ChannelConnectErrorEvent(error));
  }

  private async checkAgain(): Promise<void> {
    const backend = this.activeBackend;
    if (!backend || !this.channel || this.checking) return;
    const signal = this.newFlow();
    this.checking = true;
    try {
      const checks = await backend.getSetupChecks(this.channel.id, signal);
      if (!signal.aborted) this.checks = checks;
    } catch (error) {
      if (!signal.aborted) this.error = error;
    } finally {
      // An aborted check is no one's news: a reset (or the next opening's) clears `checking`.
      if (!signal.aborted) this.checking = false;
    }
  }

  private async copySnippet(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.snippet);
      this.copyState = 'copied';
    } catch {
      this.copyState = 'failed';
      this.renderRoot.querySelector<HTMLTextAreaElement>('textarea.snippet')?.select();
    }
  }

  private retry(): void {
    const failedStep = this.step;
    this.error = null;
    if (failedStep === 'pick') void this.connect(this.chosenAccount);
    else if (failedStep === 'authorize') this.authorize();
    else if (failedStep === 'result') void this.checkAgain();
    // Webchat: the form stays filled in; the person presses Create again.
  }

  private back(): void {
    this.stopWaiting();
    this.step = this.step === 'pick' ? 'authorize' : 'type';
  }

  /** Cancel while Meta's window is open: stop waiting, and stay at this step with the type chosen. */
  private stopWaiting(): void {
    this.flow?.abort();
    this.busy = false;
    this.error = null;
  }

  // ---- dialog events ---------------------------------------------------------------------------

  private onCancel(event: Event): void {
    event.preventDefault();
    if (this.confirmingClose) this.confirmingClose = false;
    else this.requestClose();
  }

  protected afterClose(): void {
    this.flow?.abort();
    this.dispatchEvent(new ChannelDialogCloseEvent(this.step === 'result', this.channel));
  }

  // ---- rendering -------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    return html`<dialog part="dialog" aria-labelledby="wizard-title" @cancel=${this.onCancel} @close=${this.onDialogClose}>
      <div class="title-row">
        <h2 id="wizard-title">${t.addChannel}</h2>
        <button class="button close-x" aria-label=${t.close} @click=${() => this.requestClose()}>✕</button>
      </div>
      ${this.renderSteps()}
      ${this.confirmingClose ? this.renderCloseConfirm() : this.renderStep()}
    </dialog>`;
  }

  private renderSteps() {
    const t = this.localize.t;
    const names = this.type === 'webchat' ? [t.stepType, t.stepDetails, t.done] : [t.stepType, t.stepAuthorize, t.stepAccount, t.done];
    const index = { type: 0, authorize: 1, webchat: 1, pick: 2, result: this.type === 'webchat' ? 2 : 3 }[this.step];
    return html`<ol part="steps" class="steps">
      ${names.map(
        (name, i) => html`<li class=${i < index ? 'past' : i === index ? 'current' : ''} aria-current=${i === index ? 'step' : nothing}>
          <span class="step-number" aria-hidden="true">${i + 1}</span><span>${name}</span>
        </li>`,
      )}
    </ol>
    <p class="visually-hidden">${t.stepOf(index + 1, names.length, names[index]!)}</p>`;
  }

  private renderStep(): TemplateResult {
    switch (this.step) {
      case 'type':
        return this.renderTypeStep();
      case 'authorize':
        return this.renderAuthorizeStep();
      case 'pick':
        return this.renderPickStep();
      case 'webchat':
        return this.renderWebchatStep();
      case 'result':
        return this.renderResultStep();
    }
  }

  private renderError() {
    return this.error ? errorPanel(this.localize.t, this.error, this.troubleshootingUrl, () => this.retry()) : nothing;
  }

  private renderTypeStep() {
    const t = this.localize.t;
    const picked = this.type ?? this.offeredTypes[0] ?? null;
    return html`<form
      @submit=${(e: Event) => {
        e.preventDefault();
        const chosen = new FormData(e.target as HTMLFormElement).get('type') as ManagedChannelType | null;
        if (chosen) this.chooseType(chosen);
      }}
    >
      <fieldset class="types">
        <legend class="step-heading" tabindex="-1">${t.chooseType}</legend>
        ${this.offeredTypes.map(
          (type) => html`<label class="type-option">
            <input type="radio" name="type" value=${type} .checked=${type === picked} />
            <span class="type-icon" aria-hidden="true">${typeIcon(type)}</span>
            <span class="type-text"><strong>${typeLabel(t, type)}</strong><span class="muted">${t[TYPE_DESCRIPTIONS[type]] as string}</span></span>
          </label>`,
        )}
      </fieldset>
      <div class="footer"><button class="button primary" type="submit">${t.next}</button></div>
    </form>`;
  }

  private renderAuthorizeStep() {
    const t = this.localize.t;
    const type = this.type as AuthorizableType;
    // "Continue with Meta" turns into Cancel while Meta's window is open: the same button, since
    // replacing it would remove the focused element in the middle of the click.
    return html`
      <h3 class="step-heading" tabindex="-1">${t.prerequisitesTitle}</h3>
      <ul class="prerequisites">
        ${PREREQUISITES[type].map(
          (item) => html`<li>
            <span>${t[item.text] as string}</span>
            <a href=${this.guideLinks[item.guide]} target="_blank" rel="noopener noreferrer">${t[item.guideText] as string}</a>
          </li>`,
        )}
      </ul>
      ${this.renderPermissionNote(this.troubleshootingUrl)}
      ${this.busy ? this.renderWaitingForMeta() : nothing}
      ${this.renderError()}
      <div class="footer">
        <button class="button" @click=${this.back}>${t.back}</button>
        <button class=${this.busy ? 'button' : 'button primary'} @click=${() => (this.busy ? this.stopWaiting() : this.authorize())}>
          ${this.busy ? t.cancel : t.continueWithMeta}
        </button>
      </div>
    `;
  }

  private renderPickStep() {
    const t = this.localize.t;
    return html`<form
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.connect(this.chosenAccount);
      }}
    >
      <fieldset class="accounts">
        <legend class="step-heading" tabindex="-1">${t.chooseAccount}</legend>
        ${this.accounts.map((account) => {
          const { eligibility } = account;
          const eligible = eligibility === 'eligible';
          const reasonId = `reason-${account.id}`;
          return html`<label class="account-option ${eligible ? '' : 'ineligible'}">
            <input
              type="radio"
              name="account"
              value=${account.id}
              ?checked=${account.id === this.chosenAccount}
              ?disabled=${!eligible}
              aria-describedby=${eligible ? nothing : reasonId}
              @change=${() => (this.chosenAccount = account.id)}
            />
            <span class="account-text">
              <strong>${account.name}</strong>
              <span class="muted">${[account.username ? `@${account.username}` : '', account.portfolio?.name ?? ''].filter(Boolean).join(' · ')}</span>
              ${eligibility === 'eligible' ? nothing : html`<span id=${reasonId} class="reason">${t[ELIGIBILITY_TEXT[eligibility]] as string}</span>`}
            </span>
          </label>`;
        })}
      </fieldset>
      ${this.renderError()}
      <div class="footer">
        <button class="button" type="button" @click=${this.back}>${t.back}</button>
        <button class="button primary" type="submit" aria-disabled=${this.busy || !this.chosenAccount ? 'true' : 'false'}>
          ${this.busy ? t.connecting : t.connect}
        </button>
      </div>
    </form>`;
  }

  private renderWebchatStep() {
    const t = this.localize.t;
    const { name, domains } = this.webchatErrors;
    return html`<form
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.createWebchat(e.target as HTMLFormElement);
      }}
    >
      <h3 class="step-heading" tabindex="-1">${typeLabel(t, 'webchat')}</h3>
      <label class="field">
        <span>${t.name}</span>
        <input name="name" autocomplete="off" aria-invalid=${name ? 'true' : 'false'} aria-describedby=${name ? 'name-error' : nothing} />
        ${name ? html`<span id="name-error" class="alert">${name}</span>` : nothing}
      </label>
      <label class="field">
        <span>${t.webchatDomains}</span>
        <textarea
          name="domains"
          rows="3"
          aria-invalid=${domains ? 'true' : 'false'}
          aria-describedby=${domains ? 'domains-hint domains-error' : 'domains-hint'}
        ></textarea>
        <span id="domains-hint" class="muted">${t.webchatDomainsHint}</span>
        ${domains ? html`<span id="domains-error" class="alert">${domains}</span>` : nothing}
      </label>
      ${this.renderError()}
      <div class="footer">
        <button class="button" type="button" @click=${this.back}>${t.back}</button>
        <button class="button primary" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t.creating : t.create}</button>
      </div>
    </form>`;
  }

  private renderResultStep() {
    const t = this.localize.t;
    const channel = this.channel!;
    return html`
      <h3 class="step-heading" tabindex="-1">${t.connectedTitle(channel.name)}</h3>
      <p class="result-row">
        <span class="type-icon" aria-hidden="true">${typeIcon(channel.type)}</span>
        <span>${typeLabel(t, channel.type)} · ${channel.accountId}</span>
        ${statusBadge(t, statusView(channel))}
      </p>
      ${channel.type === 'webchat' ? this.renderSnippet() : setupChecklist(t, this.checks, this.checking, () => this.checkAgain())}
      ${this.renderError()}
      <div class="footer"><button class="button primary" @click=${() => this.close()}>${t.done}</button></div>
    `;
  }

  private renderSnippet() {
    const t = this.localize.t;
    return html`<div class="snippet-block">
      <label class="field" for="snippet">${t.snippetTitle}</label>
      <textarea id="snippet" part="snippet" class="snippet" readonly rows="3" .value=${this.snippet}></textarea>
      <p class="copy-row">
        <button class="button" @click=${() => this.copySnippet()}>${t.copy}</button>
        <span role="status" class=${this.copyState === 'failed' ? 'alert' : 'muted'}>
          ${this.copyState === 'copied' ? t.copied : this.copyState === 'failed' ? t.copyFailed : ''}
        </span>
      </p>
    </div>`;
  }

  private renderCloseConfirm() {
    const t = this.localize.t;
    return html`<div class="confirm-close" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body">
      <h3 id="confirm-title" class="step-heading" tabindex="-1">${t.closeConfirmTitle}</h3>
      <p id="confirm-body">${t.closeConfirmBody}</p>
      <div class="footer">
        <button class="button" autofocus @click=${() => (this.confirmingClose = false)}>${t.keepGoing}</button>
        <button class="button danger" @click=${() => this.close()}>${t.stop}</button>
      </div>
    </div>`;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChannelBackend, ConnectAccountInput } from '../../adapters/backend.js';
import type { AuthorizableType } from '../../core/authorization.js';
import { MANAGED_CHANNEL_TYPES, type Channel, type ManagedChannelType } from '../../core/channel.js';
import { RequestController } from '../../controllers/request-controller.js';
import { StepFocusController } from '../../controllers/step-focus-controller.js';
import { ChannelConnectErrorEvent, ChannelConnectedEvent, ChannelDialogCloseEvent, type DialogCloseSource } from '../../events/channel-events.js';
import type { PermissionRequest } from '../../permissions/policy.js';
import { runAuthorization } from '../../popup/run-authorization.js';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { ChannelKitDialog } from '../base/channel-kit-dialog.js';
import { DEFAULT_TROUBLESHOOTING_URL, errorPanel } from '../base/error-panel.js';
import { badgeStyles } from '../channel-status-badge/channel-status-badge.styles.js';
import { wizardStyles } from './add-channel-wizard.styles.js';
import { DEFAULT_GUIDE_LINKS, type GuideLinks } from './prerequisites.js';
import { readWebchatForm } from './webchat-form.js';
import { INITIAL_FLOW, atSetup, connected, ineligible, picking, withType, type WizardFlow } from './wizard-flow.js';
import { authorizeStep, closeConfirm, pickStep, resultStep, stepIndicator, typeStep, webchatStep, type WizardActions, type WizardView } from './wizard-steps.js';

/**
 * Scenario 1: choose a channel type, check its prerequisites, authorize with Meta in a popup, pick
 * the account, and see the result with the after-connect setup. Webchat needs no Meta: a name and
 * the allowed domains, then the install snippet.
 *
 * @fires channel-connected - A channel was connected (or a Webchat created): `{ channel }`.
 * @fires channel-connect-error - A step failed: `{ error }`.
 * @fires channel-dialog-close-request - Its ✕ or Escape was pressed, or `requestClose()` called: `{ source }`. Cancelable: `preventDefault()` keeps it open. Half way through a connection, a request let through asks "Stop connecting?" first; Escape while it asks means Keep going, without asking.
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

  @state() private flow: WizardFlow = INITIAL_FLOW;
  /** Meta's authorization, then connecting the account; or creating the Webchat. */
  private readonly connection = new RequestController(this);
  /** Asking the connected channel's setup checks again. */
  private readonly setupCheck = new RequestController(this);
  /** Focus follows the step shown (and "Stop connecting?"). */
  private readonly stepFocus = new StepFocusController(this, () => ({
    key: `${this.flow.step} ${this.flow.confirmingClose}`,
    selector: this.flow.confirmingClose ? '.confirm-close button' : '.step-heading',
  }));

  private readonly on: WizardActions = {
    choose: (type) => this.patch(withType(this.flow, type)),
    authorize: () => this.authorize(),
    // Cancel while Meta's window is open: stop waiting, and stay at this step with the type chosen.
    stopWaiting: () => this.connection.abort(),
    back: () => this.back(),
    pick: (chosenAccount) => this.patch({ chosenAccount }),
    connect: () => this.connectChosen(),
    createWebchat: (form) => void this.createWebchat(form),
    checkAgain: () => this.checkAgain(),
    copySnippet: () => void this.copySnippet(),
    done: () => this.close(),
    keepGoing: () => this.patch({ confirmingClose: false }),
  };

  /** The types offered: the attribute's, in the product's order, never LINE. */
  get offeredTypes(): ManagedChannelType[] {
    const wanted = new Set(this.channelTypes.split(/[\s,]+/).filter(Boolean));
    return MANAGED_CHANNEL_TYPES.filter((type) => wanted.has(type));
  }

  /**
   * Opens the wizard (at the type step, or straight at `type`'s prerequisites). Returns false, and
   * opens nothing, for a viewer who may not manage channels; when who the viewer is could not be
   * asked, it opens as every dialog does, saying so with Try again.
   */
  override show(type?: ManagedChannelType): boolean {
    if (!this.openFor(type ? { action: 'connect', channelType: type } : { action: 'connect' })) return false;
    const offered = this.offeredTypes;
    const chosen = type && offered.includes(type) ? type : offered.length === 1 ? offered[0] : undefined;
    this.start(chosen ? withType(INITIAL_FLOW, chosen) : INITIAL_FLOW);
    return true;
  }

  /** Opens at a connected channel's after-connect setup checklist, and checks it again. Returns false as `show()` does. */
  showSetup(channel: Channel): boolean {
    if (!this.openFor({ action: 'setup', channel })) return false;
    this.start(atSetup(channel));
    this.checkAgain();
    return true;
  }

  /** Connecting (a channel of the type chosen, once chosen), until a channel is connected; then finishing that channel's setup. */
  protected override get permissionRequest(): PermissionRequest {
    const { step, channel, type } = this.flow;
    if (step === 'result' && channel) return { action: 'setup', channel };
    return type ? { action: 'connect', channelType: type } : { action: 'connect' };
  }

  /**
   * What its ✕ does: asks the host (`channel-dialog-close-request`, source `close-button`), then, when
   * a connection is half done, asks the person. Returns whether it closed.
   */
  requestClose(): boolean {
    return this.askToClose('close-button');
  }

  /** Closes at once, stopping whatever runs (the host's command: never refused). Returns false when it was not open. */
  override close(): boolean {
    this.stopRequests();
    return super.close();
  }

  /** Half way through a connection, a request to close asks the person first ("Stop connecting?"). */
  protected override closeOnRequest(): boolean {
    if (!this.midFlow) return this.close();
    this.patch({ confirmingClose: true });
    return false;
  }

  /** Escape while it asks "Stop connecting?" means Keep going: the host is not asked. */
  protected override askToClose(source: DialogCloseSource): boolean {
    if (source === 'keyboard' && this.flow.confirmingClose) {
      this.patch({ confirmingClose: false });
      return false;
    }
    return super.askToClose(source);
  }

  private get midFlow(): boolean {
    return this.flow.step !== 'type' && this.flow.step !== 'result';
  }

  /** Starts afresh at `flow` (once the base has opened it), stopping whatever an earlier opening left running. */
  private start(flow: WizardFlow): void {
    this.stopRequests();
    this.flow = flow;
  }

  private patch(changes: Partial<WizardFlow>): void {
    this.flow = { ...this.flow, ...changes };
  }

  private stopRequests(): void {
    this.connection.abort();
    this.setupCheck.abort();
  }

  // ---- requests ------------------------------------------------------------------------------

  /** Runs a step of the connection; its failure is the host's news too. */
  private runConnection(work: (signal: AbortSignal) => Promise<void>): void {
    void this.connection.run((signal) =>
      work(signal).catch((error: unknown) => {
        signal.throwIfAborted();
        this.dispatchEvent(new ChannelConnectErrorEvent(error));
        throw error;
      }),
    );
  }

  /** Runs inside the click handler: the popup must open before anything is awaited. */
  private authorize(): void {
    const backend = this.activeBackend;
    const type = this.flow.type as AuthorizableType | undefined;
    if (this.connection.pending || !backend || !type || this.refused()) return;
    this.runConnection(async (signal) => {
      const outcome = await runAuthorization({
        backend,
        input: { channelType: type, mode: 'connect' },
        signal,
        timeoutMs: this.authorizationTimeout,
        openWindow: this.openWindow,
      });
      signal.throwIfAborted();
      // Closed by the person: back to this step, no error.
      if (outcome.kind === 'cancelled') return;
      const { sessionId, accounts } = outcome.result;
      const only = accounts.length === 1 ? accounts[0]! : null;
      if (!only) return this.patch(picking(this.flow, sessionId, accounts));
      if (only.eligibility !== 'eligible') throw ineligible(only.eligibility);
      await this.connectAccount(backend, { sessionId, accountId: only.id }, signal);
    });
  }

  private connectChosen(): void {
    const backend = this.activeBackend;
    const { sessionId, chosenAccount: accountId } = this.flow;
    if (this.connection.pending || !backend || !sessionId || !accountId || this.refused()) return;
    this.runConnection((signal) => this.connectAccount(backend, { sessionId, accountId }, signal));
  }

  private async connectAccount(backend: ChannelBackend, input: ConnectAccountInput, signal: AbortSignal): Promise<void> {
    const channel = await backend.connectAccount(input, signal);
    signal.throwIfAborted();
    this.succeed(channel);
  }

  private async createWebchat(form: HTMLFormElement): Promise<void> {
    const backend = this.activeBackend;
    if (this.connection.pending || !backend || this.refused()) return;
    const { input, errors } = readWebchatForm(form, this.localize.t);
    this.patch({ webchatErrors: errors ?? {} });
    if (errors) return this.focusAfterUpdate('[aria-invalid="true"]');
    this.runConnection(async (signal) => {
      const created = await backend.createWebchat(input, signal);
      signal.throwIfAborted();
      this.succeed(created.channel, created.snippet);
    });
  }

  private succeed(channel: Channel, snippet?: string): void {
    this.patch(connected(this.flow, channel, snippet));
    this.dispatchEvent(new ChannelConnectedEvent(channel));
  }

  private checkAgain(): void {
    const backend = this.activeBackend;
    const { channel } = this.flow;
    if (!backend || !channel || this.setupCheck.pending || this.refused()) return;
    void this.setupCheck.run(async (signal) => {
      const checks = await backend.getSetupChecks(channel.id, signal);
      signal.throwIfAborted();
      this.patch({ checks });
    });
  }

  private async copySnippet(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.flow.snippet ?? '');
      this.patch({ copyState: 'copied' });
    } catch {
      this.patch({ copyState: 'failed' });
      this.renderRoot.querySelector<HTMLTextAreaElement>('textarea.snippet')?.select();
    }
  }

  private retry(): void {
    const { step } = this.flow;
    this.connection.abort(); // forgets the failure shown
    if (step === 'pick') this.connectChosen();
    else if (step === 'authorize') this.authorize();
    else if (step === 'result') this.checkAgain();
    // Webchat: the form stays filled in; the person presses Create again.
  }

  private back(): void {
    this.connection.abort();
    this.patch({ step: this.flow.step === 'pick' ? 'authorize' : 'type' });
  }

  // ---- dialog events ---------------------------------------------------------------------------

  protected afterClose(): void {
    this.stopRequests();
    this.dispatchEvent(new ChannelDialogCloseEvent(this.flow.step === 'result', this.flow.channel ?? null));
  }

  // ---- rendering -------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    const { flow, on } = this;
    const failure = this.connection.error ?? this.setupCheck.error;
    // Why an action is refused, then what failed: in the same place on every step.
    const error = html`${this.renderPermissionNote(this.troubleshootingUrl)}${failure ? errorPanel(t, failure, this.troubleshootingUrl, () => this.retry()) : nothing}`;
    const body = html`${stepIndicator(t, flow)}
    ${flow.confirmingClose ? closeConfirm(t, on) : this.renderStep({ t, flow, on, error, busy: this.connection.pending })}`;
    return this.renderDialog(t.addChannel, body, undefined, true);
  }

  private renderStep(view: WizardView): TemplateResult {
    switch (view.flow.step) {
      case 'type':
        return typeStep(view, this.offeredTypes);
      case 'authorize':
        return authorizeStep(view, this.guideLinks, view.busy ? this.renderWaitingForMeta() : nothing);
      case 'pick':
        return pickStep(view);
      case 'webchat':
        return webchatStep(view);
      case 'result':
        return resultStep(view, this.setupCheck.pending, this.guideLinks.fbPage);
    }
  }
}

import type { GrantedAccount } from '../../core/authorization.js';
import type { Channel, ManagedChannelType, SetupCheck } from '../../core/channel.js';
import { ChannelKitError } from '../../core/errors.js';
import type { WebchatErrors } from './webchat-form.js';

export type Step = 'type' | 'authorize' | 'pick' | 'webchat' | 'result';

export type Ineligibility = Exclude<GrantedAccount['eligibility'], 'eligible'>;

/**
 * Where the wizard stands, replaced whole on every change; each opening starts afresh. What is not
 * known yet is left out. Whether a request is running, and how the last one failed, is the request
 * controllers' to say.
 */
export interface WizardFlow {
  readonly step: Step;
  readonly type?: ManagedChannelType;
  /** The Meta authorization's session, and the accounts it granted. */
  readonly sessionId?: string;
  readonly accounts?: readonly GrantedAccount[];
  readonly chosenAccount?: string;
  /** The connected channel, shown at the result step with its setup checks. */
  readonly channel?: Channel;
  readonly checks?: readonly SetupCheck[];
  /** Webchat's install snippet, and whether it was copied. */
  readonly snippet?: string;
  readonly copyState?: 'copied' | 'failed';
  readonly confirmingClose?: boolean;
  readonly webchatErrors?: WebchatErrors;
}

/** Where every opening starts. */
export const INITIAL_FLOW: WizardFlow = { step: 'type' };

/** The chosen type's first step: Webchat's form, else the prerequisites of Meta's authorization. */
export const withType = (flow: WizardFlow, type: ManagedChannelType): WizardFlow => ({
  ...flow,
  type,
  step: type === 'webchat' ? 'webchat' : 'authorize',
});

/** Several accounts granted: the person picks one, the first eligible one chosen. */
export const picking = (flow: WizardFlow, sessionId: string, accounts: readonly GrantedAccount[]): WizardFlow => ({
  ...flow,
  sessionId,
  accounts,
  chosenAccount: accounts.find((account) => account.eligibility === 'eligible')?.id,
  step: 'pick',
});

/** The result step, with the channel's after-connect setup (and Webchat's snippet). */
export const connected = (flow: WizardFlow, channel: Channel, snippet?: string): WizardFlow => ({
  ...flow,
  channel,
  checks: channel.setupChecks,
  snippet,
  step: 'result',
});

/** Opened at a connected channel's setup. */
export const atSetup = (channel: Channel): WizardFlow =>
  connected({ step: 'result', type: channel.type === 'line' || channel.type === 'unknown' ? undefined : channel.type }, channel);

/** Why the one account granted cannot be connected. */
export const ineligible = (eligibility: Ineligibility): ChannelKitError =>
  new ChannelKitError('conflict', eligibility, {
    code: eligibility,
    // The one eligibility whose error reason is named differently.
    reason: eligibility === 'missing_permission' ? 'permission_missing' : eligibility,
  });

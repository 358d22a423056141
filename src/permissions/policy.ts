import type { Channel } from '../core/channel.js';
import { PRODUCTS, type Viewer } from '../core/viewer.js';

/**
 * What a viewer may be asked to do: `connect` a channel (a new one; or a disconnected one again,
 * whether through the wizard or its row's Reconnect), `reauthorize` a connected one (renew its
 * token), `disconnect` one, or check and finish one's `setup`.
 */
export type PermissionAction = 'connect' | 'reauthorize' | 'disconnect' | 'setup';

/**
 * The question a policy answers: may the viewer do `action` to `channel` (absent for a new
 * connection), of type `channelType` (always there once the type is known: a new connection's
 * chosen type, else the channel's)?
 */
export interface PermissionRequest {
  action: PermissionAction;
  channel?: Channel;
  channelType?: string;
}

/**
 * A policy's answer: `true` or `false`, or `{ allowed, reason }`, whose `reason` (in the viewer's
 * language, shown as text) the elements show where they disable the control, and the server sends
 * with its 403. The product rule's refusals say which they are (`refusal`), so a host's policy that
 * hands a request on to `defaultPermissionPolicy` keeps their words.
 */
export type PermissionAnswer = boolean | { allowed: boolean; reason?: string; refusal?: PermissionRefusal };

/**
 * Decides what a viewer may do. A host may supply its own: one that reads only the viewer
 * (`(viewer) => boolean`) decides every action alike; one that reads the request decides per action
 * and per channel. The server half takes the same function.
 */
export type PermissionPolicy = (viewer: Viewer, request: PermissionRequest) => PermissionAnswer;

/**
 * Why a viewer may not: under the product rule (the default policy), `not_a_manager` (the role may
 * not manage channels) or `unknown_product` (a partner's own product needs the policy its host
 * supplies); under a host's policy, `not_allowed`.
 */
export type PermissionRefusal = 'not_allowed' | 'not_a_manager' | 'unknown_product';

/**
 * A policy's answer, read: allowed, or refused with why (and the policy's own reason, when it gave
 * one; `failure`, what it threw, when it threw).
 */
export type PermissionDecision = { allowed: true } | { allowed: false; refusal: PermissionRefusal; reason?: string; failure?: unknown };

const CAAC_MANAGER_ROLES: ReadonlySet<string> = new Set(['owner', 'primary_admin']);
const ALLOWED: PermissionDecision = { allowed: true };
/** A reason longer than this is cut: it is shown beside a control, not read as a page. */
const MAX_REASON_LENGTH = 300;

/**
 * The product rule, the same for every action: in CAAC only the Owner and Primary admins manage
 * channels; in MAAC every role. A product it does not know is refused.
 */
export const defaultPermissionPolicy: PermissionPolicy = (viewer) =>
  viewer.product === 'maac' ||
  (viewer.product === 'caac' && CAAC_MANAGER_ROLES.has(viewer.role)) || {
    allowed: false,
    refusal: (PRODUCTS as readonly unknown[]).includes(viewer.product) ? 'not_a_manager' : 'unknown_product',
  };

/**
 * What reauthorizing `channel` asks the policy: bringing a disconnected channel back is connecting it
 * again (as the wizard does for an account the workspace had), renewing a connected one's token is
 * reauthorizing. The elements and the server ask it the same way.
 */
export function reauthorizeAction(channel: { status: string }): PermissionAction {
  return channel.status === 'disconnected' ? 'connect' : 'reauthorize';
}

/** The request for `action` on `channel` (or, for a new connection, on a channel of `channelType`). */
export function requestFor(action: PermissionAction, channel?: Channel, channelType: string | undefined = channel?.rawType): PermissionRequest {
  const request: PermissionRequest = { action };
  if (channel) request.channel = channel;
  if (channelType) request.channelType = channelType;
  return request;
}

/**
 * The one place that asks a policy and reads its answer: only `true` or `{ allowed: true }` allows
 * (anything else a policy returns refuses); a reason is kept when it is a non-empty string. A policy
 * that throws refuses (the browser and the server alike; `failure` says what it threw). No viewer
 * means no.
 */
export function decide(
  viewer: Viewer | null | undefined,
  request: PermissionRequest,
  policy: PermissionPolicy = defaultPermissionPolicy,
): PermissionDecision {
  if (viewer == null) return { allowed: false, refusal: policy === defaultPermissionPolicy ? 'not_a_manager' : 'not_allowed' };
  let answer: unknown;
  try {
    answer = policy(viewer, request);
  } catch (failure) {
    return { allowed: false, refusal: 'not_allowed', failure };
  }
  const allowed = answer === true || (typeof answer === 'object' && answer !== null && (answer as { allowed?: unknown }).allowed === true);
  if (allowed) return ALLOWED;
  const { reason, refusal } = ((typeof answer === 'object' && answer) || {}) as { reason?: unknown; refusal?: unknown };
  const decision: PermissionDecision = { allowed: false, refusal: refusal === 'not_a_manager' || refusal === 'unknown_product' ? refusal : 'not_allowed' };
  if (typeof reason === 'string' && reason.trim()) decision.reason = reason.trim().slice(0, MAX_REASON_LENGTH);
  return decision;
}

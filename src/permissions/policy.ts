import type { Channel } from '../core/channel.js';
import { PRODUCTS, type Viewer } from '../core/viewer.js';

/**
 * What a viewer may be asked to do: `connect` a channel through the wizard (a new one, or an account
 * this workspace had before), `reauthorize` one (a disconnected channel's Reconnect too), `disconnect`
 * one, or check and finish one's `setup`.
 */
export type PermissionAction = 'connect' | 'reauthorize' | 'disconnect' | 'setup';

/** The question a policy answers: may the viewer do `action` to `channel` (absent for a new connection)? */
export interface PermissionRequest {
  action: PermissionAction;
  channel?: Channel;
}

/**
 * A policy's answer: `true` or `false`, or `{ allowed, reason }`, whose `reason` (in the viewer's
 * language, shown as text) the elements show where they disable the control, and the server sends
 * with its 403.
 */
export type PermissionAnswer = boolean | { allowed: boolean; reason?: string };

/**
 * Decides what a viewer may do. A host may supply its own: one that reads only the viewer
 * (`(viewer) => boolean`) decides every action alike; one that reads the request decides per action
 * and per channel. The server half takes the same function.
 */
export type PermissionPolicy = (viewer: Viewer, request: PermissionRequest) => PermissionAnswer;

/**
 * Why a viewer may not: `unknown_product` when the default policy does not know the viewer's product
 * (a partner's own product needs the policy its host supplies), else `not_allowed`.
 */
export type PermissionRefusal = 'not_allowed' | 'unknown_product';

/** A policy's answer, read: allowed, or refused with why (and the policy's own reason, when it gave one). */
export type PermissionDecision = { allowed: true } | { allowed: false; refusal: PermissionRefusal; reason?: string };

const CAAC_MANAGER_ROLES: ReadonlySet<string> = new Set(['owner', 'primary_admin']);
const ALLOWED: PermissionDecision = { allowed: true };
/** A reason longer than this is cut: it is shown beside a control, not read as a page. */
const MAX_REASON_LENGTH = 300;

/**
 * The product rule, the same for every action: in CAAC only the Owner and Primary admins manage
 * channels; in MAAC every role. A product it does not know is refused.
 */
export const defaultPermissionPolicy: PermissionPolicy = (viewer) =>
  viewer.product === 'maac' || (viewer.product === 'caac' && CAAC_MANAGER_ROLES.has(viewer.role));

/**
 * The one place that asks a policy and reads its answer: only `true` or `{ allowed: true }` allows
 * (anything else a policy returns refuses); a reason is kept when it is a non-empty string. No viewer
 * means no.
 */
export function decide(
  viewer: Viewer | null | undefined,
  request: PermissionRequest,
  policy: PermissionPolicy = defaultPermissionPolicy,
): PermissionDecision {
  if (viewer == null) return { allowed: false, refusal: 'not_allowed' };
  const answer: unknown = policy(viewer, request);
  const allowed = answer === true || (typeof answer === 'object' && answer !== null && (answer as { allowed?: unknown }).allowed === true);
  if (allowed) return ALLOWED;
  const unknownProduct = policy === defaultPermissionPolicy && !(PRODUCTS as readonly unknown[]).includes(viewer.product);
  const decision: PermissionDecision = { allowed: false, refusal: unknownProduct ? 'unknown_product' : 'not_allowed' };
  const reason = typeof answer === 'object' && answer !== null ? (answer as { reason?: unknown }).reason : undefined;
  if (typeof reason === 'string' && reason.trim()) decision.reason = reason.trim().slice(0, MAX_REASON_LENGTH);
  return decision;
}

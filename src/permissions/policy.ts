import { PRODUCTS, type Viewer } from '../core/viewer.js';

/** Decides whether a viewer may manage channels. A host may supply its own. */
export type PermissionPolicy = (viewer: Viewer) => boolean;

/**
 * Why a viewer may not manage channels: `unknown_product` when the default policy does not know the
 * viewer's product (a partner's own product needs the policy its host supplies), else `not_allowed`.
 */
export type PermissionRefusal = 'not_allowed' | 'unknown_product';

const CAAC_MANAGER_ROLES: ReadonlySet<string> = new Set(['owner', 'primary_admin']);

/**
 * The product rule: in CAAC only the Owner and Primary admins manage channels; in MAAC every role.
 * A product it does not know is refused.
 */
export const defaultPermissionPolicy: PermissionPolicy = (viewer) =>
  viewer.product === 'maac' || (viewer.product === 'caac' && CAAC_MANAGER_ROLES.has(viewer.role));

/** The one place that answers "why may this viewer not manage channels?"; `null` when they may. No viewer means no. */
export function permissionRefusal(
  viewer: Viewer | null | undefined,
  policy: PermissionPolicy = defaultPermissionPolicy,
): PermissionRefusal | null {
  if (viewer != null && policy(viewer)) return null;
  return viewer != null && policy === defaultPermissionPolicy && !(PRODUCTS as readonly unknown[]).includes(viewer.product)
    ? 'unknown_product'
    : 'not_allowed';
}

/** Whether this viewer may manage channels, by the host's policy (or the product rule). */
export function canManageChannels(viewer: Viewer | null | undefined, policy?: PermissionPolicy): boolean {
  return permissionRefusal(viewer, policy) === null;
}

import type { Viewer } from '../core/viewer.js';

/** Decides whether a viewer may manage channels. A host may supply its own. */
export type PermissionPolicy = (viewer: Viewer) => boolean;

const CAAC_MANAGER_ROLES: ReadonlySet<string> = new Set(['owner', 'primary_admin']);

/** The product rule: in CAAC only the Owner and Primary admins manage channels; in MAAC every role. */
export const defaultPermissionPolicy: PermissionPolicy = (viewer) =>
  viewer.product === 'maac' || CAAC_MANAGER_ROLES.has(viewer.role);

/** The one place that answers "may this viewer manage channels?"; no viewer means no. */
export function canManageChannels(
  viewer: Viewer | null | undefined,
  policy: PermissionPolicy = defaultPermissionPolicy,
): boolean {
  return viewer != null && policy(viewer);
}

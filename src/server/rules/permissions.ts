import { ChannelKitError } from '../../core/errors.js';
import type { Viewer } from '../../core/viewer.js';
import { permissionRefusal, type PermissionPolicy } from '../../permissions/policy.js';

/** The server is the authority: whatever the UI shows, a viewer who may not manage gets 403. */
export function requireManager(viewer: Viewer, policy: PermissionPolicy): void {
  const refusal = permissionRefusal(viewer, policy);
  if (refusal) {
    const message =
      refusal === 'unknown_product'
        ? `The default permission policy does not know the product '${viewer.product}': the host supplies a policy for it.`
        : 'Only the Owner or a Primary admin can manage channels.';
    throw new ChannelKitError('permission', message, { status: 403, code: 'not_allowed' });
  }
}

import { ChannelKitError } from '../../core/errors.js';
import type { Viewer } from '../../core/viewer.js';
import { decide, type PermissionPolicy, type PermissionRequest } from '../../permissions/policy.js';

/**
 * The server is the authority: whatever the UI shows, a request the policy refuses gets 403, with the
 * policy's reason when it gave one (a policy that throws refuses too).
 */
export function requireAllowed(viewer: Viewer, policy: PermissionPolicy, request: PermissionRequest): void {
  const decision = decide(viewer, request, policy);
  if (decision.allowed) return;
  const message =
    decision.reason ??
    (decision.refusal === 'unknown_product'
      ? `The default permission policy does not know the product '${viewer.product}': the host supplies a policy for it.`
      : decision.refusal === 'not_a_manager'
        ? 'Only the Owner or a Primary admin can manage channels.'
        : 'The permission policy does not allow this.');
  throw new ChannelKitError('permission', message, { status: 403, code: 'not_allowed' });
}

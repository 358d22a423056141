import { ChannelKitError } from '../../core/errors.js';
import type { Viewer } from '../../core/viewer.js';
import { canManageChannels, type PermissionPolicy } from '../../permissions/policy.js';

/** The server is the authority: whatever the UI shows, a viewer who may not manage gets 403. */
export function requireManager(viewer: Viewer, policy: PermissionPolicy): void {
  if (!canManageChannels(viewer, policy)) {
    throw new ChannelKitError('permission', 'Only the Owner or a Primary admin can manage channels.', { status: 403, code: 'not_allowed' });
  }
}

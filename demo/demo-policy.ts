import { defaultPermissionPolicy, type PermissionPolicy } from '../src/permissions/policy.js';

/**
 * The demo host's permission policy, handed to the elements (through the provider) and to the server
 * half alike: the product rule, and on top of it one host's own rule, per action and per channel, for
 * MAAC's Viewer role: a Viewer may renew a Facebook Page's or an Instagram account's access and finish
 * its setup, but adding and disconnecting channels is an Admin's, and WhatsApp numbers are the Owner's.
 * (Its reasons are the host's own words; this demo host writes English.)
 */
export const demoPolicy: PermissionPolicy = (viewer, request) => {
  if (viewer.product !== 'maac' || viewer.role !== 'viewer') return defaultPermissionPolicy(viewer, request);
  if (request.action === 'connect') return { allowed: false, reason: 'Viewers cannot add channels: ask an Admin.' };
  if (request.action === 'disconnect') return { allowed: false, reason: 'Viewers cannot disconnect channels: ask an Admin.' };
  if (request.channel?.type === 'whatsapp') return { allowed: false, reason: 'WhatsApp numbers are managed by the Owner.' };
  return true;
};

// A permission policy of your own, per action and per channel. The same function goes to the elements
// (`provider.policy = hostPolicy`) and to the server half (`createChannelKitServer({ policy: hostPolicy, … })`),
// which answers 403 with the reason to a request the UI would not have sent.
import type { PermissionPolicy } from 'channel-kit';

export const hostPolicy: PermissionPolicy = (viewer, { action, channelType }) => {
  // Per channel: WhatsApp numbers, those connected and new ones, are Head Office's, except for the Owner.
  if (channelType === 'whatsapp' && viewer.role !== 'owner') {
    return { allowed: false, reason: 'WhatsApp numbers are managed by Head Office.' };
  }
  // Per action: only the IT team disconnects. The reason shows where the control is disabled.
  if (action === 'disconnect') {
    return { allowed: viewer.role === 'it_admin', reason: 'Ask your IT team to disconnect a channel.' };
  }
  // Connecting, reauthorizing, finishing a setup: everyone here.
  return true;
};

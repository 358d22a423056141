import type { ChannelBackend, StartAuthorizationInput } from '../adapters/backend.js';
import { ChannelKitError } from '../core/errors.js';
import { awaitAuthorization, type AuthorizationOutcome } from './await-authorization.js';
import { openPopupWindow } from './popup-window.js';

export interface RunAuthorizationOptions {
  backend: ChannelBackend;
  input: StartAuthorizationInput;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Replaces `window.open` (a host shell that opens windows its own way; tests). */
  openWindow?: typeof window.open;
}

/**
 * The whole authorization, connect or reauthorize. Call it synchronously from the click handler: the
 * window opens before anything is awaited (else the browser blocks it), then the backend is asked
 * where to send it.
 */
export function runAuthorization(options: RunAuthorizationOptions): Promise<AuthorizationOutcome> {
  const popup = openPopupWindow(options.openWindow);
  if (!popup) {
    return Promise.reject(new ChannelKitError('popup', 'The browser blocked the authorization window.', { reason: 'popup_blocked' }));
  }
  return (async () => {
    try {
      // The window is open, inside the click; asking the backend and navigating the window can wait
      // a task, so that the page paints its waiting state first.
      await new Promise((resolve) => setTimeout(resolve));
      const session = await options.backend.startAuthorization(options.input, options.signal);
      popup.location.href = session.authorizeUrl;
      return await awaitAuthorization({ popup, session, backend: options.backend, signal: options.signal, timeoutMs: options.timeoutMs });
    } catch (error) {
      if (!popup.closed) popup.close();
      throw error;
    }
  })();
}

import * as z from 'zod/mini';
import type { ChannelBackend } from '../adapters/backend.js';
import { CallbackMessageSchema, type AuthorizationResult, type AuthorizationSession, type CallbackMessage } from '../core/authorization.js';
import { DEV_MODE, warnRejectedMessage } from '../core/dev-mode.js';
import { ChannelKitError } from '../core/errors.js';
import { parseEmbeddedSignupMessage, type EmbeddedSignupEvent } from './embedded-signup.js';

export interface AwaitAuthorizationOptions {
  popup: Window;
  session: AuthorizationSession;
  backend: ChannelBackend;
  signal?: AbortSignal;
  /** Longest wait for the person to finish, in ms. */
  timeoutMs?: number;
  /** How often the popup is checked for having closed, in ms. */
  pollMs?: number;
  /**
   * A popup that reads as closed this soon after it was navigated was most likely hidden by the host's
   * Cross-Origin-Opener-Policy, not closed by the person: the flow then asks the backend for its result.
   */
  hiddenWithinMs?: number;
  /** The window that receives the popup's messages (the page itself). */
  receiver?: Window;
}

export type AuthorizationOutcome = { kind: 'granted'; result: AuthorizationResult } | { kind: 'cancelled' };

/** States already used by an accepted message: a replay of one is ignored. */
const usedStates = new Set<string>();

const CANCEL_CODES = new Set(['access_denied', 'user_cancelled', 'cancelled']);

/**
 * Waits for the authorization in `popup` to end, believing only messages whose origin is exactly the
 * expected one, whose source is that popup, whose state is this flow's (once), and whose payload
 * passes its schema. Handles a popup closed by the person (cancelled), a timeout, and a popup hidden
 * by COOP (the backend is asked for the flow's result instead).
 */
export function awaitAuthorization(options: AwaitAuthorizationOptions): Promise<AuthorizationOutcome> {
  const { popup, session, backend, signal } = options;
  const receiver = options.receiver ?? window;
  const expectedOrigin = new URL(session.callbackOrigin).origin;
  const signupOrigin = session.embeddedSignupOrigin ? new URL(session.embeddedSignupOrigin).origin : null;
  const started = Date.now();

  return new Promise<AuthorizationOutcome>((resolve, reject) => {
    let code: string | null = null;
    let signup: EmbeddedSignupEvent | null = null;
    let finishing = false;
    let hidden = false;
    let checkingBackend = false;

    const cleanup = () => {
      receiver.removeEventListener('message', onMessage);
      clearInterval(poll);
      clearTimeout(timeout);
      signal?.removeEventListener('abort', onAbort);
    };
    const settle = (outcome: AuthorizationOutcome | ChannelKitError) => {
      cleanup();
      if (!popup.closed) popup.close();
      if (outcome instanceof ChannelKitError) reject(outcome);
      else resolve(outcome);
    };
    const fail = (error: unknown) =>
      settle(error instanceof ChannelKitError ? error : new ChannelKitError('http', 'The authorization could not be completed.', { cause: error }));

    const finish = () => {
      const needsSignup = session.flow === 'embedded_signup';
      if (finishing || code === null || (needsSignup && signup === null)) return;
      finishing = true;
      const embeddedSignup =
        signup?.event === 'FINISH' ? { phoneNumberId: signup.phoneNumberId, wabaId: signup.wabaId, onBusinessApp: signup.onBusinessApp }
        : signup?.event === 'FINISH_ONLY_WABA' ? { wabaId: signup.wabaId }
        : undefined;
      backend
        .finishAuthorization({ sessionId: session.id, state: session.state, code, embeddedSignup }, signal)
        .then((result) => settle({ kind: 'granted', result }), fail);
    };

    const onCallback = (message: CallbackMessage) => {
      usedStates.add(message.state);
      if (message.error) {
        if (CANCEL_CODES.has(message.error.code)) return settle({ kind: 'cancelled' });
        return settle(
          new ChannelKitError('meta', message.error.message ?? message.error.code, {
            code: message.error.code,
            // A numeric code is Meta's (e.g. 190); a word is the host backend's (e.g. not_business_account).
            meta:
              message.error.fbtraceId || /^\d+$/.test(message.error.code)
                ? { code: Number(message.error.code) || 0, fbtraceId: message.error.fbtraceId }
                : undefined,
          }),
        );
      }
      code = message.code ?? null;
      if (code === null) return settle(new ChannelKitError('invalid_response', 'The authorization returned no code.'));
      finish();
    };

    const onSignup = (event: EmbeddedSignupEvent) => {
      if (event.event === 'CANCEL') return settle({ kind: 'cancelled' });
      if (event.event === 'ERROR') {
        const supportId = [event.errorId, event.sessionId].filter(Boolean).join(' / ') || undefined;
        return settle(
          new ChannelKitError('meta', event.errorMessage ?? 'WhatsApp Embedded Signup reported an error.', {
            code: 'embedded_signup_error',
            // Embedded Signup's error_id is not a Graph API error code: it only identifies the error.
            meta: { code: 0, fbtraceId: supportId, userMessage: event.errorMessage },
          }),
        );
      }
      signup = event;
      finish();
    };

    // Each check that fails ignores the message; development builds also say which, on the console.
    function onMessage(event: MessageEvent) {
      if (event.source !== popup) return void (DEV_MODE && warnRejectedMessage('source', event, session));
      if (signupOrigin && event.origin === signupOrigin) {
        const parsed = parseEmbeddedSignupMessage(event.data);
        if (parsed) return onSignup(parsed);
      }
      if (event.origin !== expectedOrigin) return void (DEV_MODE && warnRejectedMessage('origin', event, session));
      const parsed = z.safeParse(CallbackMessageSchema, event.data);
      if (!parsed.success) return void (DEV_MODE && warnRejectedMessage('shape', event, session, parsed.error));
      if (parsed.data.state !== session.state) return void (DEV_MODE && warnRejectedMessage('state', event, session));
      if (usedStates.has(parsed.data.state)) return void (DEV_MODE && warnRejectedMessage('used', event, session));
      onCallback(parsed.data);
    }

    /** Without a message, only the backend knows how the flow ended. */
    const askBackend = async (final: boolean) => {
      if (checkingBackend || finishing) return;
      checkingBackend = true;
      try {
        const result = await backend.getAuthorization(session.id, signal);
        if (result.status === 'completed') settle({ kind: 'granted', result });
        else if (result.status === 'failed') {
          settle(new ChannelKitError('meta', result.error?.message ?? 'The authorization failed.', { code: result.error?.code }));
        } else if (result.status === 'expired') settle(new ChannelKitError('conflict', 'The authorization expired.', { code: 'session_expired' }));
        else if (result.status === 'cancelled' || final) settle({ kind: 'cancelled' });
      } catch (error) {
        if (final) fail(error);
      } finally {
        checkingBackend = false;
      }
    };

    const onAbort = () => settle(new ChannelKitError('aborted', 'The authorization was cancelled.'));
    if (signal?.aborted) return onAbort();

    receiver.addEventListener('message', onMessage);
    signal?.addEventListener('abort', onAbort, { once: true });
    const poll = setInterval(() => {
      if (hidden) return void askBackend(false);
      if (!popup.closed || finishing) return;
      if (Date.now() - started < (options.hiddenWithinMs ?? 1_500)) {
        hidden = true;
        void askBackend(false);
      } else {
        // Give a message that was posted just before the window closed the chance to arrive first.
        setTimeout(() => void askBackend(true), 50);
        clearInterval(poll);
      }
    }, options.pollMs ?? 500);
    const timeout = setTimeout(
      () => settle(new ChannelKitError('timeout', 'The authorization took too long.', { reason: 'popup_timeout' })),
      options.timeoutMs ?? 10 * 60_000,
    );
  });
}

/** What Meta's WhatsApp Embedded Signup reports through `message` events. */
export type EmbeddedSignupEvent =
  | { event: 'FINISH'; phoneNumberId?: string; wabaId?: string; onBusinessApp?: true }
  | { event: 'FINISH_ONLY_WABA'; wabaId?: string }
  | { event: 'CANCEL'; currentStep?: string }
  | { event: 'ERROR'; errorMessage?: string; errorId?: string; sessionId?: string };

const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/**
 * Reads a `WA_EMBEDDED_SIGNUP` message: `data` may be a JSON string or an object, and the event name
 * is compared without regard to case. Anything else is `null` (and ignored by the caller).
 */
export function parseEmbeddedSignupMessage(data: unknown): EmbeddedSignupEvent | null {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as { type?: unknown; event?: unknown; data?: Record<string, unknown> };
  if (typeof message.type !== 'string' || message.type.toUpperCase() !== 'WA_EMBEDDED_SIGNUP') return null;
  const details = typeof message.data === 'object' && message.data !== null ? message.data : {};
  switch (typeof message.event === 'string' ? message.event.toUpperCase() : '') {
    case 'FINISH':
      return { event: 'FINISH', phoneNumberId: text(details.phone_number_id), wabaId: text(details.waba_id) };
    // A number that stays on the WhatsApp Business app (coexistence): the server must not register it.
    case 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING':
      return { event: 'FINISH', phoneNumberId: text(details.phone_number_id), wabaId: text(details.waba_id), onBusinessApp: true };
    case 'FINISH_ONLY_WABA':
      return { event: 'FINISH_ONLY_WABA', wabaId: text(details.waba_id) };
    case 'CANCEL':
      // The current docs' error form is a CANCEL carrying error_message / error_code / session_id.
      if (details.error_message !== undefined || details.error_code !== undefined) {
        return { event: 'ERROR', errorMessage: text(details.error_message), errorId: text(details.error_code), sessionId: text(details.session_id) };
      }
      return { event: 'CANCEL', currentStep: text(details.current_step) };
    case 'ERROR':
      return {
        event: 'ERROR',
        errorMessage: text(details.error_message),
        errorId: text(details.error_id),
        sessionId: text(details.session_id),
      };
    default:
      return null;
  }
}

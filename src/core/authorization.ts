import * as z from 'zod/mini';
import { httpUrl, isoDateTime, longString } from './checks.js';
import { MANAGED_CHANNEL_TYPES } from './channel.js';

export const AuthorizableTypeSchema = z.enum(['facebook', 'instagram', 'whatsapp']);
export type AuthorizableType = z.infer<typeof AuthorizableTypeSchema>;
export type AuthorizationMode = 'connect' | 'reauthorize';

/** What the popup needs: where to go, which origin will answer, and the single-use state. */
export const AuthorizationSessionSchema = z.object({
  id: longString(),
  mode: z.enum(['connect', 'reauthorize']),
  channelType: AuthorizableTypeSchema,
  channelId: z.nullish(z.string()),
  state: longString(16),
  authorizeUrl: httpUrl(),
  /** The exact origin of the callback page that will post the result to the opener. */
  callbackOrigin: httpUrl(),
  /**
   * `redirect`: the popup ends on the host backend's callback page, which posts the code.
   * `embedded_signup` (WhatsApp): Meta's Embedded Signup also reports through `WA_EMBEDDED_SIGNUP`
   * messages from `embeddedSignupOrigin`.
   */
  flow: z._default(z.enum(['redirect', 'embedded_signup']), 'redirect'),
  embeddedSignupOrigin: z.nullish(httpUrl()),
  expiresAt: isoDateTime(),
});
export type AuthorizationSession = z.infer<typeof AuthorizationSessionSchema>;

export const ELIGIBILITY = [
  'eligible',
  'already_connected',
  'not_business_account',
  'page_not_in_portfolio',
  'missing_permission',
] as const;
export type Eligibility = (typeof ELIGIBILITY)[number];

export const GrantedAccountSchema = z.object({
  id: longString(),
  type: z.enum(MANAGED_CHANNEL_TYPES),
  name: z.string(),
  username: z.nullish(z.string()),
  avatarUrl: z.nullish(httpUrl()),
  portfolio: z.nullish(z.object({ id: z.string(), name: z.string() })),
  eligibility: z.enum(ELIGIBILITY),
  /** For `already_connected`: the channel it is connected as, if in this workspace. */
  channelId: z.nullish(z.string()),
});
export type GrantedAccount = z.infer<typeof GrantedAccountSchema>;

export const AuthorizationResultSchema = z.object({
  sessionId: z.string(),
  status: z.enum(['pending', 'completed', 'cancelled', 'failed', 'expired']),
  accounts: z.array(GrantedAccountSchema),
  error: z.nullish(z.object({ code: z.string(), message: z.string() })),
});
export type AuthorizationResult = z.infer<typeof AuthorizationResultSchema>;

/** The message the callback page posts to the opener. */
export const CallbackMessageSchema = z.object({
  type: z.literal('channel-kit:authorization'),
  state: z.string(),
  code: z.nullish(z.string()),
  error: z.nullish(
    z.object({ code: z.string(), message: z.optional(z.string()), fbtraceId: z.optional(z.string()) }),
  ),
});
export type CallbackMessage = z.infer<typeof CallbackMessageSchema>;

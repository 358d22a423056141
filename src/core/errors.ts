import * as z from 'zod/mini';

/** The one error family every adapter call ends in. */
export type ErrorKind =
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'unauthenticated'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'invalid_response'
  | 'invalid_request'
  | 'meta'
  | 'popup'
  | 'http';

/**
 * Domain reasons a backend (or the flow itself) reports, each with its own message and
 * troubleshooting entry. `ErrorKind` says how the call failed; `ErrorReason` says why, for the user.
 */
export type ErrorReason =
  | 'token_expired'
  | 'permission_missing'
  | 'rate_limited'
  | 'policy_blocked'
  | 'page_not_in_portfolio'
  | 'not_business_account'
  | 'already_connected'
  | 'different_account'
  | 'popup_blocked'
  | 'popup_timeout'
  | 'network'
  | 'offline'
  | 'timeout'
  | 'not_allowed'
  | 'not_found'
  | 'invalid_response'
  | 'invalid_request'
  | 'session_expired'
  | 'unauthenticated'
  | 'unknown';

export const MetaErrorSchema = z.object({
  code: z.number(),
  error_subcode: z.optional(z.number()),
  fbtrace_id: z.optional(z.string()),
  error_user_msg: z.optional(z.string()),
  error_user_title: z.optional(z.string()),
  message: z.optional(z.string()),
});
export type MetaErrorBody = z.infer<typeof MetaErrorSchema>;

/** The body of every non-2xx response in the REST contract. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    meta: z.optional(MetaErrorSchema),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export interface MetaErrorInfo {
  code: number;
  subcode?: number;
  fbtraceId?: string;
  userMessage?: string;
  userTitle?: string;
}

export interface ChannelKitErrorInit {
  status?: number;
  code?: string;
  reason?: ErrorReason;
  retryAfterMs?: number;
  issuePath?: string;
  meta?: MetaErrorInfo;
  cause?: unknown;
}

export class ChannelKitError extends Error {
  override readonly name = 'ChannelKitError';
  readonly kind: ErrorKind;
  /** HTTP status, for errors that came with one. */
  readonly status?: number;
  /** The backend's machine-readable code (e.g. `already_connected`). */
  readonly code?: string;
  readonly retryAfterMs?: number;
  /** For `invalid_response`: where the body failed its schema, e.g. `channels.3.status`. */
  readonly issuePath?: string;
  readonly meta?: MetaErrorInfo;
  readonly reason: ErrorReason;

  constructor(kind: ErrorKind, message: string, init: ChannelKitErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.status = init.status;
    this.code = init.code;
    this.retryAfterMs = init.retryAfterMs;
    this.issuePath = init.issuePath;
    this.meta = init.meta;
    this.reason = init.reason ?? reasonFor(kind, init.code, init.meta);
  }

  /** What support needs to find the failure: Meta's `fbtrace_id` where there is one. */
  get supportId(): string | undefined {
    return this.meta?.fbtraceId;
  }
}

export function isChannelKitError(error: unknown): error is ChannelKitError {
  return error instanceof Error && error.name === 'ChannelKitError' && 'kind' in error;
}

/** Any failure as a `ChannelKitError`: one that is not (a host adapter's own throw) is wrapped, as its cause. */
export function asChannelKitError(error: unknown): ChannelKitError {
  return isChannelKitError(error) ? error : new ChannelKitError('http', error instanceof Error ? error.message : String(error), { cause: error, reason: 'unknown' });
}

const CODE_REASONS: Record<string, ErrorReason> = {
  already_connected: 'already_connected',
  different_account: 'different_account',
  not_business_account: 'not_business_account',
  page_not_in_portfolio: 'page_not_in_portfolio',
  missing_permission: 'permission_missing',
  permission_missing: 'permission_missing',
  token_expired: 'token_expired',
  session_expired: 'session_expired',
  policy_blocked: 'policy_blocked',
};

/** Meta Graph API error codes, as the product maps them. */
export function reasonForMetaCode(code: number): ErrorReason {
  if (code === 190) return 'token_expired';
  if (code === 10 || (code >= 200 && code <= 299)) return 'permission_missing';
  // App, user, Page and business-use-case (Pages, Instagram, Messenger, WhatsApp Business) limits.
  if ([4, 17, 32, 613, 80001, 80002, 80006, 80008].includes(code)) return 'rate_limited';
  if (code === 368) return 'policy_blocked';
  return 'unknown';
}

function reasonFor(kind: ErrorKind, code?: string, meta?: MetaErrorInfo): ErrorReason {
  if (meta) {
    const fromMeta = reasonForMetaCode(meta.code);
    if (fromMeta !== 'unknown') return fromMeta;
  }
  if (code && Object.hasOwn(CODE_REASONS, code)) return CODE_REASONS[code]!;
  switch (kind) {
    case 'network':
    case 'aborted':
      return 'network';
    case 'timeout':
      return 'timeout';
    case 'unauthenticated':
      return 'unauthenticated';
    case 'permission':
      return 'not_allowed';
    case 'not_found':
      return 'not_found';
    case 'rate_limited':
      return 'rate_limited';
    case 'invalid_response':
      return 'invalid_response';
    case 'invalid_request':
      return 'invalid_request';
    default:
      return 'unknown';
  }
}

type Issue = { path: ReadonlyArray<PropertyKey>; code?: string; message?: string; expected?: string; values?: unknown[]; format?: string; origin?: string; minimum?: unknown };

/** Turns a zod error's first issue into a readable path such as `channels.3.status`. */
export function issuePathOf(error: { issues: ReadonlyArray<Issue> }): string {
  const path = error.issues[0]?.path ?? [];
  return path.length ? path.map(String).join('.') : '(root)';
}

/**
 * A short, plain description of what was wrong (zod/mini ships without message catalogs, so its own
 * messages all read "Invalid input"): `status: expected string`, `avatarUrl: expected a url`.
 */
export function describeIssue(error: { issues: ReadonlyArray<Issue> }): string {
  const issue = error.issues[0];
  const path = issuePathOf(error);
  if (!issue) return path;
  switch (issue.code) {
    case 'invalid_type':
      return `${path}: expected ${issue.expected}`;
    case 'invalid_value':
      return `${path}: expected one of ${(issue.values ?? []).map(String).join(', ')}`;
    case 'invalid_format':
      return `${path}: expected a ${issue.format}`;
    case 'too_small':
      return `${path}: too short (minimum ${String(issue.minimum)})`;
    case 'custom':
      // The rules of ./checks.ts: their message is what was expected.
      return `${path}: ${issue.message}`;
    default:
      return `${path}: invalid`;
  }
}

import { randomBytes } from 'node:crypto';

/** Meta's error envelope (META-API §7). */
export interface GraphErrorEnvelope {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_user_title?: string;
    error_user_msg?: string;
    fbtrace_id: string;
  };
}

/** An error the emulator answers with instead of the endpoint's result. */
export interface InjectedError {
  /**
   * Which calls: a path after the version (`/me/accounts`, `/oauth/access_token`, `/debug_token`),
   * where `{id}` stands for one path segment (`/{id}/subscribed_apps`), or a RegExp tried on the path.
   * Absent: every Graph call.
   */
  endpoint?: string | RegExp;
  /** Only calls of this HTTP method. */
  method?: string;
  /** Only calls carrying this access token (or, for `/oauth/access_token`, this code or `fb_exchange_token`). */
  token?: string;
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  userTitle?: string;
  userMessage?: string;
  /** HTTP status; by default 500 for code 1, 503 for code 2 and 400 for the rest. */
  status?: number;
  fbtraceId?: string;
  /** How many matching calls fail (default 1); `Infinity` for all of them. */
  times?: number;
  /** For rate limits: minutes in `estimated_time_to_regain_access` (default 5). */
  regainAccessMinutes?: number;
  /** The business id the `X-Business-Use-Case-Usage` header is keyed by (default the world's first). */
  businessId?: string;
}

/** The messages Meta answers with for the codes in META-API §7 (their wording; only the codes matter). */
const DEFAULT_MESSAGES: Record<number, string> = {
  1: 'An unknown error occurred',
  2: 'An unexpected error has occurred. Please retry your request later.',
  4: 'Application request limit reached',
  10: 'Application does not have permission for this action',
  17: 'User request limit reached',
  32: 'Page request limit reached',
  100: 'Invalid parameter',
  190: 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
  200: 'Permissions error',
  368: 'The action attempted has been deemed abusive or is otherwise disallowed',
  613: 'Calls to this api have exceeded the rate limit.',
  80001: 'There have been too many calls to this Page account. Wait a bit and try again.',
  80002: 'There have been too many calls to this Instagram account. Wait a bit and try again.',
  80006: 'There have been too many messenger api calls to this Page account. Wait a bit and try again.',
  80008: 'There have been too many calls to this WhatsApp Business account. Wait a bit and try again.',
};

/** The rate-limit codes, with the business-use-case `type` the usage header names for the BUC ones. */
export const RATE_LIMIT_CODES: Record<number, string> = {
  4: 'app',
  17: 'user',
  32: 'pages',
  613: 'custom',
  80001: 'pages',
  80002: 'instagram',
  80006: 'messenger',
  80008: 'whatsapp_business_management',
};

/** Every code META-API §7 lists, with its 190 subcodes: what a test walks through. */
export const META_ERROR_CODES: readonly { code: number; subcode?: number }[] = [
  { code: 190 },
  ...[458, 459, 460, 463, 464, 467, 492].map((subcode) => ({ code: 190, subcode })),
  { code: 10 },
  { code: 200 },
  { code: 230 },
  { code: 299 },
  { code: 4 },
  { code: 17 },
  { code: 32 },
  { code: 613 },
  { code: 80001 },
  { code: 80002 },
  { code: 80006 },
  { code: 80008 },
  { code: 368 },
  { code: 100 },
  { code: 1 },
  { code: 2 },
];

export const newTraceId = () => `A${randomBytes(9).toString('base64url')}`;

export function envelope(code: number, message: string, extra: { type?: string; subcode?: number; userTitle?: string; userMessage?: string; fbtraceId?: string } = {}): GraphErrorEnvelope {
  return {
    error: {
      message,
      type: extra.type ?? 'OAuthException',
      code,
      ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }),
      ...(extra.userTitle === undefined ? {} : { error_user_title: extra.userTitle }),
      ...(extra.userMessage === undefined ? {} : { error_user_msg: extra.userMessage }),
      fbtrace_id: extra.fbtraceId ?? newTraceId(),
    },
  };
}

export function injectedEnvelope(injected: InjectedError): { status: number; body: GraphErrorEnvelope } {
  const status = injected.status ?? (injected.code === 1 ? 500 : injected.code === 2 ? 503 : 400);
  const message = injected.message ?? DEFAULT_MESSAGES[injected.code] ?? (injected.code >= 200 && injected.code <= 299 ? DEFAULT_MESSAGES[200]! : 'An error occurred');
  return {
    status,
    body: envelope(injected.code, message, {
      type: injected.type,
      subcode: injected.subcode,
      userTitle: injected.userTitle,
      userMessage: injected.userMessage,
      fbtraceId: injected.fbtraceId,
    }),
  };
}

/** `X-App-Usage` and, for rate limits, `X-Business-Use-Case-Usage` (percentages; META-API §7). */
export function usageHeaders(injected: InjectedError | null, defaultBusinessId: string): Record<string, string> {
  const limited = injected && Object.hasOwn(RATE_LIMIT_CODES, injected.code);
  const percent = limited ? 100 : 1;
  const headers: Record<string, string> = {
    'x-app-usage': JSON.stringify({ call_count: percent, total_time: percent, total_cputime: percent }),
  };
  if (limited) {
    headers['x-business-use-case-usage'] = JSON.stringify({
      [injected.businessId ?? defaultBusinessId]: [
        {
          type: RATE_LIMIT_CODES[injected.code],
          call_count: 100,
          total_time: 100,
          total_cputime: 100,
          estimated_time_to_regain_access: injected.regainAccessMinutes ?? 5,
        },
      ],
    });
  }
  return headers;
}

/** Whether an injection applies to a call. */
export function matches(injected: InjectedError, call: { method: string; path: string; tokens: (string | null)[] }): boolean {
  if (injected.method && injected.method.toUpperCase() !== call.method) return false;
  if (injected.token !== undefined && !call.tokens.includes(injected.token)) return false;
  const { endpoint } = injected;
  if (endpoint === undefined) return true;
  if (endpoint instanceof RegExp) return endpoint.test(call.path);
  const pattern = new RegExp(`^${endpoint.split('{id}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
  return pattern.test(call.path);
}

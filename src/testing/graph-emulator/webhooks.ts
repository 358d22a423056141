import { createHmac } from 'node:crypto';

/**
 * JSON the way Meta's deliveries spell it: non-ASCII characters and `/` escaped (`\u0e01`, `\/`), so
 * a receiver that re-serializes the parsed body gets other bytes and a signature that does not match.
 */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `sha256=<hex HMAC-SHA256(raw bytes, app secret)>` (META-API §4). */
export function webhookSignature(rawBody: Uint8Array | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export interface SendWebhookOptions {
  appSecret: string;
  /** Sign with another secret, so the receiver must refuse the delivery. */
  badSignature?: boolean;
  /** Leave the signature header out. */
  unsigned?: boolean;
  headers?: Record<string, string>;
}

export interface WebhookDelivery {
  status: number;
  body: string;
  /** The exact bytes sent, and the signature header sent with them. */
  rawBody: Buffer;
  signature: string | null;
}

/**
 * Delivers a webhook the way Meta does: a POST of JSON bytes with `X-Hub-Signature-256` over those
 * exact bytes. `payload` may be bytes or a string (sent as is) or a value (serialized like Meta).
 */
export async function sendWebhook(targetUrl: string, payload: unknown, options: SendWebhookOptions): Promise<WebhookDelivery> {
  const rawBody = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : metaJson(payload), 'utf8');
  const signature = options.unsigned ? null : webhookSignature(rawBody, options.badSignature ? `${options.appSecret}-wrong` : options.appSecret);
  const response = await fetch(targetUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'facebookexternalua',
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
      ...options.headers,
    },
    body: Uint8Array.from(rawBody),
  });
  return { status: response.status, body: await response.text(), rawBody, signature };
}

/**
 * A `signed_request` as Meta posts it to the deauthorize and data-deletion callbacks:
 * `base64url(HMAC-SHA256(payload segment, app secret)).base64url(JSON payload)`.
 */
export function signedRequest(payload: Record<string, unknown>, appSecret: string): string {
  const body = Buffer.from(JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000), ...payload })).toString('base64url');
  const sig = createHmac('sha256', appSecret).update(body).digest('base64url');
  return `${sig}.${body}`;
}

/** Posts a `signed_request` form to a deauthorize or data-deletion callback. */
export async function sendSignedRequest(targetUrl: string, payload: Record<string, unknown>, appSecret: string): Promise<{ status: number; body: string }> {
  const response = await fetch(targetUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ signed_request: signedRequest(payload, appSecret) }).toString(),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * Meta's verification request when a webhook is configured: `GET ?hub.mode=subscribe&hub.verify_token&hub.challenge`.
 * A receiver answers 200 with the challenge when the token matches, else 403 (META-API §4).
 */
export async function verifyWebhookEndpoint(targetUrl: string, verifyToken: string, challenge = String(Math.floor(Math.random() * 1e9))): Promise<{ status: number; body: string; challenge: string; verified: boolean }> {
  const url = new URL(targetUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  const response = await fetch(url);
  const body = await response.text();
  return { status: response.status, body, challenge, verified: response.status === 200 && body === challenge };
}

/**
 * A WhatsApp Business Account's `account_update` delivery (object `whatsapp_business_account`; the
 * entry's id is the WABA's), e.g. `PARTNER_REMOVED` with `disconnection_info{reason, initiated_by}`
 * (META-API §4). Only the field names come from Meta's docs; the values given here are examples.
 */
export function whatsappAccountUpdate(input: {
  wabaId: string;
  event: string;
  ownerBusinessId?: string;
  disconnectionInfo?: { reason: string; initiated_by: string };
  time?: number;
}): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: input.wabaId,
        time: input.time ?? Math.floor(Date.now() / 1000),
        changes: [
          {
            field: 'account_update',
            value: {
              event: input.event,
              waba_info: { waba_id: input.wabaId, ...(input.ownerBusinessId ? { owner_business_id: input.ownerBusinessId } : {}) },
              ...(input.disconnectionInfo ? { disconnection_info: { ...input.disconnectionInfo } } : {}),
            },
          },
        ],
      },
    ],
  };
}

/** An `application` delivery: `business_integration_install` or `_uninstall` `{business_manager_id}` (META-API §1). */
export function businessIntegrationChange(input: { appId: string; businessId: string; installed: boolean; time?: number }): Record<string, unknown> {
  return {
    object: 'application',
    entry: [
      {
        id: input.appId,
        time: input.time ?? Math.floor(Date.now() / 1000),
        changes: [
          {
            field: input.installed ? 'business_integration_install' : 'business_integration_uninstall',
            value: { business_manager_id: input.businessId },
          },
        ],
      },
    ],
  };
}

import * as z from 'zod/mini';
import { ChannelKitError } from '../../core/errors.js';
import { hmacKey, sameSecret } from '../crypto/constant-time.js';
import { metaChangeJobs } from '../jobs/meta-change-job.js';
import { readBody, utf8Text } from '../http/request-body.js';
import { errorResponse, json } from '../http/responses.js';
import type { ChannelStore } from '../store/channel-store.js';
import { deletionState, deletionStatusPage } from './deletion-status-page.js';
import { dataDeletionEffect, deauthorizeEffect, type MetaEffect } from './effects.js';
import { effectsOf } from './events.js';
import { deliverySignatureCheck, SIGNATURE_HEADER } from './signature.js';
import { signedRequestReader } from './signed-request.js';

/** Meta's calls to the server: set in the app dashboard (Webhooks, Facebook Login's deauthorize and data-deletion URLs). */
export interface WebhookOptions {
  /** The app secret: Meta signs every delivery and signed_request with it. */
  appSecret: string;
  /** The token typed into the app dashboard's webhook settings; Meta sends it back in the verification request. */
  verifyToken: string;
}

export interface WebhookRoutesInput {
  options: WebhookOptions;
  store: Pick<ChannelStore, 'jobs'>;
  maxBodyBytes: number;
  now: () => number;
  /** Runs the jobs just queued, without waiting for the next poll. */
  kick: () => void;
}

/** Answers a request to one of Meta's routes, or `null` when the path is none of them. `self` is the mount's public URL. */
export type WebhookRoutes = (request: Request, path: string, self: string) => Promise<Response | null>;

export const WEBHOOK_PATH = '/webhooks/meta';
const DEAUTHORIZE_PATH = `${WEBHOOK_PATH}/deauthorize`;
const DATA_DELETION_PATH = `${WEBHOOK_PATH}/data-deletion`;
const DELETION_STATUS = /^\/webhooks\/meta\/data-deletion\/([^/]*)$/;
/** A confirmation code is a job id: 64 hex digits (see `metaChangeJobs`). */
const CONFIRMATION_CODE = /^[0-9a-f]{64}$/;

const Handshake = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.verify_token': z.string(),
  // Meta sends a number; a challenge is echoed as text/plain, so anything else is refused, not reflected.
  'hub.challenge': z.string().check(z.regex(/^[\w.-]{1,256}$/)),
});

/**
 * Meta's routes: the verification handshake, deliveries, and the deauthorize and data-deletion
 * callbacks. Nothing is changed while Meta waits: each effect becomes a job, queued under an id that a
 * replay repeats (so it is queued once), and the answer goes at once, well within Meta's 5 seconds.
 * Meta authenticates itself by signing; these routes take no user authentication and no CORS.
 */
export async function createWebhookRoutes(input: WebhookRoutesInput): Promise<WebhookRoutes> {
  const { options, store, maxBodyBytes, now, kick } = input;
  const signatureMatches = await deliverySignatureCheck(options.appSecret);
  const readSignedRequest = await signedRequestReader(options.appSecret);
  const idKey = await hmacKey(options.appSecret);

  /** Queues the effects' jobs; returns their ids. */
  async function queue(effects: MetaEffect[]): Promise<string[]> {
    if (effects.length === 0) return [];
    const jobs = await metaChangeJobs(effects, idKey, now());
    await store.jobs.enqueue(jobs);
    kick();
    return jobs.map((job) => job.id);
  }

  async function handshake(url: URL): Promise<Response> {
    const parsed = z.safeParse(Handshake, Object.fromEntries(url.searchParams));
    if (!parsed.success || !(await sameSecret(parsed.data['hub.verify_token'], options.verifyToken))) {
      throw new ChannelKitError('permission', 'The verification request does not match this server.', { status: 403, code: 'verification_failed' });
    }
    return new Response(parsed.data['hub.challenge'], {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    });
  }

  async function delivery(request: Request): Promise<Response> {
    const raw = await readBody(request, maxBodyBytes);
    if (!(await signatureMatches(raw, request.headers.get(SIGNATURE_HEADER)))) throw invalidSignature();
    await queue(effectsOf(parseJson(utf8Text(raw))));
    return json({ received: true });
  }

  /** The signed_request of a callback's form body, checked. */
  async function signedRequest(request: Request) {
    const form = new URLSearchParams(utf8Text(await readBody(request, maxBodyBytes)));
    const value = form.get('signed_request');
    if (!value) throw new ChannelKitError('invalid_request', 'The form needs a signed_request.', { status: 400, code: 'invalid_request' });
    const verified = await readSignedRequest(value);
    if (!verified) throw invalidSignature();
    return verified;
  }

  async function deauthorize(request: Request): Promise<Response> {
    await queue([deauthorizeEffect(await signedRequest(request))]);
    return json({ received: true });
  }

  async function dataDeletion(request: Request, self: string): Promise<Response> {
    const [code] = await queue([dataDeletionEffect(await signedRequest(request))]);
    return json({ url: `${self}${DATA_DELETION_PATH}/${code}`, confirmation_code: code });
  }

  async function deletionStatus(code: string): Promise<Response> {
    const job = CONFIRMATION_CODE.test(code) ? await store.jobs.get(code) : null;
    return deletionStatusPage(deletionState(job), code.slice(0, 64));
  }

  return async (request, path, self) => {
    const method = request.method;
    if (path === WEBHOOK_PATH) {
      if (method === 'GET') return handshake(new URL(request.url));
      return method === 'POST' ? delivery(request) : methodNotAllowed(['GET', 'POST']);
    }
    if (path === DEAUTHORIZE_PATH) return method === 'POST' ? deauthorize(request) : methodNotAllowed(['POST']);
    if (path === DATA_DELETION_PATH) return method === 'POST' ? dataDeletion(request, self) : methodNotAllowed(['POST']);
    const status = DELETION_STATUS.exec(path);
    if (status) return method === 'GET' ? deletionStatus(status[1]!) : methodNotAllowed(['GET']);
    return null;
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ChannelKitError('invalid_request', 'The request body is not JSON.', { status: 400, code: 'invalid_json' });
  }
}

function invalidSignature(): ChannelKitError {
  return new ChannelKitError('permission', 'The signature does not match.', { status: 403, code: 'invalid_signature' });
}

function methodNotAllowed(allow: string[]): Response {
  return errorResponse(405, 'method_not_allowed', `Use ${allow.join(' or ')}.`, {}, { allow: allow.join(', ') });
}

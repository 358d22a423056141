import * as z from 'zod/mini';
import { AuthorizableTypeSchema } from '../core/authorization.js';
import { isChannelKitError } from '../core/errors.js';
import type { FakeMeta } from './fake-meta.js';

/** What the consent page asks of the fake Meta, through its opener (the static demo, tests; `npm start` uses the Graph API emulator). */
export type FakeMetaBridge = (path: string, body?: unknown) => Promise<unknown>;

declare global {
  interface Window {
    __channelKitFakeMeta?: FakeMetaBridge;
  }
}

const GrantBody = z.object({
  configId: z.string(),
  accountIds: z.array(z.string()),
  redirectUri: z.string(),
  permissionsGranted: z.optional(z.boolean()),
});

const typeOf = (configId: string | null) => AuthorizableTypeSchema.parse(String(configId).replace(/^demo_/, ''));

/** The fake Meta's consent API: `view?config_id=` (what to show) and `grant` (the person continued). */
export async function fakeMetaApi(meta: FakeMeta, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  try {
    const url = new URL(path, 'http://fake-meta.invalid/');
    if (url.pathname === '/view') return { status: 200, body: meta.consentView(typeOf(url.searchParams.get('config_id'))) };
    if (url.pathname === '/grant') {
      const input = GrantBody.parse(body);
      return { status: 200, body: meta.grant({ ...input, channelType: typeOf(input.configId) }) };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'No such fake Meta route.' } } };
  } catch (error) {
    const message = isChannelKitError(error) ? error.message : 'Bad request to the fake Meta.';
    return { status: 400, body: { error: { code: 'invalid_request', message } } };
  }
}

/** Lets the consent page in the popup reach a fake Meta that lives in this page (through `window.opener`). */
export function exposeFakeMeta(meta: FakeMeta, target: Window = window): void {
  target.__channelKitFakeMeta = async (path, body) => {
    const answer = await fakeMetaApi(meta, path, body);
    if (answer.status !== 200) throw new Error((answer.body as { error: { message: string } }).error.message);
    return answer.body;
  };
}

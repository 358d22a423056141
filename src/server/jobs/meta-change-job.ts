import * as z from 'zod/mini';
import { ChannelErrorSchema } from '../../core/channel.js';
import { hmacSha256 } from '../crypto/constant-time.js';
import { utf8 } from '../crypto/encoding.js';
import type { MetaAccountChange } from '../rules/channel-rules.js';
import type { ChannelService } from '../service.js';
import type { NewJob } from '../store/channel-store.js';
import type { MetaEffect } from '../webhooks/effects.js';

/** The job that applies a change Meta told the server of (a webhook's or a signed callback's effect). */
export const META_CHANGE_JOB = 'meta_change';

/** Every change the rules know: one they learn is a type error here until the payload's schema accepts it too. */
const CHANGES = {
  token_revoked: 'token_revoked',
  removed_at_meta: 'removed_at_meta',
  data_deleted: 'data_deleted',
} as const satisfies { [K in MetaAccountChange]: K };

const Target = z.union([
  z.object({ ref: z.string().check(z.regex(/^[a-z]+:[\w.-]{1,64}$/)) }),
  z.object({ workspaceId: z.string().check(z.minLength(1)), channelId: z.string().check(z.minLength(1)) }),
]);

/** A meta_change job's payload, as it is believed after a claim: a row written by an older version or by hand may say anything. */
export const MetaChangePayload = z.object({ target: Target, change: z.enum(CHANGES), error: ChannelErrorSchema });
export type MetaChangePayload = z.infer<typeof MetaChangePayload>;

/** Runs a claimed meta_change job. A payload of another shape throws, so the runner retries it, then leaves it with its error. */
export function metaChangeHandler(service: Pick<ChannelService, 'applyMetaChange'>): (payload: unknown) => Promise<void> {
  return async (payload) => {
    const { target, change, error } = z.parse(MetaChangePayload, payload);
    await service.applyMetaChange(target, change, error);
  };
}

/**
 * The jobs for some effects, due now. A job's id is the keyed hash (HMAC-SHA256 with `idKey`) of its
 * effect's key: a replayed delivery makes the same ids, which the queue already holds; and an id — the
 * data deletion's confirmation code — cannot be worked out from a user id without the key.
 */
export async function metaChangeJobs(effects: MetaEffect[], idKey: CryptoKey, now: number): Promise<NewJob[]> {
  const runAfter = new Date(now).toISOString();
  return Promise.all(
    effects.map(async ({ ref, change, error, key }): Promise<NewJob> => {
      const payload: MetaChangePayload = { target: { ref }, change, error };
      return { id: hex(await hmacSha256(idKey, utf8(key))), kind: META_CHANGE_JOB, payload, runAfter };
    }),
  );
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

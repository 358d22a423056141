import * as z from 'zod/mini';
import { AuthorizationResultSchema, AuthorizationSessionSchema } from '../core/authorization.js';
import {
  ChannelPageSchema,
  ChannelSchema,
  SetupChecksResponseSchema,
  WebchatCreatedSchema,
  channelToWire,
  type Channel,
  type ChannelPage,
} from '../core/channel.js';
import { parseChannelRows } from '../core/parse-channel-rows.js';
import { ChannelKitError, describeIssue, issuePathOf } from '../core/errors.js';
import { ViewerSchema } from '../core/viewer.js';
import type { ChannelBackend, ChannelChange } from './backend.js';

/** The answers this copy of the SDK has read: handed back as they are, not read twice. */
const read = new WeakSet<object>();
const isRead = (answer: unknown) => typeof answer === 'object' && answer !== null && read.has(answer);

/** A reader of one answer: `schema` over what `prepare` makes of it; what fails is `invalid_response`, naming where. */
function reader<S extends z.ZodMiniType, T = z.output<S>>(schema: S, prepare = (answer: unknown) => answer, finish = (data: z.output<S>, _answer: unknown) => data as T) {
  return (answer: unknown): T => {
    if (isRead(answer)) return answer as T;
    const result = z.safeParse(schema, prepare(answer));
    if (!result.success) {
      throw new ChannelKitError('invalid_response', `The backend's answer is not valid (${describeIssue(result.error)}).`, {
        issuePath: issuePathOf(result.error),
        cause: result.error,
      });
    }
    const data = finish(result.data, answer);
    read.add(data as object);
    return data;
  };
}

/** A channel a backend already parsed (an odd type or status kept in `rawType`) goes back to its wire form. */
const asWire = (value: unknown) =>
  typeof value === 'object' && value !== null && 'rawType' in value ? channelToWire(value as Channel) : value;

type Readers = { [K in Exclude<keyof ChannelBackend, 'subscribe'>]: (answer: unknown) => Awaited<ReturnType<ChannelBackend[K]>> };

/**
 * The readers of the contract's answers: of the REST contract's JSON exactly, or (`anyBackend`) also
 * of what the JavaScript contract allows besides: a channel another backend parsed already, the
 * page's own `skipped`, and setup checks as an array.
 */
function readers(anyBackend: boolean): Readers {
  const wire = anyBackend ? asWire : (value: unknown) => value;
  const channel = reader(ChannelSchema, wire);
  const result = reader(AuthorizationResultSchema);
  return {
    getViewer: reader(ViewerSchema),
    // One row that cannot be read is left out and counted, never failing the page.
    listChannels: reader(ChannelPageSchema, undefined, (page, answer): ChannelPage => {
      const { channels, skipped } = parseChannelRows(page.channels.map(wire));
      // A backend that skipped rows itself says how many (the JavaScript contract's `skipped`).
      const own = anyBackend && (answer as { skipped?: unknown }).skipped;
      return { channels, skipped: skipped + (Number.isSafeInteger(own) && (own as number) > 0 ? (own as number) : 0), nextCursor: page.nextCursor ?? null, total: page.total };
    }),
    getChannel: channel,
    startAuthorization: reader(AuthorizationSessionSchema),
    finishAuthorization: result,
    getAuthorization: result,
    connectAccount: channel,
    createWebchat: reader(WebchatCreatedSchema, (answer) =>
      anyBackend && typeof answer === 'object' && answer !== null ? { ...answer, channel: wire((answer as { channel?: unknown }).channel) } : answer,
    ),
    disconnect: channel,
    reauthorize: channel,
    getSetupChecks: reader(SetupChecksResponseSchema, (answer) => (anyBackend && Array.isArray(answer) ? { checks: answer } : answer), (data) => data.checks),
  };
}

/** The REST contract's JSON, read exactly as `docs/openapi.json` writes it (the REST adapter's readers). */
export const readRestAnswer = readers(false);

/** Any backend's answers, read with the same schemas: what the elements believe. */
export const readAnswer = readers(true);

/** A change a backend reported, read like its answers; `null` for one that cannot be read (dropped). */
export function readChange(change: unknown): ChannelChange | null {
  const { kind, channel: changed } = (change ?? {}) as { kind?: unknown; channel?: unknown };
  if (kind === 'refresh') return { kind };
  try {
    return kind === 'upsert' ? { kind, channel: readAnswer.getChannel(changed) } : null;
  } catch {
    return null;
  }
}

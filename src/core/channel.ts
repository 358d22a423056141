import * as z from 'zod/mini';
import { count, httpUrl, isoDateTime, longString, matching } from './checks.js';

/** Channel types the Admin Center manages. */
export const MANAGED_CHANNEL_TYPES = ['facebook', 'instagram', 'whatsapp', 'webchat'] as const;
export type ManagedChannelType = (typeof MANAGED_CHANNEL_TYPES)[number];
/** `line` is listed read-only ("Managed elsewhere"); anything else becomes `unknown`. */
export type ChannelType = ManagedChannelType | 'line' | 'unknown';

export const CHANNEL_STATUSES = [
  'connected',
  'expiring',
  'token_expired',
  'setup_incomplete',
  'disconnected',
  'connecting',
] as const;
export type KnownChannelStatus = (typeof CHANNEL_STATUSES)[number];
export type ChannelStatus = KnownChannelStatus | 'unknown';

export const SETUP_CHECK_IDS = [
  'default_routing_app',
  'connected_app',
  'handover_primary_receiver',
  'webhook',
] as const;
export type SetupCheckId = (typeof SETUP_CHECK_IDS)[number];


export const ChannelErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  fbtraceId: z.optional(z.string()),
});
export type ChannelError = z.infer<typeof ChannelErrorSchema>;

export const SetupCheckSchema = z.object({
  id: z.enum(SETUP_CHECK_IDS),
  state: z.enum(['verified', 'not_verified', 'unknown']),
  /** Whether the check applies to this channel (e.g. the Handover Protocol only for Pages still using it). */
  applies: z._default(z.boolean(), true),
});
export type SetupCheck = z.infer<typeof SetupCheckSchema>;

const channelType = z.pipe(
  z.string(),
  z.transform((raw): ChannelType =>
    (MANAGED_CHANNEL_TYPES as readonly string[]).includes(raw) || raw === 'line'
      ? (raw as ChannelType)
      : 'unknown',
  ),
);

const channelStatus = z.pipe(
  z.string(),
  z.transform((raw): ChannelStatus =>
    (CHANNEL_STATUSES as readonly string[]).includes(raw) ? (raw as ChannelStatus) : 'unknown',
  ),
);

/**
 * A channel as the backend sends it. Unknown types and statuses are not errors: they parse into
 * `type: 'unknown'` / `status: 'unknown'` (with the original value kept in `rawType`/`rawStatus`)
 * and the UI shows them read-only.
 */
export const ChannelSchema = z.pipe(
  z.object({
    id: longString(),
    type: z.string(),
    name: z.string(),
    accountId: z.string(),
    avatarUrl: z.nullish(httpUrl()),
    status: z.string(),
    connectedAt: z.nullish(isoDateTime()),
    disconnectedAt: z.nullish(isoDateTime()),
    tokenExpiresAt: z.nullish(isoDateTime()),
    lastError: z.nullish(ChannelErrorSchema),
    setupChecks: z.optional(z.array(SetupCheckSchema)),
  }),
  z.transform((wire) => ({
    id: wire.id,
    type: channelType.parse(wire.type),
    rawType: wire.type,
    name: wire.name,
    accountId: wire.accountId,
    avatarUrl: wire.avatarUrl ?? null,
    status: channelStatus.parse(wire.status),
    rawStatus: wire.status,
    connectedAt: wire.connectedAt ?? null,
    disconnectedAt: wire.disconnectedAt ?? null,
    tokenExpiresAt: wire.tokenExpiresAt ?? null,
    lastError: wire.lastError ?? null,
    setupChecks: wire.setupChecks ?? [],
  })),
);
export type Channel = z.output<typeof ChannelSchema>;
/** What the REST contract carries for a channel. */
export type ChannelWire = z.input<typeof ChannelSchema>;

/** Managed types and known statuses may be acted on; LINE and unknown forms are read-only. */
export function isManageable(channel: Pick<Channel, 'type' | 'status'>): boolean {
  return (
    (MANAGED_CHANNEL_TYPES as readonly string[]).includes(channel.type) &&
    channel.status !== 'unknown'
  );
}

export const ChannelPageSchema = z.object({
  /** Rows are validated one by one (see `parseChannelPage`), so one odd row never fails the list. */
  channels: z.array(z.unknown()),
  nextCursor: z.nullish(z.string()),
  total: z.optional(count()),
});

export interface ChannelPage {
  channels: Channel[];
  nextCursor: string | null;
  /** Rows the backend sent that could not be read at all (e.g. no id); they are left out. */
  skipped: number;
  total?: number;
}

export const SetupChecksResponseSchema = z.object({ checks: z.array(SetupCheckSchema) });

export const WebchatDomainSchema = matching(
  /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$/i,
  'Enter a domain such as shop.example.com',
);

export const WebchatCreatedSchema = z.object({
  channel: ChannelSchema,
  snippet: z.string(),
});
export type WebchatCreated = z.output<typeof WebchatCreatedSchema>;

/** The wire form of a parsed channel: what a backend following the REST contract sends. */
export function channelToWire(channel: Channel): ChannelWire {
  const { rawType, rawStatus, type, status, ...rest } = channel;
  return { ...rest, type: type === 'unknown' ? rawType : type, status: status === 'unknown' ? rawStatus : status };
}

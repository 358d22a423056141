import type { AuthorizableType } from '../../core/authorization.js';
import { GraphApiClient } from './graph-client.js';

/** The settings a server reads from its environment to speak to Meta (docs/meta-setup.md). */
export interface MetaSettings {
  client: GraphApiClient;
  /** For the webhook routes: Meta signs deliveries with the app secret; the handshake sends the verify token. */
  webhooks: { appSecret: string; verifyToken: string } | undefined;
}

const CHANNEL_TYPES: readonly AuthorizableType[] = ['facebook', 'instagram', 'whatsapp'];

/**
 * `META_APP_ID`, `META_APP_SECRET`, `META_CONFIG_IDS` (`facebook=…,instagram=…,whatsapp=…`), and
 * optionally `META_GRAPH_URL`, `META_DIALOG_URL` (a Graph API emulator in tests), `META_GRAPH_VERSION`,
 * `META_WEBHOOK_VERIFY_TOKEN`. Something missing is one line saying what.
 */
export function metaFromEnv(env: Record<string, string | undefined> = process.env): MetaSettings {
  const missing = ['META_APP_ID', 'META_APP_SECRET', 'META_CONFIG_IDS'].filter((name) => !env[name]);
  if (missing.length) {
    throw new Error(`channel-kit/server: set ${missing.join(', ')} (the Meta app's settings; see docs/meta-setup.md), or pass \`meta\`.`);
  }
  const configIds = parseConfigIds(env.META_CONFIG_IDS!);
  const client = new GraphApiClient({
    appId: env.META_APP_ID!,
    appSecret: env.META_APP_SECRET!,
    configIds,
    graphBaseUrl: env.META_GRAPH_URL || undefined,
    dialogBaseUrl: env.META_DIALOG_URL || undefined,
    version: env.META_GRAPH_VERSION || undefined,
  });
  const verifyToken = env.META_WEBHOOK_VERIFY_TOKEN;
  return { client, webhooks: verifyToken ? { appSecret: env.META_APP_SECRET!, verifyToken } : undefined };
}

function parseConfigIds(value: string): Record<AuthorizableType, string> {
  const pairs = new Map(value.split(',').map((pair) => pair.split('=').map((s) => s.trim()) as [string, string | undefined]));
  const absent = CHANNEL_TYPES.filter((type) => !pairs.get(type));
  if (absent.length) throw new Error(`channel-kit/server: META_CONFIG_IDS needs a Login for Business configuration id for ${absent.join(', ')} (facebook=…,instagram=…,whatsapp=…).`);
  return Object.fromEntries(CHANNEL_TYPES.map((type) => [type, pairs.get(type)!])) as Record<AuthorizableType, string>;
}

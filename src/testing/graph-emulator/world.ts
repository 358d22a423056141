import type { MetaWorld } from '../../mocks/meta-world.js';

/** The channel types a Login for Business configuration can be made for. */
export type EmulatedChannelType = 'facebook' | 'instagram' | 'whatsapp';

/** Page roles' tasks as `/me/accounts` lists them; messaging needs `MESSAGING` and `MODERATE`. */
export const ALL_PAGE_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE', 'MESSAGING'] as const;

/** The permissions each configuration asks for (META-API §2). */
export const CONFIG_PERMISSIONS: Record<EmulatedChannelType, readonly string[]> = {
  facebook: ['pages_show_list', 'pages_manage_metadata', 'pages_messaging', 'pages_read_engagement', 'business_management'],
  instagram: ['pages_show_list', 'pages_manage_metadata', 'pages_read_engagement', 'business_management', 'instagram_basic', 'instagram_manage_messages'],
  whatsapp: ['business_management', 'whatsapp_business_management', 'whatsapp_business_messaging'],
};

/** The permissions that stay granted when the person unticks the optional ones in the dialog. */
export const BASE_PERMISSIONS: readonly string[] = ['pages_show_list', 'business_management'];

export interface EmulatorBusinessInput {
  id: string;
  name: string;
}

export interface EmulatorPageInput {
  id: string;
  name: string;
  /** The business portfolio that owns the Page (its `business` field); null for a Page outside any. */
  businessId: string | null;
  category?: string;
  /** The person's tasks on the Page; every task by default. */
  tasks?: string[];
  /** The Instagram account linked to the Page (professional or not: see `EmulatorInstagramInput.professional`). */
  instagramAccountId?: string;
  /** `messaging_feature_status` (Page token): Conversation Routing flags. */
  messagingFeatureStatus?: { hop_v2?: boolean; msgr_multi_app?: boolean; ig_multi_app?: boolean };
  /** The dialog never grants the messaging permissions for this Page (the person's role does not allow it). */
  withholdPermissions?: boolean;
}

export interface EmulatorInstagramInput {
  id: string;
  username: string;
  name?: string;
  profilePictureUrl?: string;
  /** The portfolio the dialog lists the account under. */
  businessId: string;
  /** A professional (business) account: only then does its Page report `instagram_business_account`. Default true. */
  professional?: boolean;
  withholdPermissions?: boolean;
}

export interface EmulatorPhoneNumberInput {
  id: string;
  displayPhoneNumber: string;
  verifiedName?: string;
  status?: string;
  qualityRating?: string;
  codeVerificationStatus?: string;
  /** e.g. `CLOUD_API`; a number on the WhatsApp Business app (coexistence) is not registered. */
  platformType?: string;
}

export interface EmulatorWabaInput {
  id: string;
  name: string;
  businessId: string;
  phoneNumbers: EmulatorPhoneNumberInput[];
  withholdPermissions?: boolean;
}

/** The simple input a world is built from. */
export interface EmulatorWorldInput {
  appId?: string;
  appSecret?: string;
  /** The app's name, as the dialog and `subscribed_apps` show it (default `Channel Kit (emulated)`). */
  appName?: string;
  /** Login for Business configuration ids per channel type. */
  configIds?: Partial<Record<EmulatedChannelType, string>>;
  /** Redirect URIs the app allows; empty or absent: any http(s) URI. */
  redirectUris?: string[];
  user?: { id: string; name: string };
  businesses: EmulatorBusinessInput[];
  pages?: EmulatorPageInput[];
  instagramAccounts?: EmulatorInstagramInput[];
  wabas?: EmulatorWabaInput[];
}

export interface EmulatorPage extends Required<Pick<EmulatorPageInput, 'id' | 'name' | 'businessId' | 'category' | 'tasks'>> {
  instagramAccountId: string | null;
  messagingFeatureStatus: { hop_v2: boolean; msgr_multi_app: boolean; ig_multi_app: boolean };
  withholdPermissions: boolean;
}

export interface EmulatorInstagramAccount {
  id: string;
  username: string;
  name: string;
  profilePictureUrl: string | null;
  businessId: string;
  professional: boolean;
  withholdPermissions: boolean;
}

export interface EmulatorWaba {
  id: string;
  name: string;
  businessId: string;
  phoneNumbers: Required<EmulatorPhoneNumberInput>[];
  withholdPermissions: boolean;
}

/** The emulator's mutable state: what Meta knows, and what the app did at Meta. */
export interface EmulatorWorld {
  appId: string;
  appSecret: string;
  appName: string;
  configIds: Record<EmulatedChannelType, string>;
  redirectUris: string[];
  user: { id: string; name: string };
  businesses: EmulatorBusinessInput[];
  pages: EmulatorPage[];
  instagramAccounts: EmulatorInstagramAccount[];
  wabas: EmulatorWaba[];
  /** Page or WABA id → the app ids subscribed to it (`subscribed_apps`). */
  subscriptions: Map<string, Set<string>>;
  /** Phone number ids registered with `POST /{phone-id}/register`, and how often each was (de)registered. */
  registrations: Map<string, { pin: string; calls: number }>;
}

export function buildWorld(input: EmulatorWorldInput): EmulatorWorld {
  const appId = input.appId ?? '1234567890';
  return {
    appId,
    appSecret: input.appSecret ?? 'emulator-app-secret',
    appName: input.appName ?? 'Channel Kit (emulated)',
    configIds: {
      facebook: input.configIds?.facebook ?? 'cfg_facebook',
      instagram: input.configIds?.instagram ?? 'cfg_instagram',
      whatsapp: input.configIds?.whatsapp ?? 'cfg_whatsapp',
    },
    redirectUris: [...(input.redirectUris ?? [])],
    user: input.user ?? { id: '10000000001', name: 'Somchai J.' },
    businesses: input.businesses.map((b) => ({ ...b })),
    pages: (input.pages ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      businessId: p.businessId,
      category: p.category ?? 'Coffee shop',
      tasks: [...(p.tasks ?? ALL_PAGE_TASKS)],
      instagramAccountId: p.instagramAccountId ?? null,
      messagingFeatureStatus: { hop_v2: true, msgr_multi_app: true, ig_multi_app: true, ...p.messagingFeatureStatus },
      withholdPermissions: p.withholdPermissions ?? false,
    })),
    instagramAccounts: (input.instagramAccounts ?? []).map((a) => ({
      id: a.id,
      username: a.username,
      name: a.name ?? a.username,
      profilePictureUrl: a.profilePictureUrl ?? null,
      businessId: a.businessId,
      professional: a.professional ?? true,
      withholdPermissions: a.withholdPermissions ?? false,
    })),
    wabas: (input.wabas ?? []).map((w) => ({
      id: w.id,
      name: w.name,
      businessId: w.businessId,
      withholdPermissions: w.withholdPermissions ?? false,
      phoneNumbers: w.phoneNumbers.map((n) => ({
        id: n.id,
        displayPhoneNumber: n.displayPhoneNumber,
        verifiedName: n.verifiedName ?? w.name,
        status: n.status ?? 'CONNECTED',
        qualityRating: n.qualityRating ?? 'GREEN',
        codeVerificationStatus: n.codeVerificationStatus ?? 'VERIFIED',
        platformType: n.platformType ?? 'CLOUD_API',
      })),
    })),
    subscriptions: new Map(),
    registrations: new Map(),
  };
}

/** The Page an Instagram account of the demo's world is linked to. */
export const instagramPageId = (instagramId: string) => `page_of_${instagramId}`;
/** The WABA a WhatsApp number of the demo's world belongs to. */
export const wabaIdOf = (phoneNumberId: string) => `waba_of_${phoneNumberId}`;

/**
 * The demo's world (`metaWorld()`) as Meta would hold it: a Facebook account is a Page; an Instagram
 * account is an IG account linked to a Page of its own (`isBusiness: false`: not a professional
 * account, so the Page reports no `instagram_business_account`; `pageInPortfolio: false`: the Page's
 * `business` is another portfolio); a WhatsApp account is a WABA holding that phone number. Routing is
 * not in Meta's answers (no API returns the default routing app); `usesHandoverProtocol` becomes
 * `messaging_feature_status.msgr_multi_app: false`.
 */
export function worldFromMetaWorld(world: MetaWorld, extra: Omit<EmulatorWorldInput, 'businesses' | 'pages' | 'instagramAccounts' | 'wabas'> = {}): EmulatorWorldInput {
  const businesses = world.portfolios.map((p) => ({ id: p.id, name: p.name }));
  const elsewhere = (portfolioId: string) => world.portfolios.find((p) => p.id !== portfolioId)?.id ?? `${portfolioId}_elsewhere`;
  if (world.portfolios.length < 2 && world.accounts.some((a) => a.pageInPortfolio === false)) {
    for (const a of world.accounts) {
      if (a.pageInPortfolio === false && !businesses.some((b) => b.id === `${a.portfolioId}_elsewhere`)) {
        businesses.push({ id: `${a.portfolioId}_elsewhere`, name: 'Another business portfolio' });
      }
    }
  }
  const pages: EmulatorPageInput[] = [];
  const instagramAccounts: EmulatorInstagramInput[] = [];
  const wabas: EmulatorWabaInput[] = [];
  for (const account of world.accounts) {
    const withhold = account.permissionsGranted === false;
    const status = account.usesHandoverProtocol ? { msgr_multi_app: false, ig_multi_app: false } : undefined;
    if (account.type === 'facebook') {
      pages.push({ id: account.id, name: account.name, businessId: account.portfolioId, messagingFeatureStatus: status, withholdPermissions: withhold });
    } else if (account.type === 'instagram') {
      instagramAccounts.push({
        id: account.id,
        username: account.username ?? account.id,
        name: account.name,
        businessId: account.portfolioId,
        professional: account.isBusiness !== false,
        withholdPermissions: withhold,
      });
      pages.push({
        id: instagramPageId(account.id),
        name: `${account.name} (Page)`,
        businessId: account.pageInPortfolio === false ? elsewhere(account.portfolioId) : account.portfolioId,
        instagramAccountId: account.id,
        messagingFeatureStatus: status,
      });
    } else {
      wabas.push({
        id: wabaIdOf(account.id),
        name: account.name,
        businessId: account.portfolioId,
        withholdPermissions: withhold,
        phoneNumbers: [{ id: account.id, displayPhoneNumber: account.name }],
      });
    }
  }
  return { ...extra, businesses, pages, instagramAccounts, wabas };
}

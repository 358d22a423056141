import type { ChannelWire } from '../core/channel.js';
import type { MetaWorld } from './meta-world.js';

export const SCENARIOS = ['empty', 'typical', 'large'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Scenario {
  channels: ChannelWire[];
  world: MetaWorld;
}

const DAY = 86_400_000;

/** Meta's side of the demo: two portfolios, with accounts that exercise every eligibility rule. */
export function metaWorld(): MetaWorld {
  return {
    portfolios: [
      { id: 'bp_coffee', name: 'Bangkok Coffee Co.' },
      { id: 'bp_retail', name: 'Siam Retail Group' },
    ],
    accounts: [
      { id: 'fb_1001', type: 'facebook', name: 'Bangkok Coffee', portfolioId: 'bp_coffee', routingConfigured: true },
      { id: 'fb_1002', type: 'facebook', name: 'Bangkok Coffee Outlet', portfolioId: 'bp_coffee', routingConfigured: false, usesHandoverProtocol: true },
      { id: 'ig_2001', type: 'instagram', name: 'Bangkok Coffee', username: 'bkk.coffee', portfolioId: 'bp_coffee', isBusiness: true, pageInPortfolio: true, routingConfigured: true },
      { id: 'ig_2002', type: 'instagram', name: 'Coffee Lab BKK', username: 'coffeelab.bkk', portfolioId: 'bp_coffee', isBusiness: true, pageInPortfolio: true, routingConfigured: false },
      { id: 'ig_2006', type: 'instagram', name: 'Bangkok Coffee Roasters', username: 'bkk.roasters', portfolioId: 'bp_coffee', isBusiness: true, pageInPortfolio: true, routingConfigured: true },
      { id: 'ig_2003', type: 'instagram', name: 'Siam Retail', username: 'siam.retail', portfolioId: 'bp_retail', isBusiness: true, pageInPortfolio: true, routingConfigured: false },
      { id: 'ig_2004', type: 'instagram', name: 'Somchai (personal)', username: 'somchai.j', portfolioId: 'bp_retail', isBusiness: false, pageInPortfolio: true },
      { id: 'ig_2005', type: 'instagram', name: 'Siam Retail Outlet', username: 'siam.outlet', portfolioId: 'bp_retail', isBusiness: true, pageInPortfolio: false },
      { id: 'wa_3001', type: 'whatsapp', name: '+66 2 123 4567', portfolioId: 'bp_coffee' },
      { id: 'wa_3002', type: 'whatsapp', name: '+66 2 765 4321', portfolioId: 'bp_retail' },
    ],
  };
}

function iso(now: number, offsetDays: number): string {
  return new Date(now + offsetDays * DAY).toISOString();
}

/** About six channels over all four types: connected, expiring, expired, disconnected, and a LINE row. */
function typicalChannels(now: number): ChannelWire[] {
  return [
    { id: 'ch_1', type: 'facebook', name: 'Bangkok Coffee', accountId: 'fb_1001', status: 'connected', connectedAt: iso(now, -120), tokenExpiresAt: iso(now, 45) },
    { id: 'ch_2', type: 'instagram', name: 'Bangkok Coffee', accountId: 'ig_2001', status: 'token_expired', connectedAt: iso(now, -200), tokenExpiresAt: iso(now, -3), lastError: { code: '190', message: 'Error validating access token: the session has been invalidated.', fbtraceId: 'AbCdEfGh123' } },
    { id: 'ch_3', type: 'whatsapp', name: '+66 2 123 4567', accountId: 'wa_3001', status: 'connected', connectedAt: iso(now, -30), tokenExpiresAt: iso(now, 3) },
    { id: 'ch_4', type: 'webchat', name: 'bangkokcoffee.co.th', accountId: 'web_ch_4', status: 'connected', connectedAt: iso(now, -10) },
    { id: 'ch_5', type: 'facebook', name: 'Bangkok Coffee Outlet', accountId: 'fb_1002', status: 'disconnected', connectedAt: iso(now, -300), disconnectedAt: iso(now, -20) },
    { id: 'ch_6', type: 'instagram', name: 'Coffee Lab BKK', accountId: 'ig_2002', status: 'setup_incomplete', connectedAt: iso(now, -2), tokenExpiresAt: iso(now, 58), setupChecks: [
      { id: 'default_routing_app', state: 'not_verified', applies: true },
      { id: 'connected_app', state: 'verified', applies: true },
      { id: 'handover_primary_receiver', state: 'unknown', applies: false },
    ] },
    { id: 'ch_7', type: 'line', name: 'Bangkok Coffee LINE OA', accountId: '@bkkcoffee', status: 'connected', connectedAt: iso(now, -400) },
  ];
}

const LARGE_TYPES = ['facebook', 'instagram', 'whatsapp', 'webchat'] as const;
const LARGE_STATUSES = ['connected', 'connected', 'connected', 'token_expired', 'disconnected', 'setup_incomplete'] as const;

/** Deterministic rows for performance work: the same input every run. */
export function manyChannels(count: number, now: number): ChannelWire[] {
  return Array.from({ length: count }, (_, i) => {
    const type = LARGE_TYPES[i % LARGE_TYPES.length]!;
    const drawn = LARGE_STATUSES[(i * 7) % LARGE_STATUSES.length]!;
    // A Webchat has no Meta token and no Page settings to finish.
    const status = type === 'webchat' && (drawn === 'token_expired' || drawn === 'setup_incomplete') ? 'connected' : drawn;
    return {
      id: `ch_${i + 1}`,
      type,
      name: `${type === 'webchat' ? 'Site' : 'Store'} ${String(i + 1).padStart(5, '0')}`,
      accountId: `${type.slice(0, 2)}_${100000 + i}`,
      status,
      connectedAt: iso(now, -(i % 365)),
      tokenExpiresAt: type === 'webchat' ? null : iso(now, status === 'token_expired' ? -1 : (i % 90) + 1),
      disconnectedAt: status === 'disconnected' ? iso(now, -1) : null,
    };
  });
}

export function createScenario(name: ScenarioName, now = Date.now()): Scenario {
  const world = metaWorld();
  switch (name) {
    case 'empty':
      return { channels: [], world };
    case 'typical':
      return { channels: typicalChannels(now), world };
    case 'large':
      return { channels: manyChannels(10_000, now), world };
  }
}

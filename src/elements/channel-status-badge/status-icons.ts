import { svg, type SVGTemplateResult } from 'lit';
import type { ChannelStatus } from '../../core/channel.js';

export type StatusTone = 'ok' | 'warning' | 'danger' | 'neutral' | 'progress';

export const STATUS_TONES: Record<ChannelStatus, StatusTone> = {
  connected: 'ok',
  expiring: 'warning',
  token_expired: 'danger',
  setup_incomplete: 'warning',
  disconnected: 'neutral',
  connecting: 'progress',
  unknown: 'neutral',
};

/** One shape per status, so the status never rests on colour alone. */
const PATHS: Record<ChannelStatus, SVGTemplateResult> = {
  connected: svg`<path d="M3.5 8.5l3 3 6-7" />`,
  expiring: svg`<circle cx="8" cy="8" r="6" /><path d="M8 4.5V8l2.5 1.5" />`,
  token_expired: svg`<path d="M8 1.8L14.6 13.5H1.4z" /><path d="M8 6v3.5M8 11.3v.2" />`,
  setup_incomplete: svg`<path d="M2.5 4h11M2.5 8h7M2.5 12h5" /><path d="M12 10.5v4M10 12.5h4" />`,
  disconnected: svg`<path d="M6 10l-1.5 1.5a2.1 2.1 0 01-3-3L3 7M10 6l1.5-1.5a2.1 2.1 0 013 3L13 9M2 2l12 12" />`,
  connecting: svg`<path d="M8 2a6 6 0 106 6" />`,
  unknown: svg`<circle cx="8" cy="8" r="6" /><path d="M6.3 6.2a1.8 1.8 0 113 1.4c-.8.5-1.3.9-1.3 1.9M8 11.4v.2" />`,
};

export function statusIcon(status: ChannelStatus) {
  return svg`<svg viewBox="0 0 16 16" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${PATHS[status]}</svg>`;
}

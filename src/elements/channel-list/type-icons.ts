import { svg } from 'lit';
import type { ChannelType } from '../../core/channel.js';

/** Simple marks for each channel type; the type's name is always shown beside them. */
const MARKS: Record<ChannelType, ReturnType<typeof svg>> = {
  facebook: svg`<rect x="1.5" y="1.5" width="13" height="13" rx="3" /><path d="M10.5 5H9.3C8.6 5 8 5.6 8 6.3V14.5M6.3 8.5h4" />`,
  instagram: svg`<rect x="1.5" y="1.5" width="13" height="13" rx="4" /><circle cx="8" cy="8" r="3" /><path d="M11.8 4.2v.1" />`,
  whatsapp: svg`<path d="M2 14l1-3.2A6 6 0 118 14a6 6 0 01-3-.8z" /><path d="M6 6.2c0 2 1.8 3.8 3.8 3.8" />`,
  webchat: svg`<path d="M2 3.5h12v8H6l-3 2.5v-2.5H2z" /><path d="M5 7.5h.1M8 7.5h.1M11 7.5h.1" />`,
  line: svg`<path d="M8 2.5c3.6 0 6.5 2.3 6.5 5.1 0 2.9-3.8 5.3-6.5 6.9.3-.8.4-1.6 0-1.8C4.4 12.7 1.5 10.4 1.5 7.6 1.5 4.8 4.4 2.5 8 2.5z" />`,
  unknown: svg`<rect x="2" y="2" width="12" height="12" rx="3" stroke-dasharray="2 2" />`,
};

export function typeIcon(type: ChannelType) {
  return svg`<svg viewBox="0 0 16 16" width="1.25em" height="1.25em" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${MARKS[type]}</svg>`;
}

import { ContextRoot, createContext } from '@lit/context';
import type { ChannelBackend } from '../adapters/backend.js';
import type { Viewer } from '../core/viewer.js';
import type { PermissionPolicy } from '../permissions/policy.js';

/** The colour scheme of the elements' built-in token defaults (`light` unless set). */
export type Theme = 'light' | 'dark';

/** What `<channel-kit-provider>` hands to every Channel Kit element inside it. */
export interface ChannelKitConfig {
  backend?: ChannelBackend;
  /** `null` while the provider is still asking the backend who the viewer is. */
  viewer?: Viewer | null;
  /** Why the viewer is not known (the backend could not be asked), when that failed. */
  viewerError?: unknown;
  /** Asks the backend for the viewer again. */
  retryViewer?: () => void;
  policy?: PermissionPolicy;
  locale?: string;
  theme?: Theme;
}

// A plain Symbol (not Symbol.for) keeps two copies of the SDK on one page from answering each other.
export const channelKitContext = createContext<ChannelKitConfig>(Symbol('channel-kit/config'));

let rootAttached = false;

/**
 * A consumer that upgrades before its provider would lose its request; a ContextRoot on the document
 * holds such requests and replays them when the provider appears. Attached on first use, not on import.
 */
export function ensureContextRoot(): void {
  if (rootAttached || typeof document === 'undefined') return;
  rootAttached = true;
  new ContextRoot().attach(document.documentElement);
}

import { MemoryBackend, type MemoryBackendOptions } from '../../src/mocks/memory-backend.js';
import { exposeFakeMeta } from '../../src/mocks/fake-meta-bridge.js';
import { typicalOptions } from './backends.js';
import { until } from './fixtures.js';

export const CONSENT_URL = `${location.origin}/demo/fake-meta/consent.html`;

/**
 * A MemoryBackend whose authorizations open the demo's fake Meta consent page, which reaches its fake
 * Meta through the opener; Meta's redirect goes to the demo's callback page beside it.
 */
export function metaBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  const backend = new MemoryBackend({ ...typicalOptions(), consentUrl: CONSENT_URL, ...options });
  exposeFakeMeta(backend.server.meta);
  return backend;
}

/** A `window.open` that remembers the windows it opened. */
export function popupRecorder() {
  const opened: Window[] = [];
  const open: typeof window.open = (...args) => {
    const popup = window.open(...args);
    if (popup) opened.push(popup);
    return popup;
  };
  return { open, get last(): Window | undefined { return opened.at(-1); } };
}

/** Waits for the fake consent page to be ready in `popup`, and returns its document. */
export async function consentPage(popup: Window): Promise<Document> {
  await until(() => {
    try {
      return popup.location.pathname.endsWith('/consent.html') && popup.document.querySelector('form');
    } catch {
      return false;
    }
  }, 'the consent page');
  return popup.document;
}

export interface ConsentChoice {
  portfolio?: string;
  /** Account labels to tick (a part of the label text). */
  accounts?: string[];
  permissions?: boolean;
  metaError?: boolean;
  cancel?: boolean;
}

/** Plays the person on Meta's consent screen. */
export async function consent(popup: Window, choice: ConsentChoice): Promise<void> {
  const doc = await consentPage(popup);
  const labels = () => [...doc.querySelectorAll('label')];
  if (choice.cancel) {
    [...doc.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!.click();
    return;
  }
  if (choice.portfolio) {
    const radio = labels().find((l) => l.textContent?.includes(choice.portfolio!))!.querySelector('input')!;
    radio.checked = true;
    radio.dispatchEvent(new Event('change', { bubbles: true }));
  }
  for (const name of choice.accounts ?? []) {
    const box = labels().find((l) => l.querySelector('input[name="account"]') && l.textContent?.includes(name));
    if (!box) throw new Error(`no account "${name}" on the consent page`);
    box.querySelector('input')!.checked = true;
  }
  if (choice.permissions === false) labels().find((l) => l.textContent?.includes('Allow every permission'))!.querySelector('input')!.checked = false;
  if (choice.metaError) doc.querySelector('select')!.value = 'meta_error';
  doc.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

/** Runs code inside the popup, so that messages it posts come from it (`event.source`). */
export function postFrom(popup: Window, message: unknown, targetOrigin = location.origin): void {
  (popup as Window & typeof globalThis).eval(`opener.postMessage(${JSON.stringify(message)}, ${JSON.stringify(targetOrigin)})`);
}

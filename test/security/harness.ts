/**
 * Shared helpers for the security tests (fault matrix, fuzzing, XSS): watching for unhandled
 * rejections, uncaught errors and console.error; a scripted fetch for the REST adapter; a fake popup;
 * the English catalog's error messages; looking through shadow roots.
 */
import { en } from '../../src/i18n/locales/en.js';
import type { Translation } from '../../src/i18n/translation.js';

// ---- faults ----------------------------------------------------------------------------------

export interface FaultWatch {
  readonly rejections: unknown[];
  readonly errors: string[];
  readonly consoleErrors: unknown[][];
  /** Stops watching and restores console.error. */
  stop(): void;
  /** A one-line summary of everything seen, or '' when nothing was. */
  summary(): string;
}

/**
 * Records unhandled rejections, uncaught errors (except @lit-labs/virtualizer's harmless
 * "ResizeObserver loop" report) and console.error calls until `stop()`.
 */
export function watchFaults(): FaultWatch {
  const rejections: unknown[] = [];
  const errors: string[] = [];
  const consoleErrors: unknown[][] = [];
  const onRejection = (event: PromiseRejectionEvent) => {
    rejections.push(event.reason);
    // Recorded here; the test that caused it fails on its own assertion, with the reason.
    event.preventDefault();
  };
  const onError = (event: ErrorEvent) => {
    if (event.message?.includes('ResizeObserver loop')) return;
    errors.push(event.message || String(event.error));
  };
  const original = console.error;
  console.error = (...args: unknown[]) => {
    consoleErrors.push(args);
    original.apply(console, args);
  };
  window.addEventListener('unhandledrejection', onRejection);
  window.addEventListener('error', onError);
  return {
    rejections,
    errors,
    consoleErrors,
    stop() {
      window.removeEventListener('unhandledrejection', onRejection);
      window.removeEventListener('error', onError);
          console.error = original;
    },
    summary() {
      const parts = [
        ...rejections.map((r) => `unhandled rejection: ${describe(r)}`),
        ...errors.map((e) => `uncaught error: ${e}`),
        ...consoleErrors.map((args) => `console.error: ${args.map(describe).join(' ')}`),
      ];
      return parts.join('\n');
    },
  };
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return String(value);
  }
}

// ---- the catalog -----------------------------------------------------------------------------

/** Every error message in a catalog (the `error*` strings). */
export function errorMessages(t: Translation = en): string[] {
  return Object.entries(t)
    .filter(([key, value]) => key.startsWith('error') && typeof value === 'string')
    .map(([, value]) => value as string);
}

// ---- the DOM ---------------------------------------------------------------------------------

/** Every shadow root at or under `root` (open ones), depth first. */
export function shadowRootsUnder(root: Element | ShadowRoot | Document): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (node: Element | ShadowRoot | Document) => {
    const elements = node instanceof Element ? [node, ...node.querySelectorAll('*')] : [...node.querySelectorAll('*')];
    for (const el of elements) {
      if (el.shadowRoot) {
        found.push(el.shadowRoot);
        visit(el.shadowRoot);
      }
    }
  };
  visit(root);
  return found;
}

/** `querySelectorAll` through `root`'s light DOM and every shadow root under it. */
export function deepQueryAll<T extends Element = HTMLElement>(root: Element | Document, selector: string): T[] {
  const inLight = [...root.querySelectorAll<T>(selector)];
  if (root instanceof Element && root.matches(selector)) inLight.unshift(root as unknown as T);
  return [...inLight, ...shadowRootsUnder(root).flatMap((sr) => [...sr.querySelectorAll<T>(selector)])];
}

/** Text with whitespace runs collapsed. */
export function plain(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- the REST adapter's transport ------------------------------------------------------------

export type Reply = { status?: number; body?: unknown; text?: string; headers?: Record<string, string> };
export type Route = (request: { method: string; path: string; url: URL; body: unknown }) => Reply | Promise<Reply> | undefined;

/**
 * A `fetch` for `RestBackend` that answers from `route` (no network, no msw). A route that returns
 * undefined answers 404. Records every request and the signal it was given.
 */
export function scriptedFetch(route: Route) {
  const requests: { method: string; path: string; signal: AbortSignal | null | undefined }[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, location.href);
    const method = init?.method ?? 'GET';
    requests.push({ method, path: url.pathname, signal: init?.signal });
    let body: unknown = undefined;
    if (typeof init?.body === 'string') body = JSON.parse(init.body);
    const reply = (await route({ method, path: url.pathname, url, body })) ?? { status: 404, body: { error: { code: 'not_found', message: 'No route.' } } };
    if (init?.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    return new Response(text, { status: reply.status ?? 200, headers: { 'content-type': 'application/json', ...reply.headers } });
  };
  return { fetch: fetchFn, requests };
}

// ---- popups ----------------------------------------------------------------------------------

export interface FakePopup {
  /** Pass as an element's `openWindow`. */
  open: typeof window.open;
  /** How many windows were asked for. */
  readonly opened: number;
  /** Every URL the flow sent the window to. */
  readonly navigations: string[];
  readonly closed: boolean;
}

/**
 * A stand-in for the Meta window: no real window opens. `closed: true` from the start makes the
 * flow take its Cross-Origin-Opener-Policy path (it asks the backend for the result).
 */
export function fakePopup({ startClosed = false } = {}): FakePopup {
  let opened = 0;
  const navigations: string[] = [];
  const state = { closed: startClosed };
  const popup = {
    get closed() {
      return state.closed;
    },
    close() {
      state.closed = true;
    },
    document: { title: '' },
    location: {
      set href(value: string) {
        navigations.push(value);
      },
      get href() {
        return navigations.at(-1) ?? 'about:blank';
      },
    },
  };
  return {
    open: (() => {
      // Each flow gets the window afresh (a real named window is reopened after being closed).
      opened++;
      state.closed = startClosed;
      return popup as unknown as Window;
    }) as typeof window.open,
    get opened() {
      return opened;
    },
    navigations,
    get closed() {
      return state.closed;
    },
  };
}

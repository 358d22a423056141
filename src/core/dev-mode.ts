import { parseEmbeddedSignupMessage } from '../popup/embedded-signup.js';
import type { AuthorizationSession } from './authorization.js';

/**
 * Development builds only: warnings on the console that say what is wrong, once, where the UI alone
 * cannot (an element with no backend, an authorization message that was not believed).
 *
 * Production never runs this module, nor carries its text: `./dev-mode.production.ts` takes its place
 * (the same names, doing nothing, `DEV_MODE` false, so bundlers drop every `if (DEV_MODE) …` with its
 * arguments). The npm build leaves this import as `#dev-mode`, which package.json's `imports` maps to
 * this module under the `development` condition (the one that also picks Lit's development build:
 * Vite's dev server, webpack in development mode) and to the production module otherwise; the CDN
 * bundle is built with the production module. The tests and `npm start` run the sources, so this one.
 */
export const DEV_MODE: boolean = true;

// ---- an element with no backend ------------------------------------------------------------------

/**
 * How long an element may go without a backend before it warns: a host often sets `backend` a moment
 * after connecting the element, and a provider defined later hands its over late. Tests shorten it.
 */
export const devModeTiming = { backendGraceMs: 2_000 };

interface BackendUser extends HTMLElement {
  readonly activeBackend: unknown;
}

const waiting = new WeakSet<HTMLElement>();
const warnedTags = new Set<string>();

/**
 * Called as an element updates: if it still has no backend (its own, or its provider's) once the
 * grace period is over, says so — once per tag name. An element inside another Channel Kit element
 * (the list and the dialogs of `<channel-settings>`) leaves it to that one.
 */
export function expectBackend(element: BackendUser): void {
  const tag = element.localName;
  if (element.activeBackend || waiting.has(element) || warnedTags.has(tag)) return;
  waiting.add(element);
  setTimeout(() => {
    waiting.delete(element);
    if (!element.isConnected || element.activeBackend || warnedTags.has(tag)) return;
    const root = element.getRootNode();
    if (root instanceof ShadowRoot && 'activeBackend' in root.host) return;
    warnedTags.add(tag);
    console.warn(
      `<${tag}> has no backend, so it can neither load nor change anything (a list stays on its loading skeleton). ` +
        `Set its \`backend\` property (from script: it is not an attribute), or put it inside a <channel-kit-provider> whose \`backend\` is set.`,
      element,
    );
  }, devModeTiming.backendGraceMs);
}

// ---- an authorization message that was not believed --------------------------------------------

/** The check an authorization message failed, in the order they are made. */
export type RejectedCheck = 'source' | 'origin' | 'shape' | 'state' | 'used';

/** What a failed schema check says (a zod error's issues: paths and codes, never the values). */
interface ShapeError {
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; code: string; expected?: unknown; values?: readonly unknown[] }>;
}

const MESSAGE_TYPE = 'channel-kit:authorization';
const isOurs = (data: unknown) => typeof data === 'object' && data !== null && (data as { type?: unknown }).type === MESSAGE_TYPE;
const originOf = (url: string | null | undefined) => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

function describeIssues(error: ShapeError | undefined, data: unknown): string {
  if (typeof data === 'string') return 'it is a string: post the object itself, not JSON text';
  const issues = (error?.issues ?? []).map((issue) => {
    const at = issue.path.length ? issue.path.map(String).join('.') : 'the message';
    const expected = issue.values ? issue.values.map((v) => JSON.stringify(v)).join(' or ') : issue.expected;
    return `${at}: ${issue.code}${expected === undefined ? '' : ` (expected ${String(expected)})`}`;
  });
  return issues.join('; ') || 'it does not match the schema';
}

/**
 * One warning for a message the authorization flow did not believe, naming the check it failed and
 * what was expected. Never the message's code, state or any token: only origins and the schema's
 * paths. Messages that are someone else's stay silent: from another window without the callback
 * message's `type`, or from Meta's own pages in the popup.
 */
export function warnRejectedMessage(check: RejectedCheck, event: MessageEvent, session: AuthorizationSession, error?: ShapeError): void {
  const expectedOrigin = originOf(session.callbackOrigin);
  const ignored = 'Channel Kit ignored an authorization message:';
  let text: string;
  switch (check) {
    case 'source': {
      if (!isOurs(event.data)) return;
      const from = event.source === null ? 'no window' : event.source === window ? 'this page itself' : 'another window';
      text = `${ignored} it came from ${from}, not from the popup window this authorization opened. The callback page must post it, from that popup, to window.opener.`;
      break;
    }
    case 'origin': {
      const meta = [originOf(session.authorizeUrl), originOf(session.embeddedSignupOrigin)];
      if (!isOurs(event.data) && meta.includes(event.origin)) return;
      text = `${ignored} it came from the origin ${event.origin}, and the authorization session's callbackOrigin expects ${expectedOrigin}. Set callbackOrigin (on the backend) to the origin that serves the callback page.`;
      break;
    }
    case 'shape':
      text = parseEmbeddedSignupMessage(event.data)
        ? `${ignored} it is an Embedded Signup message, which is believed only from the authorization session's embeddedSignupOrigin (${originOf(session.embeddedSignupOrigin) ?? 'none: this authorization is not an Embedded Signup flow'}), and it came from ${event.origin}.`
        : `${ignored} its shape is wrong (${describeIssues(error, event.data)}). Expected { type: '${MESSAGE_TYPE}', state, code } or { type, state, error: { code } }.`;
      break;
    case 'state':
      text = `${ignored} its state is not the state of the authorization in progress (a message from an earlier or another authorization?). Post back the state the authorize URL was given, unchanged.`;
      break;
    case 'used':
      text = `${ignored} its state was used already (a repeated or replayed message); each state is believed once.`;
      break;
  }
  console.warn(text);
}

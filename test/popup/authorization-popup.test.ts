import { expect } from '@open-wc/testing';
import type { AuthorizationSession } from '../../src/core/authorization.js';
import { awaitAuthorization, type AuthorizationOutcome } from '../../src/popup/await-authorization.js';
import { parseEmbeddedSignupMessage } from '../../src/popup/embedded-signup.js';
import { runAuthorization } from '../../src/popup/run-authorization.js';
import { expectKitError } from '../support/expect-error.js';
import { consent, metaBackend, popupRecorder, postFrom } from '../support/popup.js';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PENDING = Symbol('pending');
/** What the promise has settled to within `ms`, or PENDING. */
async function within<T>(promise: Promise<T>, ms = 150): Promise<T | typeof PENDING> {
  return Promise.race([promise, later(ms).then((): typeof PENDING => PENDING)]);
}

describe('the authorization popup', () => {
  let popups: Window[] = [];
  const openBlank = () => {
    const popup = window.open('about:blank', `test-${popups.length}`, 'popup,width=400,height=400')!;
    popups.push(popup);
    return popup;
  };
  afterEach(() => {
    for (const popup of popups) if (!popup.closed) popup.close();
    popups = [];
  });

  async function flow(channelType: 'instagram' | 'whatsapp' = 'instagram', sessionPatch: Partial<AuthorizationSession> = {}, granted = true) {
    const backend = metaBackend();
    const session = { ...(await backend.startAuthorization({ channelType, mode: 'connect' })), ...sessionPatch };
    const popup = openBlank();
    // Without a grant the backend knows of no result, so a closed popup reads as cancelled.
    const { code } = granted ? await backend.grant(session.id, channelType === 'whatsapp' ? ['wa_3002'] : ['ig_2003']) : { code: 'forged-code' };
    const good = { type: 'channel-kit:authorization', state: session.state, code };
    const waiting = awaitAuthorization({ popup, session, backend, pollMs: 50, hiddenWithinMs: 0 });
    return { backend, session, popup, code, good, waiting };
  }

  it('accepts the callback message from the popup, with this flow\'s state, and finishes', async () => {
    const { popup, good, waiting } = await flow();
    postFrom(popup, good);
    const outcome = (await waiting) as Extract<AuthorizationOutcome, { kind: 'granted' }>;
    expect(outcome.kind).to.equal('granted');
    expect(outcome.result.accounts.map((a) => a.id)).to.deep.equal(['ig_2003']);
    expect(popup.closed, 'the popup is closed once done').to.equal(true);
  });

  const rejected: [string, (f: Awaited<ReturnType<typeof flow>>) => void][] = [
    ['from the wrong source (this page, not the popup)', ({ good }) => window.postMessage(good, location.origin)],
    ['without a state', ({ popup, good }) => postFrom(popup, { ...good, state: undefined })],
    ['with another state', ({ popup, good }) => postFrom(popup, { ...good, state: 'x'.repeat(48) })],
    ['with a malformed payload', ({ popup, good }) => postFrom(popup, { ...good, type: 'something-else' })],
    ['as a string instead of an object', ({ popup, good }) => postFrom(popup, JSON.stringify(good))],
  ];
  for (const [what, send] of rejected) {
    it(`ignores a message ${what}`, async () => {
      const f = await flow();
      send(f);
      expect(await within(f.waiting)).to.equal(PENDING);
      postFrom(f.popup, f.good);
      expect((await f.waiting).kind, 'a good message still works afterwards').to.equal('granted');
    });
  }

  it('ignores a message from another origin than the expected one', async () => {
    const f = await flow('instagram', { callbackOrigin: 'https://callback.example.com' }, false);
    postFrom(f.popup, f.good);
    expect(await within(f.waiting)).to.equal(PENDING);
    f.popup.close();
    expect((await f.waiting).kind).to.equal('cancelled');
  });

  it('ignores a replayed state: each state is believed once', async () => {
    const first = await flow();
    postFrom(first.popup, first.good);
    await first.waiting;
    const popup = openBlank();
    let finished = 0;
    const backend = Object.assign(Object.create(first.backend), {
      finishAuthorization: (...args: Parameters<typeof first.backend.finishAuthorization>) => {
        finished++;
        return first.backend.finishAuthorization(...args);
      },
    });
    const again = awaitAuthorization({ popup, session: first.session, backend, pollMs: 50, hiddenWithinMs: 0 });
    postFrom(popup, first.good);
    expect(await within(again)).to.equal(PENDING);
    expect(finished, 'the replayed code was not sent to the backend').to.equal(0);
  });

  // Development builds (the tests run the sources, so the development module): each rejected message
  // logs one warning naming the check it failed and what was expected, never the code or the state.
  describe('in development builds, a rejected message says why on the console', () => {
    let warnings: string[] = [];
    const originalWarn = console.warn;
    beforeEach(async () => {
      // The flows of earlier tests end once they see their popup closed: until then they hear messages too.
      await later(250);
      warnings = [];
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    });
    afterEach(() => {
      console.warn = originalWarn;
    });

    const cases: [string, Partial<AuthorizationSession>, (f: Awaited<ReturnType<typeof flow>>) => void, string[]][] = [
      ['wrong source (this page, not the popup)', {}, ({ good }) => window.postMessage(good, location.origin), ['came from this page itself, not from the popup window']],
      ['wrong origin', { callbackOrigin: 'https://callback.example.com' }, ({ popup, good }) => postFrom(popup, good), [`came from the origin ${location.origin}`, 'callbackOrigin expects https://callback.example.com']],
      ['bad shape: another type', {}, ({ popup, good }) => postFrom(popup, { ...good, type: 'something-else' }), ['its shape is wrong', 'type: invalid_value (expected "channel-kit:authorization")']],
      ['bad shape: no state', {}, ({ popup, good }) => postFrom(popup, { ...good, state: undefined }), ['its shape is wrong', 'state: invalid_type (expected string)']],
      ['bad shape: JSON text', {}, ({ popup, good }) => postFrom(popup, JSON.stringify(good)), ['its shape is wrong', 'post the object itself, not JSON text']],
      ['wrong state', {}, ({ popup, good }) => postFrom(popup, { ...good, state: 'x'.repeat(48) }), ['its state is not the state of the authorization in progress']],
    ];
    for (const [what, sessionPatch, send, expected] of cases) {
      it(`${what}: one warning, naming the check and what was expected`, async () => {
        const f = await flow('instagram', sessionPatch);
        send(f);
        expect(await within(f.waiting)).to.equal(PENDING);
        expect(warnings).to.have.length(1);
        for (const fragment of expected) expect(warnings[0]).to.contain(fragment);
        expect(warnings[0], 'not the code').to.not.contain(f.code);
        expect(warnings[0], 'not the state').to.not.contain(f.session.state);
      });
    }

    it('used state: one warning, and the replayed code is in no warning', async () => {
      const first = await flow();
      postFrom(first.popup, first.good);
      await first.waiting;
      const again = awaitAuthorization({ popup: openBlank(), session: first.session, backend: first.backend, pollMs: 50, hiddenWithinMs: 0 });
      postFrom(popups.at(-1)!, first.good);
      expect(await within(again)).to.equal(PENDING);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('its state was used already');
      expect(warnings[0]).to.not.contain(first.code).and.not.contain(first.session.state);
    });

    it('an Embedded Signup message from another origin than Meta\'s: says which origin it is believed from', async () => {
      const { popup } = await flow('whatsapp', { embeddedSignupOrigin: 'https://www.facebook.com' });
      postFrom(popup, { type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH', data: { phone_number_id: '1', waba_id: '2' } });
      await later(100);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('Embedded Signup message').and.contain('embeddedSignupOrigin (https://www.facebook.com)').and.contain(`came from ${location.origin}`);
    });

    it('silent for what is not the popup\'s: another window\'s message, Meta\'s own pages, and the message believed', async () => {
      const f = await flow('instagram', { authorizeUrl: `${location.origin}/dialog/oauth`, callbackOrigin: 'https://callback.example.com' });
      window.postMessage({ source: 'react-devtools-bridge', payload: 1 }, location.origin);
      postFrom(f.popup, { type: 'some-meta-internal', payload: 1 });
      expect(await within(f.waiting)).to.equal(PENDING);
      expect(warnings, 'nothing said').to.deep.equal([]);
      f.popup.close();
      await f.waiting;
      const ok = await flow();
      postFrom(ok.popup, ok.good);
      expect((await ok.waiting).kind).to.equal('granted');
      expect(warnings, 'nothing said').to.deep.equal([]);
    });
  });

  it('a popup closed by the person is a cancel, not an error', async () => {
    const backend = metaBackend();
    const session = await backend.startAuthorization({ channelType: 'facebook', mode: 'connect' });
    const popup = openBlank();
    const waiting = awaitAuthorization({ popup, session, backend, pollMs: 30, hiddenWithinMs: 0 });
    popup.close();
    expect(await waiting).to.deep.equal({ kind: 'cancelled' });
  });

  it('a popup hidden by COOP: asks the backend for the result instead', async () => {
    const backend = metaBackend();
    const session = await backend.startAuthorization({ channelType: 'facebook', mode: 'connect' });
    const popup = openBlank();
    popup.close(); // what a severed opener looks like: closed at once
    const waiting = awaitAuthorization({ popup, session, backend, pollMs: 30, hiddenWithinMs: 5_000 });
    expect(await within(waiting, 200)).to.equal(PENDING);
    await backend.grant(session.id, ['fb_1001']); // the person finishes in the window we cannot see
    const outcome = (await waiting) as Extract<AuthorizationOutcome, { kind: 'granted' }>;
    expect(outcome.result.accounts.map((a) => [a.id, a.eligibility])).to.deep.equal([['fb_1001', 'already_connected']]);
  });

  it('times out', async () => {
    const backend = metaBackend();
    const session = await backend.startAuthorization({ channelType: 'facebook', mode: 'connect' });
    const popup = openBlank();
    const error = await expectKitError(awaitAuthorization({ popup, session, backend, timeoutMs: 150, pollMs: 30 }));
    expect(error.reason).to.equal('popup_timeout');
    expect(popup.closed).to.equal(true);
  });

  it('a blocked popup is reported as such, before any request', async () => {
    const backend = metaBackend();
    let started = 0;
    backend.startAuthorization = async () => {
      started++;
      throw new Error('should not be called');
    };
    const error = await expectKitError(runAuthorization({ backend, input: { channelType: 'instagram', mode: 'connect' }, openWindow: () => null }));
    expect(error.reason).to.equal('popup_blocked');
    expect(started).to.equal(0);
  });

  it('an error from Meta on the callback becomes a Meta error with its support id', async () => {
    const { popup, good, waiting } = await flow();
    postFrom(popup, { ...good, code: null, error: { code: 'meta_error', message: 'Oops', fbtraceId: 'Tr4ce' } });
    const error = await expectKitError(waiting);
    expect([error.kind, error.supportId]).to.deep.equal(['meta', 'Tr4ce']);
  });

  it('runs a whole flow through the fake consent page in a real popup', async () => {
    const backend = metaBackend();
    const popups = popupRecorder();
    const running = runAuthorization({ backend, input: { channelType: 'instagram', mode: 'connect' }, openWindow: popups.open });
    await consent(popups.last!, { portfolio: 'Siam Retail', accounts: ['Siam Retail (@siam.retail)'] });
    const outcome = (await running) as Extract<AuthorizationOutcome, { kind: 'granted' }>;
    expect(outcome.result.accounts.map((a) => a.id)).to.deep.equal(['ig_2003']);
  });

  describe('WhatsApp Embedded Signup', () => {
    const finish = (type = 'WA_EMBEDDED_SIGNUP', event = 'FINISH') => ({ type, event, data: { phone_number_id: '106540352242922', waba_id: '524126980791429' } });

    it('reads the message as a JSON string or an object, the event in any case', () => {
      expect(parseEmbeddedSignupMessage(JSON.stringify(finish()))).to.deep.equal({ event: 'FINISH', phoneNumberId: '106540352242922', wabaId: '524126980791429' });
      expect(parseEmbeddedSignupMessage(finish('wa_embedded_signup', 'finish'))!.event).to.equal('FINISH');
      expect(parseEmbeddedSignupMessage({ type: 'WA_EMBEDDED_SIGNUP', event: 'Finish_Only_Waba', data: { waba_id: '1' } })).to.deep.equal({ event: 'FINISH_ONLY_WABA', wabaId: '1' });
      expect(parseEmbeddedSignupMessage({ type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: { error_message: 'Number in use', error_code: '524126', session_id: 's1' } })).to.deep.equal({
        event: 'ERROR',
        errorMessage: 'Number in use',
        errorId: '524126',
        sessionId: 's1',
      });
      expect(parseEmbeddedSignupMessage({ type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING', data: { phone_number_id: '9', waba_id: '1' } })).to.deep.equal({
        event: 'FINISH',
        phoneNumberId: '9',
        wabaId: '1',
        onBusinessApp: true,
      });
      expect(parseEmbeddedSignupMessage({ type: 'WA_EMBEDDED_SIGNUP', event: 'cancel', data: { current_step: 'PHONE_NUMBER_SETUP' } })).to.deep.equal({ event: 'CANCEL', currentStep: 'PHONE_NUMBER_SETUP' });
      expect(parseEmbeddedSignupMessage('{not json')).to.equal(null);
      expect(parseEmbeddedSignupMessage({ type: 'OTHER', event: 'FINISH' })).to.equal(null);
    });

    it('FINISH, then the code: connects', async () => {
      const { popup, good, waiting } = await flow('whatsapp');
      postFrom(popup, JSON.stringify(finish()));
      expect(await within(waiting), 'the code is still needed').to.equal(PENDING);
      postFrom(popup, good);
      expect((await waiting).kind).to.equal('granted');
    });

    it('the code, then FINISH (the other order): connects', async () => {
      const { popup, good, waiting } = await flow('whatsapp');
      postFrom(popup, good);
      expect(await within(waiting), 'the FINISH event is still needed').to.equal(PENDING);
      postFrom(popup, finish('WA_EMBEDDED_SIGNUP', 'finish'));
      expect((await waiting).kind).to.equal('granted');
    });

    it('CANCEL: cancelled, no error', async () => {
      const { popup, waiting } = await flow('whatsapp');
      postFrom(popup, { type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: { current_step: 'PHONE_NUMBER_SETUP' } });
      expect(await waiting).to.deep.equal({ kind: 'cancelled' });
    });

    it('ERROR: a Meta error that carries its support ids', async () => {
      const { popup, waiting } = await flow('whatsapp');
      postFrom(popup, { type: 'WA_EMBEDDED_SIGNUP', event: 'error', data: { error_message: 'Phone number already registered', error_id: '524126', session_id: 'f34b51dab5e0498' } });
      const error = await expectKitError(waiting);
      expect(error.kind).to.equal('meta');
      expect(error.supportId).to.equal('524126 / f34b51dab5e0498');
      expect(error.meta!.userMessage).to.equal('Phone number already registered');
    });

    it('ignores Embedded Signup messages from an origin other than Meta\'s (as configured)', async () => {
      const { popup, good, waiting } = await flow('whatsapp', { embeddedSignupOrigin: 'https://www.facebook.com' });
      postFrom(popup, finish());
      postFrom(popup, good);
      expect(await within(waiting)).to.equal(PENDING);
    });
  });
});

// Issue 15, item 1: errors a host can act on. Every failure an element meets — the list's load and
// the viewer lookup included — reaches the host as one `channel-error` event carrying the
// ChannelKitError; a superseded request is not a failure; offline is told apart from a server that
// cannot be reached (which may be CORS), whose message does not blame the connection.
import { expect, fixture, html } from '@open-wc/testing';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import { ChannelKitError, isChannelKitError } from '../../src/core/errors.js';
import type { ChannelErrorEvent } from '../../src/events/channel-events.js';
import type { ChannelList } from '../../src/elements/channel-list/channel-list.js';
import { describeError } from '../../src/i18n/error-message.js';
import { en } from '../../src/i18n/locales/en.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { typicalOptions } from '../support/backends.js';
import { until } from '../support/fixtures.js';

/** The events heard on the document, each with the element that fired it (read while it is dispatched). */
function heard() {
  const events: (ChannelErrorEvent & { origin: EventTarget })[] = [];
  const listener = (event: Event) => events.push(Object.assign(event as ChannelErrorEvent, { origin: event.composedPath()[0]! }));
  document.addEventListener('channel-error', listener);
  return { events, stop: () => document.removeEventListener('channel-error', listener) };
}

const owner = { product: 'caac', role: 'owner' } as const;

describe('channel-error', () => {
  it("the list's load failing: the host hears the ChannelKitError (kind, reason, status); the list shows it with Try again", async () => {
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: owner });
    memory.listChannels = () => Promise.reject(new ChannelKitError('unauthenticated', 'Signed out.', { status: 401 }));
    const host = heard();
    const list = await fixture<ChannelList>(html`<channel-list .backend=${memory} .viewer=${owner}></channel-list>`);
    await until(() => host.events.length > 0, 'the event');
    host.stop();
    const [event] = host.events;
    expect(event!.composed && event!.bubbles, 'reaches the document').to.equal(true);
    expect([event!.error.kind, event!.error.reason, event!.error.status]).to.deep.equal(['unauthenticated', 'unauthenticated', 401]);
    expect(event!.origin).to.equal(list);
    await until(() => list.shadowRoot!.querySelector('[part="error"]'), 'the error in the list');
  });

  it('the viewer lookup failing in the provider: heard from the provider', async () => {
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: owner });
    memory.getViewer = () => Promise.reject(new ChannelKitError('network', 'Down.'));
    const host = heard();
    const provider = await fixture(html`<channel-kit-provider .backend=${memory}><channel-list></channel-list></channel-kit-provider>`);
    await until(() => host.events.some((e) => e.origin === provider), 'the provider\'s event');
    host.stop();
    expect(host.events.find((e) => e.origin === provider)!.error.kind).to.equal('network');
  });

  it("an adapter's own throw arrives wrapped: kind http, reason unknown, the original as its cause", async () => {
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: owner });
    const thrown = new TypeError('adapter bug');
    memory.listChannels = () => Promise.reject(thrown);
    const host = heard();
    await fixture(html`<channel-list .backend=${memory} .viewer=${owner}></channel-list>`);
    await until(() => host.events.length > 0, 'the event');
    host.stop();
    const { error } = host.events[0]!;
    expect(isChannelKitError(error)).to.equal(true);
    expect([error.kind, error.reason, error.cause]).to.deep.equal(['http', 'unknown', thrown]);
  });

  it('a load superseded by a newer one is no failure: nothing is heard', async () => {
    const memory = new MemoryBackend({ ...typicalOptions(), viewer: owner });
    const list = await fixture<ChannelList>(html`<channel-list .backend=${memory} .viewer=${owner}></channel-list>`);
    await until(() => list.channels.length > 0, 'the list');
    const host = heard();
    memory.listChannels = (_options, signal) =>
      new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new ChannelKitError('aborted', 'Cancelled.'))));
    void list.refresh();
    void list.refresh();
    list.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    host.stop();
    expect(host.events).to.deep.equal([]);
  });

  describe('a request that could not be sent', () => {
    const failing = () => new RestBackend({ baseUrl: 'https://api.invalid', readRetries: 0, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    afterEach(() => delete (navigator as { onLine?: boolean }).onLine);

    it('offline: said so', async () => {
      Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
      const error = await failing().listChannels({ cursor: null, limit: 10 }).catch((e: unknown) => e);
      expect(isChannelKitError(error) && [error.kind, error.reason]).to.deep.equal(['network', 'offline']);
      expect(describeError(en, error).message).to.equal(en.errorOffline);
    });

    it('online (the server down, or a CORS refusal): the message does not blame the connection', async () => {
      Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
      const error = await failing().listChannels({ cursor: null, limit: 10 }).catch((e: unknown) => e);
      expect(isChannelKitError(error) && [error.kind, error.reason]).to.deep.equal(['network', 'network']);
      const message = describeError(en, error).message;
      expect(message).to.equal(en.errorNetwork);
      expect(message).to.not.match(/your connection/i);
    });
  });
});

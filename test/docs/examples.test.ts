// Runs the docs' examples (docs/examples/*.ts), which the pages show verbatim (checked by
// docs-match-code.test.ts): an example that stops working fails the build.
import { expect } from '@open-wc/testing';
import { http } from 'msw';
import { ChannelKitError, isChannelKitError } from '../../src/core/errors.js';
import { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import { createHandlers } from '../../src/mocks/handlers.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import { describeError } from '../../src/i18n/error-message.js';
import { loadTranslation } from '../../src/i18n/catalog.js';
import { mountChannelSettings } from '../../docs/examples/embed-channel-settings.js';
import { MessagingApiError, MessagingBackend, type MessagingApi } from '../../docs/examples/custom-backend.js';
import { hostPolicy } from '../../docs/examples/permission-policy.js';
import { typicalOptions } from '../support/backends.js';
import { listOf, settled, textOf, until } from '../support/fixtures.js';
import { useMockServer } from '../support/msw.js';

describe('docs/examples', () => {
  it('embed-channel-settings.ts: the page loads over RestBackend with the token, and hears what happens', async () => {
    const memory = new MemoryBackend(typicalOptions());
    const authorization: (string | null)[] = [];
    await useMockServer([
      http.all('/api/channel-kit/*', ({ request }) => void authorization.push(request.headers.get('authorization'))),
      ...createHandlers({ backend: memory, baseUrl: '/api/channel-kit' }),
    ]);
    const container = document.createElement('div');
    document.body.append(container);
    const said: string[] = [];
    const info = console.info;
    console.info = (message: string) => void said.push(message);
    try {
      const settings = mountChannelSettings(container, async () => 'token-1');
      // `channel-kit` resolved to the same modules as the tests' own imports: one copy of the SDK.
      expect(settings).to.be.instanceOf(ChannelSettings);
      expect(container.querySelector('channel-kit-provider > channel-settings')).to.equal(settings);
      await until(() => listOf(settings)?.channels.length === 7, 'the rows');
      await settled(settings);
      expect(authorization.length).to.be.greaterThan(0);
      expect(new Set(authorization)).to.deep.equal(new Set(['Bearer token-1']));

      const channel = listOf(settings).channels.find((c) => c.status === 'connected')!;
      const dialog = settings.shadowRoot!.querySelector('disconnect-dialog')!;
      dialog.show(channel);
      await dialog.updateComplete;
      dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="confirm-button"]')!.click();
      await until(() => said.length > 0, 'the channel-disconnected listener');
      expect(said).to.deep.equal([`${channel.name} is disconnected`]);
      dialog.close();
    } finally {
      console.info = info;
      container.remove();
    }
  });

  it('custom-backend.ts: a ChannelBackend over your own API, and the operations it does not implement', async () => {
    const scenario = createScenario('typical');
    const rows = scenario.channels.map((wire) => ({ ...wire }));
    const api: MessagingApi = {
      async get(path) {
        if (path === '/me') return { product: 'caac', role: 'owner' };
        if (path.startsWith('/channels?')) return { items: [...rows, { name: 'a row without an id' }], next: null };
        const id = decodeURIComponent(path.split('/')[2]!);
        const row = rows.find((r) => r.id === id);
        if (!row) throw new MessagingApiError(404, 'no_such_channel');
        return path.endsWith('/setup-checks') ? { checks: [] } : row;
      },
      async post(path) {
        const row = rows.find((r) => r.id === decodeURIComponent(path.split('/')[2]!))!;
        Object.assign(row, { status: 'disconnected', disconnectedAt: new Date().toISOString() });
        return row;
      },
    };
    const backend = new MessagingBackend(api);

    const page = await backend.listChannels();
    expect(page.channels.length).to.equal(rows.length);
    expect(page.skipped).to.equal(1);
    expect(page.nextCursor).to.equal(null);
    const connected = page.channels.find((c) => c.status === 'connected')!;
    expect((await backend.disconnect(connected.id)).status).to.equal('disconnected');
    expect(await backend.getSetupChecks(connected.id)).to.deep.equal([]);

    const missing = await backend.getChannel('nope').catch((e: unknown) => e);
    expect(isChannelKitError(missing) && [missing.kind, missing.status, missing.code, missing.reason]).to.deep.equal(['not_found', 404, 'no_such_channel', 'not_found']);
    const odd = await new MessagingBackend({ ...api, get: async () => ({ product: 'caac' }) }).getViewer().catch((e: unknown) => e);
    expect(isChannelKitError(odd) && [odd.kind, odd.issuePath]).to.deep.equal(['invalid_response', 'role']);

    // What docs/backend-adapter.md says an operation a backend does not implement answers, and what the user sees.
    const en = await loadTranslation('en');
    for (const call of [
      () => backend.startAuthorization({ channelType: 'facebook', mode: 'connect' }),
      () => backend.connectAccount({ sessionId: 's', accountId: 'a' }),
      () => backend.createWebchat({ name: 'Site', domains: ['example.com'] }),
      () => backend.reauthorize({ channelId: connected.id, sessionId: 's', accountId: 'a' }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ChannelKitError);
      expect([(error as ChannelKitError).kind, (error as ChannelKitError).status, (error as ChannelKitError).code]).to.deep.equal(['http', 501, 'not_implemented']);
      expect(describeError(en, error).message).to.equal(en.errorUnknown);
    }
    expect((await backend.getAuthorization('s1')).status).to.equal('pending');

    // The elements run on it.
    const settings = document.createElement('channel-settings');
    settings.backend = backend;
    document.body.append(settings);
    try {
      await until(() => listOf(settings)?.channels.length === rows.length, 'the rows');
      await settled(settings);
      expect(textOf(listOf(settings).shadowRoot!.querySelector('[role="table"], table'))).to.contain(rows[0]!.name);
    } finally {
      settings.remove();
    }
  });

  it('permission-policy.ts: the same function disables a refused action, with its reason, and the server refuses it too', async () => {
    const viewer = { product: 'caac', role: 'primary_admin' };
    const memory = new MemoryBackend({ ...typicalOptions(), viewer, policy: hostPolicy });
    const provider = document.createElement('channel-kit-provider');
    provider.backend = memory;
    provider.policy = hostPolicy;
    const settings = document.createElement('channel-settings');
    provider.append(settings);
    document.body.append(provider);
    try {
      await until(() => listOf(settings)?.channels.length === 7, 'the rows');
      await settled(settings);
      const list = listOf(settings);
      const rowOf = (accountId: string) => [...list.shadowRoot!.querySelectorAll('[role="row"]')].find((row) => textOf(row).includes(accountId))!;
      rowOf('fb_1001').querySelector<HTMLButtonElement>('.edit')!.click();
      await list.updateComplete;
      const items = [...list.shadowRoot!.querySelectorAll('[role="menuitem"]')].map((item) => [textOf(item), item.getAttribute('aria-disabled')]);
      expect(items).to.deep.equal([['Reauthorize', null], ['DisconnectAsk your IT team to disconnect a channel.', 'true']]);
      expect(textOf(rowOf('wa_3001')), 'a WhatsApp number: the row says why').to.contain('WhatsApp numbers are managed by Head Office.');
      const refused = await memory.disconnect('ch_1').catch((error: unknown) => error);
      expect(isChannelKitError(refused) && [refused.status, refused.message]).to.deep.equal([403, 'Ask your IT team to disconnect a channel.']);
      memory.viewer = { product: 'caac', role: 'it_admin' };
      expect((await memory.disconnect('ch_1')).status, 'the IT team may').to.equal('disconnected');
    } finally {
      provider.remove();
    }
  });
});

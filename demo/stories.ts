import { html, render } from 'lit';
import type { ChannelBackend } from '../src/adapters/backend.js';
import type { Channel, ChannelStatus } from '../src/core/channel.js';
import type { DemoSettings } from './settings.js';

/** One thing the demo can show: what to render inside the provider, and the code that does it. */
export interface Story {
  id: string;
  title: string;
  render(container: HTMLElement, backend: ChannelBackend): void | Promise<void>;
  snippet(settings: DemoSettings): string;
  /** The same with `channel-kit/react`: the components it uses and the JSX inside the provider. */
  react: { components: string[]; jsx: string; before?: string };
}

const providerSnippet = (settings: DemoSettings, inner: string) => `<script type="module">
  import 'channel-kit/define';
  import { RestBackend } from 'channel-kit';
  const provider = document.querySelector('channel-kit-provider');
  provider.backend = new RestBackend({ baseUrl: '/api/channel-kit' });${
    settings.product === 'maac' && settings.role === 'viewer'
      ? "\n  // Your own rule, per action and per channel (the server half takes the same function):\n  // (viewer, { action, channel }) => boolean | { allowed, reason }\n  provider.policy = hostPolicy;"
      : ''
  }
</script>

<channel-kit-provider locale="${settings.locale}" theme="${settings.theme}">
  ${inner}
</channel-kit-provider>`;

/** The React version of a story's code. */
export function reactSnippet(settings: DemoSettings, { components, jsx, before }: Story['react']): string {
  const lines = [
    ...(before ? ["import { useRef } from 'react';"] : []),
    "import { RestBackend } from 'channel-kit';",
    `import { ChannelKitProvider, ${components.join(', ')} } from 'channel-kit/react';`,
    '',
    "const backend = new RestBackend({ baseUrl: '/api/channel-kit' });",
    '',
    'export function Channels() {',
    ...(before ? [`  ${before}`] : []),
    '  return (',
    `    <ChannelKitProvider backend={backend} locale="${settings.locale}" theme="${settings.theme}">`,
    `      ${jsx}`,
    '    </ChannelKitProvider>',
    '  );',
    '}',
  ];
  return lines.join('\n');
}

const BADGE_STATUSES: ChannelStatus[] = ['connected', 'expiring', 'token_expired', 'setup_incomplete', 'disconnected', 'connecting', 'unknown'];
const inThreeDays = () => new Date(Date.now() + 3 * 86_400_000).toISOString();

/** A button that opens a dialog, so the dialog can be seen, closed and opened again. */
/** A button that calls `show()`; when it returns false, says why instead of doing nothing. */
/** The wizard and the dialogs load as modules of their own: a page that uses one alone waits for it. */
async function definedElement<K extends 'disconnect-dialog' | 'reauthorize-dialog' | 'add-channel-wizard'>(tag: K): Promise<HTMLElementTagNameMap[K]> {
  await customElements.whenDefined(tag);
  return document.createElement(tag);
}

function opener(container: HTMLElement, label: string, open: () => unknown) {
  const draw = (refused: boolean) =>
    render(
      html`<p><button class="demo-button" @click=${() => draw(open() === false)}>${label}</button></p>
        <p role="status">${refused ? 'show() returned false: this viewer may not manage channels (see Product and Role under Setup).' : ''}</p>`,
      container,
    );
  draw(false);
}

/** A dialog for the first channel of the scenario that `pick` accepts, with a button to open it. */
async function channelDialogStory(
  container: HTMLElement,
  backend: ChannelBackend,
  dialog: HTMLElement & { show(channel: Channel): unknown },
  pick: (channel: Channel) => boolean,
  label: (channel: Channel) => string,
) {
  const controls = document.createElement('div');
  container.append(controls, dialog);
  const channel = (await backend.listChannels()).channels.find(pick);
  if (channel) opener(controls, label(channel), () => dialog.show(channel));
  else render(html`<p>No channel in this scenario fits this dialog: choose the "typical" scenario.</p>`, controls);
}

export const STORIES: Story[] = [
  {
    id: 'settings',
    title: 'Channel Settings page',
    render(container) {
      container.append(document.createElement('channel-settings'));
    },
    snippet: (s) => providerSnippet(s, '<channel-settings></channel-settings>'),
    react: { components: ['ChannelSettings'], jsx: `<ChannelSettings onChannelConnected={(event) => console.log('connected', event.channel.id)} />` },
  },
  {
    id: 'list',
    title: 'Channel list',
    render(container) {
      container.append(document.createElement('channel-list'));
    },
    snippet: (s) => providerSnippet(s, '<channel-list expiry-window-days="7"></channel-list>'),
    react: { components: ['ChannelList'], jsx: `<ChannelList expiryWindowDays={7} onChannelAction={(event) => console.log(event.action, event.channel.id)} />` },
  },
  {
    id: 'badges',
    title: 'Status badges',
    render(container) {
      render(
        html`<ul class="demo-badges">
          ${BADGE_STATUSES.map(
            (status) => html`<li>
              <code>${status}</code>
              <channel-status-badge status=${status === 'expiring' ? 'connected' : status} expires-at=${status === 'expiring' ? inThreeDays() : ''}></channel-status-badge>
            </li>`,
          )}
        </ul>`,
        container,
      );
    },
    snippet: (s) => providerSnippet(s, '<channel-status-badge status="token_expired"></channel-status-badge>\n  <channel-status-badge status="connected" expires-at="2026-12-01T00:00:00Z"></channel-status-badge>'),
    react: {
      components: ['ChannelStatusBadge'],
      jsx: `<ChannelStatusBadge status="token_expired" />
      <ChannelStatusBadge status="connected" expiresAt="2026-12-01T00:00:00Z" />`,
    },
  },
  {
    id: 'wizard',
    title: 'Add Channel wizard',
    async render(container) {
      const wizard = await definedElement('add-channel-wizard');
      const controls = document.createElement('div');
      container.append(controls, wizard);
      opener(controls, 'Open the wizard', () => wizard.show());
    },
    snippet: (s) => providerSnippet(s, `<add-channel-wizard channel-types="facebook instagram whatsapp webchat"></add-channel-wizard>
  <!-- wizard.show() opens it (false for a viewer who may not manage channels) -->`),
    react: {
      components: ['AddChannelWizard'],
      before: 'const wizard = useRef(null);',
      jsx: `<button onClick={() => wizard.current?.show()}>Add Channel</button>
      <AddChannelWizard ref={wizard} channelTypes="facebook instagram whatsapp webchat" />`,
    },
  },
  {
    id: 'reauthorize',
    title: 'Reauthorize dialog',
    render: async (container, backend) =>
      channelDialogStory(
        container,
        backend,
        await definedElement('reauthorize-dialog'),
        (c) => c.status === 'token_expired' || c.status === 'disconnected',
        (c) => `Reauthorize ${c.name}`,
      ),
    snippet: (s) => providerSnippet(s, `<reauthorize-dialog></reauthorize-dialog>
  <!-- dialog.show(channel) opens it for a channel from the list -->`),
    react: {
      components: ['ReauthorizeDialog'],
      before: 'const dialog = useRef(null); // dialog.current.show(channel), for a channel from the list',
      jsx: `<ReauthorizeDialog ref={dialog} onChannelReauthorized={(event) => console.log('reauthorized', event.channel.id)} />`,
    },
  },
  {
    id: 'disconnect',
    title: 'Disconnect dialog',
    render: async (container, backend) =>
      channelDialogStory(
        container,
        backend,
        await definedElement('disconnect-dialog'),
        (c) => c.status === 'connected' && c.type !== 'line',
        (c) => `Disconnect ${c.name}`,
      ),
    snippet: (s) => providerSnippet(s, `<disconnect-dialog></disconnect-dialog>
  <!-- dialog.show(channel) opens it; listen for channel-disconnect-request (cancelable) and channel-disconnected -->`),
    react: {
      components: ['DisconnectDialog'],
      before: 'const dialog = useRef(null); // dialog.current.show(channel), for a channel from the list',
      jsx: `<DisconnectDialog ref={dialog} onChannelDisconnected={(event) => console.log('disconnected', event.channel.id)} />`,
    },
  },
];

// The "Channel Settings" page in a host's app: the elements registered, a provider with the REST
// adapter (your sign-in's token on every request), and listeners for what happened.
import 'channel-kit/define'; // registers every element under its default tag name
import { RestBackend, isChannelKitError } from 'channel-kit'; // the root entry registers nothing

export function mountChannelSettings(container: HTMLElement, getAccessToken: () => Promise<string>) {
  const provider = document.createElement('channel-kit-provider');
  provider.backend = new RestBackend({
    baseUrl: '/api/channel-kit',
    prepareRequest: async ({ headers }) => {
      headers.set('Authorization', `Bearer ${await getAccessToken()}`);
    },
  });

  const settings = document.createElement('channel-settings');
  // Every event of the page reaches <channel-settings> (and bubbles on to the document).
  settings.addEventListener('channel-connected', (event) => {
    console.info(`${event.channel.name} is connected`);
  });
  settings.addEventListener('channel-disconnected', (event) => {
    console.info(`${event.channel.name} is disconnected`);
  });
  settings.addEventListener('channel-connect-error', (event) => {
    if (isChannelKitError(event.error) && event.error.kind === 'unauthenticated') {
      console.warn('The sign-in has ended: sign in again.');
    }
  });

  provider.append(settings);
  container.append(provider);
  return settings;
}

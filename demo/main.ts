import { RestBackend } from '../src/adapters/rest-backend.js';
import './demo-controls.js';
import '../src/define.js';
import type { DemoSettingsChangeEvent } from './demo-controls.js';
import { API_BASE, startMockBackend } from './mock-backend.js';
import { readSettings, settingsToSearch, type DemoSettings } from './settings.js';

const settings = readSettings(location.search);
const controls = document.querySelector('demo-controls')!;
const stage = document.querySelector<HTMLElement>('#stage')!;
const provider = document.createElement('channel-kit-provider');

function applyLook(current: DemoSettings) {
  document.documentElement.dataset.theme = current.theme;
  document.documentElement.lang = current.locale;
}

controls.settings = settings;
applyLook(settings);

// Locale and theme change in place; anything the mock backend depends on reloads with the new link.
controls.addEventListener('demo-settings-change', (event) => {
  const next = (event as DemoSettingsChangeEvent).settings;
  const url = `${location.pathname}${settingsToSearch(next)}`;
  const live = (Object.keys(next) as (keyof DemoSettings)[]).every(
    (key) => key === 'locale' || key === 'theme' || next[key] === controls.settings[key],
  );
  if (!live) {
    location.assign(url);
    return;
  }
  history.replaceState(null, '', url);
  controls.settings = next;
  applyLook(next);
  provider.locale = next.locale;
  provider.theme = next.theme;
});

const { unknownFailures } = await startMockBackend(settings);
if (unknownFailures.length) controls.warnings = [`Ignored unknown failure setting: ${unknownFailures.join(', ')}`];

provider.backend = new RestBackend({ baseUrl: API_BASE });
provider.locale = settings.locale;
provider.theme = settings.theme;
provider.append(document.createElement('channel-settings'));
stage.replaceChildren(provider);

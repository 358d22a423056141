import '../src/define.js';
import './demo-controls.js';
import './demo-event-log.js';
import type { DemoSettingsChangeEvent } from './demo-controls.js';
import { startDemoBackend } from './demo-backend.js';
import { demoPolicy } from './demo-policy.js';
import { readSettings, settingsToSearch, type DemoSettings } from './settings.js';
import { STORIES, reactSnippet } from './stories.js';

const settings = readSettings(location.search);
const story = STORIES.find((s) => s.id === settings.story) ?? STORIES[0]!;
const controls = document.querySelector('demo-controls')!;
const stage = document.querySelector<HTMLElement>('#stage')!;
const snippet = document.querySelector<HTMLElement>('#snippet')!;
const reactCode = document.querySelector<HTMLElement>('#snippet-react')!;
const provider = document.createElement('channel-kit-provider');
document.querySelector('demo-event-log')!.watch(stage);

function applyLook(current: DemoSettings) {
  document.documentElement.dataset.theme = current.theme;
  document.documentElement.lang = current.locale;
  snippet.textContent = story.snippet(current);
  reactCode.textContent = reactSnippet(current, story.react);
}

/** The sidebar: one link per story, keeping every other setting of the current link. */
function renderStoryLinks(current: DemoSettings) {
  const list = document.querySelector('#stories')!;
  list.replaceChildren(
    ...STORIES.map((s) => {
      const link = document.createElement('a');
      link.href = `${location.pathname}${settingsToSearch({ ...current, story: s.id })}`;
      link.textContent = s.title;
      if (s.id === story.id) link.setAttribute('aria-current', 'page');
      const item = document.createElement('li');
      item.append(link);
      return item;
    }),
  );
}

controls.settings = settings;
applyLook(settings);
renderStoryLinks(settings);

// Locale and theme change in place; anything the backend depends on reloads with the new link.
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
  renderStoryLinks(next);
  provider.locale = next.locale;
  provider.policy = demoPolicy(next.locale);
  provider.theme = next.theme;
});

const { backend, unknownFailures } = await startDemoBackend(settings);
if (unknownFailures.length) controls.warnings = [`Ignored unknown failure setting: ${unknownFailures.join(', ')}`];

provider.backend = backend;
provider.policy = demoPolicy(settings.locale);
provider.locale = settings.locale;
provider.theme = settings.theme;
stage.replaceChildren(provider);
// Busy (index.html) until the story has drawn what it shows: assistive technology waits for it, and so can a test.
try {
  await story.render(provider, backend);
} finally {
  stage.removeAttribute('aria-busy');
}

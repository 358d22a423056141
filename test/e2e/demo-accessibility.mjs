// The demo's own page is as accessible as the elements: axe-core over the whole document (the demo's
// header, stories, setup, code and event log, and the elements' open shadow roots) in every state a
// person can put it in: every story in the sidebar, under every data scenario and theme the Setup panel
// offers, with the wizard and the dialogs open, and the loading, failed, read-only and other-locale
// states. Fails on any violation of impact serious or critical, listing state, rule, impact and target.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freshWorkspace } from './localized-scenarios.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = ['critical', 'serious'];
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

/**
 * Waits until the page shows what it will show: the stage no longer busy (main.ts clears it once the
 * story has drawn), nothing inside busy (a list's skeleton), every element rendered in the page's
 * theme, the viewer known (or known to be unknown) to every Channel Kit element, and every channel
 * list showing rows, its empty state or its error. `loading`: the list's skeleton is what the person
 * sees, and stays. `dialog`: a dialog is open.
 */
async function settled(page, { loading = false, dialog = false } = {}) {
  /** What the page still waits for, or null. */
  const unsettled = ({ loading, dialog }) => {
    const stage = document.querySelector('#stage');
    if (!stage || stage.hasAttribute('aria-busy')) return 'the stage is busy (the story has not drawn)';
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(stage);
    if (dialog && !all.some((el) => el.localName === 'dialog' && el.open)) return 'no dialog open';
    const theme = document.documentElement.dataset.theme;
    for (const el of all) {
      if ('isUpdatePending' in el && (!el.hasUpdated || el.isUpdatePending)) return `<${el.localName}> is rendering`;
      if ('activeTheme' in el && el.dataset.ckTheme !== theme) return `<${el.localName}> is not in the page's theme (${theme}) yet`;
      if (loading) continue;
      if (el.getAttribute('aria-busy') === 'true') return `<${el.localName} aria-busy="true"> (${el.className})`;
      if ('activeViewer' in el && !el.activeViewer && !el.activeViewerError) return `<${el.localName}> does not know the viewer yet`;
      if (el.localName === 'channel-list' && !el.shadowRoot?.querySelector('[role="table"], table, [part="empty"], [part="error"]')) return 'a channel list shows no rows, empty state or error';
    }
    return !loading || all.some((el) => el.classList.contains('skeleton-row')) ? null : 'no loading skeleton';
  };
  const options = { loading, dialog };
  // Vite's error overlay: a source file failed to compile under the dev server (being edited?).
  const overlay = () => page.evaluate(() => document.querySelector('vite-error-overlay')?.shadowRoot?.querySelector('.message')?.textContent ?? null);
  try {
    await page.waitForFunction(`(${unsettled})(${JSON.stringify(options)}) === null`, undefined, { timeout: 15_000 });
  } catch (error) {
    const why = (await overlay().catch(() => null)) ?? (await page.evaluate(`(${unsettled})(${JSON.stringify(options)})`).catch(() => 'the page is gone'));
    throw new Error(`${page.url()} never settled: ${why}`, { cause: error });
  }
  const compileError = await overlay();
  if (compileError !== null) throw new Error(`${page.url()}: Vite's error overlay is up: ${compileError.slice(0, 300)}`);
  // What settled is painted (axe reads computed colours and layout).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** axe-core over the whole document; evaluated over CDP, so no page CSP refuses it. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'], elementRef: true });
    /** The element by its hosts, tag, id and classes: the same wherever the page puts it (axe's selector is made unique per page). */
    const where = (element) => {
      const path = [element.localName + (element.id ? `#${element.id}` : '') + [...element.classList].slice(0, 2).map((c) => `.${c}`).join('')];
      for (let root = element.getRootNode(); root instanceof window.ShadowRoot; root = root.host.getRootNode()) path.unshift(root.host.localName);
      return path.join(' ▸ ');
    };
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => ({
        rule: v.id,
        impact: n.impact ?? v.impact ?? 'unknown',
        help: v.help,
        where: n.element ? where(n.element) : '?',
        // axe's selector, one per shadow root crossed: host ▸ … ▸ the element.
        target: n.target.map((s) => [].concat(s).join(' ▸ ')).join(', '),
      })),
    );
  });
}

/** One line per impact, rule and element, with axe's selector and the states it appears in. */
function listed(violations) {
  const groups = new Map();
  for (const v of violations) {
    const key = `${v.impact} ${v.rule} @ ${v.where}`;
    if (!groups.has(key)) groups.set(key, { ...v, states: [] });
    groups.get(key).states.push(v.state);
  }
  return [...groups.values()].map(
    (g) =>
      `${g.impact} ${g.rule} (${g.help}) at ${g.where} [axe target: ${g.target}]\n        in ${g.states.length} state(s): ${g.states.slice(0, 4).join('; ')}${g.states.length > 4 ? `; and ${g.states.length - 4} more` : ''}`,
  );
}

/**
 * The demo at `link` (a sidebar link) with `params` set. Nothing here changes the data (no dialog is
 * confirmed), so each data scenario has one workspace of its own for the whole check: the server
 * seeds it once (the large one takes a second).
 */
const workspaces = new Map();
async function open(page, link, params) {
  const url = new URL(link);
  const scenario = params.scenario ?? 'typical';
  if (!workspaces.has(scenario)) workspaces.set(scenario, freshWorkspace());
  for (const [key, value] of Object.entries({ latency: '0', ...params, ws: workspaces.get(scenario) })) url.searchParams.set(key, value);
  await page.goto(url.href);
}

/** A value of each option of the Setup panel's select labelled `label`. */
const optionsOf = (page, label) =>
  page
    // The select inside its label: its name is the label's words and the chosen option's.
    .getByLabel(new RegExp(`^${label}\\b`))
    .locator('option')
    .evaluateAll((options) => options.map((o) => o.value));

/** Every story in the sidebar: its title and its link. */
const storiesOf = (page) =>
  page.locator('#stories a').evaluateAll((links) => links.map((a) => ({ title: a.textContent.trim(), href: a.href })));

export const demoAccessibilityScenarios = {
  async "The demo's own page is accessible: axe finds nothing serious or critical in any demo state (chrome, stories, dialogs)"({ page, url, expectFailedLoads }) {
    // Chosen on purpose below: the list's load, and who the viewer is, refused by the server.
    const started = Date.now();
    expectFailedLoads(/\/api\/channels(\?|$)/, 500);
    expectFailedLoads(/\/api\/viewer(\?|$)/, 500);
    await open(page, url, {});
    await settled(page);
    const stories = await storiesOf(page);
    const scenarios = await optionsOf(page, 'Scenario');
    const themes = await optionsOf(page, 'Theme');
    const locales = (await optionsOf(page, 'Locale')).filter((l) => l !== 'en');
    assert.ok(stories.length >= 6 && scenarios.length >= 3 && themes.length >= 2, `stories ${stories.length}, scenarios ${scenarios.length}, themes ${themes.length}`);
    // A link leaves out what is the default: the first story, the settings page.
    const idOf = (href) => new URL(href).searchParams.get('story') ?? 'settings';
    const story = (id) => stories.find((s) => idOf(s.href) === id) ?? assert.fail(`no story "${id}" in the sidebar`);

    const found = [];
    let states = 0;
    let lastCheck = Date.now();
    const check = async (state) => {
      states++;
      const axeStarted = Date.now();
      for (const v of await axeViolations(page)) found.push({ state, ...v });
      if (process.env.E2E_DEBUG) console.log(`      ${axeStarted - lastCheck} ms to reach, ${Date.now() - axeStarted} ms axe: ${state}`);
      lastCheck = Date.now();
    };
    /**
     * Clicks the story's opener (its only `.demo-button`), if it has one (the dialogs' stories have
     * none when the scenario has no channel to show them for), and checks the open dialog: the
     * wizard at its first step, the type.
     */
    const openDialog = async (state) => {
      const opener = page.locator('#stage .demo-button');
      if (!(await opener.count())) return;
      await opener.click();
      await settled(page, { dialog: true });
      const wizard = page.locator('#stage add-channel-wizard');
      const atTypeStep = (await wizard.count()) > 0;
      if (atTypeStep) await wizard.getByRole('radio').first().waitFor();
      await check(`${state}, ${(await opener.textContent()).trim()}${atTypeStep ? ' (its type step)' : ' (open)'}`);
    };

    /**
     * The page as loaded (in the first theme), then in each other theme as a person switches it: in
     * place, from the Setup panel, once Escape has closed what was open. `then(state)`: what to open
     * and check in each theme.
     */
    const inEveryTheme = async (label, { loading = false, then } = {}) => {
      for (const [i, theme] of themes.entries()) {
        const state = `${label}, ${theme}`;
        if (i > 0) {
          await page.keyboard.press('Escape');
          await page.locator('#stage dialog[open], #stage [role="menu"]:visible').first().waitFor({ state: 'hidden' });
          await page.getByLabel(/^Theme\b/).selectOption(theme);
        }
        await settled(page, { loading });
        await check(state);
        await then?.(state);
      }
    };

    // Every story in the sidebar, under every data scenario.
    for (const scenario of scenarios) {
      for (const { title, href } of stories) {
        await open(page, href, { scenario, theme: themes[0] });
        await inEveryTheme(`${title} — ${scenario}`, {
          async then(state) {
            if (scenario === 'typical' && idOf(href) === 'settings') {
              // The settings page's row menu (Edit).
              await page.locator('#stage').getByRole('button', { name: /^Edit / }).first().click();
              await page.locator('#stage').getByRole('menu').waitFor();
              await settled(page);
              await check(`${state}, a row's Edit menu (open)`);
            }
            await openDialog(state);
          },
        });
      }
    }

    // The other states the Setup panel reaches: the list's load refused, who the viewer is unknown
    // (the dialogs then open with the error), everything still loading, a viewer who may not manage.
    for (const id of ['settings', 'list']) {
      await open(page, story(id).href, { theme: themes[0], fail: 'listChannels:500' });
      await inEveryTheme(`${story(id).title} — loading failed (listChannels:500)`);
    }
    for (const id of ['settings', 'disconnect']) {
      await open(page, story(id).href, { theme: themes[0], fail: 'getViewer:500' });
      await inEveryTheme(`${story(id).title} — viewer unknown (getViewer:500)`, { then: openDialog });
    }
    await open(page, story('settings').href, { theme: themes[0], latency: '30000' });
    await inEveryTheme(`${story('settings').title} — loading`, { loading: true });
    await open(page, story('settings').href, { theme: themes[0], role: 'viewer' });
    await inEveryTheme(`${story('settings').title} — role viewer (read only)`);
    // For a viewer who may not manage, the wizard either refuses (the story says show() returned
    // false) or opens with its permission note: either is what the person then sees.
    await open(page, story('wizard').href, { role: 'viewer' });
    await settled(page);
    await page.locator('#stage .demo-button').click();
    const refused = page.locator('#stage [role="status"]').filter({ hasText: 'show() returned false' });
    await refused.or(page.locator('#stage dialog[open]')).waitFor();
    await settled(page, { dialog: !(await refused.count()) });
    await check(`${story('wizard').title} — role viewer, Open the wizard (${(await refused.count()) ? 'refused' : 'open'})`);
    // A host's policy per action and per channel (MAAC's Viewer in the demo): the refused actions of
    // a row's Edit menu, disabled with their reasons, in both themes.
    await open(page, story('settings').href, { theme: themes[0], product: 'maac', role: 'viewer' });
    await inEveryTheme(`${story('settings').title} — MAAC viewer, the host's policy: Edit menu with refused actions`, {
      then: async (state) => {
        await page.locator('#stage').getByRole('row').filter({ hasText: 'ig_2001' }).getByRole('button', { name: /^Edit / }).click();
        await page.locator('#stage').getByRole('menu').waitFor();
        await settled(page);
        await check(`${state}, the Edit menu (open)`);
      },
    });
    await open(page, story('wizard').href, { product: 'maac', role: 'editor' });
    await settled(page);
    await openDialog(`${story('wizard').title} — MAAC editor`);
    for (const locale of locales) {
      await open(page, story('settings').href, { locale });
      await settled(page);
      await check(`${story('settings').title} — ${locale}`);
    }

    const count = (impact) => found.filter((v) => v.impact === impact).length;
    const rulesOf = (impact) => [...new Set(found.filter((v) => v.impact === impact).map((v) => v.rule))];
    console.log(
      `    axe: ${states} demo states checked in ${((Date.now() - started) / 1000).toFixed(1)} s; violations (nodes) by impact: ${IMPACTS.map((i) => `${i} ${count(i)}${count(i) ? ` [${rulesOf(i).join(', ')}]` : ''}`).join(', ')}`,
    );
    if (process.env.E2E_DEBUG && found.length) console.log(`    every axe violation:\n      ${listed(found).join('\n      ')}`);
    const blocking = found.filter((v) => BLOCKING.includes(v.impact));
    if (!blocking.length) return;
    console.log(`    axe violations, serious or critical:\n      ${listed(blocking).join('\n      ')}`);
    assert.fail(`${blocking.length} serious or critical axe violation(s) in ${new Set(blocking.map((v) => v.state)).size} of ${states} demo states (listed above)`);
  },
};

// The person's paths through the demo. Each gets a fresh browser context, and on the demo's server a
// workspace of its own (so a fresh copy of the scenario's data).
import assert from 'node:assert/strict';
import { demoAccessibilityScenarios } from './demo-accessibility.mjs';
import { consentWith, freshWorkspace, threeScenarios } from './localized-scenarios.mjs';
import { metaErrorScenarios } from './meta-errors.mjs';
import { metaScenarios } from './meta-scenarios.mjs';
import { metaWebhookScenarios } from './meta-webhooks.mjs';

/** Opens the demo with the given setup, in a workspace of its own, and waits for the channel list. */
async function openDemo(page, url, query = '') {
  await page.goto(`${url}${query}${query ? '&' : '?'}ws=${freshWorkspace()}`);
  await page.getByRole('table').waitFor();
}

const row = (page, name, type) => page.getByRole('row').filter({ hasText: name }).filter({ hasText: type });

/** Meta's consent for `labels`, from the open dialog's "Continue with Meta". */
const grant = (page, labels) => consentWith(page, page.getByRole('button', { name: 'Continue with Meta' }), ...labels);

/** Scenario 1's path: Add Channel, Instagram, Meta's consent for Bangkok Coffee Roasters, Done. */
async function connectRoasters(page) {
  await page.getByRole('button', { name: 'Add Channel' }).click();
  await page.getByRole('radio', { name: /^Instagram/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('The Instagram account is a business account.').waitFor();
  await grant(page, ['Bangkok Coffee Co.', /Bangkok Coffee Roasters/]);
  await page.getByRole('heading', { name: 'Bangkok Coffee Roasters is connected' }).waitFor();
  await page.getByRole('button', { name: 'Done' }).click();
}

export const scenarios = {
  ...threeScenarios({ locale: 'en', product: 'caac', role: 'primary_admin' }),
  ...threeScenarios({ locale: 'th', product: 'maac', role: 'editor' }),
  async 'Two copies of the bundle and the npm build on one page: no exception, each copy works'({ page, csp }) {
    const site = await csp();
    await page.goto(site.twoCopiesUrl);
    await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.error);
    assert.equal(await page.evaluate(() => document.body.dataset.error ?? null), null);
    for (const [tag, name] of [['channel-settings', 'From copy one'], ['second-channel-settings', 'From copy two'], ['third-channel-settings', 'From copy three']]) {
      const settings = page.locator(tag);
      await settings.getByText(name).waitFor();
      await settings.getByRole('button', { name: `Edit ${name}` }).click();
      await settings.getByRole('menuitem', { name: 'Disconnect' }).click();
      await settings.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await settings.getByRole('button', { name: 'Close' }).click();
      await settings.getByRole('row').filter({ hasText: name }).getByText('Disconnected', { exact: true }).waitFor();
    }
    const distinct = await page.evaluate(() => new Set(['channel-list', 'second-channel-list', 'third-channel-list'].map((t) => customElements.get(t))).size);
    assert.equal(distinct, 3, 'three distinct classes');
  },

  async 'Strict CSP and Trusted Types: connect, disconnect and reauthorize with zero violations'({ page, context, csp }) {
    const site = await csp();
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const popupViolations = [];
    context.on('page', (popup) => popup.on('close', () => {}).on('console', (m) => /Content.Security.Policy|Trusted Type/i.test(m.text()) && popupViolations.push(m.text())));
    await page.goto(site.url);
    await page.getByRole('table').waitFor();
    // Scenario 1
    await connectRoasters(page);
    // Scenario 2
    const facebook = row(page, 'Bangkok Coffee', 'Facebook').filter({ hasNotText: 'Outlet' });
    await facebook.getByRole('button', { name: /^Edit/ }).click();
    await page.getByRole('menuitem', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    await facebook.getByText('Disconnected', { exact: true }).waitFor();
    // Scenario 3
    const expired = row(page, 'ig_2001', 'Instagram');
    await expired.getByRole('button', { name: /^Edit/ }).click();
    await page.getByRole('menuitem', { name: 'Reauthorize' }).click();
    await grant(page, [/Bangkok Coffee \(@bkk.coffee\)/]);
    await page.getByText('The token was refreshed.').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await expired.getByText('Connected', { exact: true }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'no violations in the page');
    assert.deepEqual(popupViolations, [], 'no violations in the popup');
    const header = (await page.request.get(site.url)).headers()['content-security-policy'];
    assert.match(header, /require-trusted-types-for 'script'/);
    // The control: the policy is really in force, so a raw HTML sink is refused (in a page of its own,
    // since the browser reports the refusal on the console).
    const control = await page.context().browser().newContext();
    const controlPage = await control.newPage();
    await controlPage.goto(site.url);
    const sink = await controlPage.evaluate(() => {
      try {
        Reflect.set(document.createElement('div'), 'innerHTML', '<b>x</b>');
        return 'allowed';
      } catch {
        return 'refused';
      }
    });
    await control.close();
    assert.equal(sink, 'refused');
  },

  async 'The packed tarball in a plain HTML page (dist/cdn), a React app (channel-kit/react), a Vue app and an Angular app'({ page, packed }) {
    const hosts = await packed();
    await page.goto(hosts.plainUrl);
    await page.getByText('Packed Page').waitFor();
    await page.getByRole('button', { name: 'Edit Packed Page' }).click();
    await page.getByRole('menuitem', { name: 'Reauthorize' }).click();
    assert.deepEqual(await page.evaluate(() => window.hostEvents), ['channel-action:reauthorize']);
    await page.goto(hosts.reactUrl);
    await page.getByText('React Shop').waitFor();
    await page.getByRole('button', { name: 'チャネルを追加' }).click();
    await page.locator('#host-events').getByText('channel-add-request').waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0, 'the host cancelled the request: no wizard');
    await page.goto(hosts.vueUrl);
    await page.getByText('Vue Number').waitFor();
    await page.getByRole('button', { name: '新增頻道' }).click();
    await page.locator('#host-events').getByText('channel-add-request').waitFor();
    await page.goto(hosts.angularUrl);
    await page.getByRole('row').filter({ hasText: 'Angular Page' }).waitFor();
    await page.getByRole('button', { name: 'เพิ่มช่องทาง' }).click();
    await page.locator('#host-events').getByText('angular:channel-add-request', { exact: true }).waitFor();
    assert.equal(await page.locator('#host-events').textContent(), 'angular:channel-add-request', 'one event, through (channel-add-request)');
    assert.equal(await page.getByRole('dialog').count(), 0, 'the host cancelled the request: no wizard');
  },

  async 'The static demo (npm run build:demo) runs from a plain static server, with no console errors'({ page, staticUrl }) {
    // Served under a sub-path, as a portal might host it.
    await page.goto(`${staticUrl}demo/?scenario=typical`);
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByRole('row').count(), 8);
    assert.match(await page.locator('#snippet-react').textContent(), /<ChannelSettings onChannelConnected=/, 'the React code for the page');
    await page.getByRole('link', { name: 'Status badges' }).click();
    await page.getByText('Token expired').waitFor();
    assert.match(await page.locator('#snippet').textContent(), /<channel-status-badge status="token_expired">/, 'the code follows the story');
    assert.match(await page.locator('#snippet-react').textContent(), /<ChannelStatusBadge status="token_expired" \/>/);
  },

  async 'The CDN build on a throttled network: once the page has been idle, the first "Add Channel" never waits on the network'({ page, context, staticUrl }) {
    // A partner's page over the CDN build (dist/cdn), with a host backend answering from a fixed list.
    await page.route(`${staticUrl}first-click.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><title>First click</title></head><body><channel-settings></channel-settings>
<script type="module">
import { RestBackend } from './cdn/channel-kit.js';
const json = (body) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const channels = [{ id: 'c1', type: 'facebook', name: 'Throttled Page', accountId: 'fb_1', status: 'connected' }];
document.querySelector('channel-settings').backend = new RestBackend({
  baseUrl: 'https://host.invalid/api',
  fetch: async (input) => (String(input).endsWith('/viewer') ? json({ product: 'maac', role: 'owner' }) : json({ channels, nextCursor: null, total: 1 })),
});
</script></body></html>`,
      }),
    );
    await page.goto(`${staticUrl}first-click.html`);
    await page.getByText('Throttled Page').waitFor();
    // The page idles: the wizard and the dialogs load without a click.
    await page.waitForFunction(() => ['add-channel-wizard', 'disconnect-dialog', 'reauthorize-dialog'].every((tag) => customElements.get(tag)));
    // Now every request takes two seconds more.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 2_000, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    const requested = [];
    page.on('request', (request) => requested.push(request.url()));
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Add Channel' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Add Channel' }).waitFor({ timeout: 1_900 });
    const opened = Date.now() - clicked;
    console.log(`    throttled network (+2 s a request): Add Channel → the wizard open in ${opened} ms, ${requested.length} requests`);
    assert.deepEqual(requested, [], 'nothing fetched for the first click');
  },

  async 'Scenario 1: connect an Instagram account and see it Connected in the list'({ page, freshDemo }) {
    await openDemo(page, await freshDemo());
    await connectRoasters(page);
    const added = row(page, 'Bangkok Coffee Roasters', 'Instagram');
    await added.getByText('Connected', { exact: true }).waitFor();
    assert.equal(await page.getByRole('row').count(), 9, 'eight channels and the header');
  },

  async 'The large scenario: 10,000 channels, searched, and the Edit menu of a virtualized row works'({ page, url }) {
    await openDemo(page, url, '?scenario=large&latency=0');
    // What the person reads: the count, whole ("1 of 10000 channels" holds "10000 channels"), and rows
    // found by what they say, never by which node shows them first (the virtualizer moves and replaces
    // its nodes as it lays the rows out).
    const count = (text) => page.getByText(text, { exact: true });
    const search = page.getByLabel('Search by name');
    await count('10000 channels').waitFor({ timeout: 20_000 });
    await search.fill('Store 00042');
    await count('1 of 10000 channels').waitFor();
    await row(page, 'Store 00042', 'Instagram').waitFor();
    assert.equal(await page.getByRole('row').count(), 2, 'the header and the one match');
    await search.fill('');
    await count('10000 channels').waitFor();
    // The scenario's rows are the same every run; sorted by status, the first is Store 00010 (token expired).
    const target = row(page, 'Store 00010', 'Instagram');
    await target.getByText('Token expired', { exact: true }).waitFor();
    await target.getByRole('button', { name: 'Edit Store 00010' }).click();
    await page.getByRole('menuitem', { name: 'Disconnect' }).click(); // not covered by the rows below
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Disconnect Store 00010?' }).waitFor();
    await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await dialog.getByText('Store 00010 is disconnected.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Disconnected, it sorts thousands of rows further down; the list brings it into view.
    await target.getByText('Disconnected', { exact: true }).waitFor();
  },

  async 'Scenario 2: disconnect a channel; it stays, Disconnected, and nothing offers Delete'({ page, url }) {
    await openDemo(page, url);
    const target = row(page, 'Bangkok Coffee', 'Facebook').filter({ hasNotText: 'Outlet' });
    await target.getByRole('button', { name: 'Edit Bangkok Coffee' }).click();
    await page.getByRole('menuitem', { name: 'Disconnect' }).click();
    await page.getByText('Its conversations and contacts are kept.').waitFor();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByText('Bangkok Coffee is disconnected.').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await target.getByText('Disconnected', { exact: true }).waitFor();
    assert.equal(await page.getByRole('row').count(), 8);
    assert.equal(await page.getByText(/delete/i).count(), 0);
  },

  async 'Live status: a channel disconnected in one tab turns Disconnected in another open tab, with no reload'({ page, context, url }) {
    const ws = freshWorkspace();
    const other = await context.newPage();
    await other.goto(`${url}?ws=${ws}`);
    await other.getByRole('table').waitFor();
    await page.goto(`${url}?ws=${ws}`);
    await page.getByRole('table').waitFor();
    const watched = row(other, 'Bangkok Coffee', 'Facebook').filter({ hasNotText: 'Outlet' });
    await watched.getByText('Connected', { exact: true }).waitFor();
    let reloaded = false;
    other.on('framenavigated', () => (reloaded = true));
    const target = row(page, 'Bangkok Coffee', 'Facebook').filter({ hasNotText: 'Outlet' });
    await target.getByRole('button', { name: 'Edit Bangkok Coffee' }).click();
    await page.getByRole('menuitem', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByText('Bangkok Coffee is disconnected.').waitFor();
    await watched.getByText('Disconnected', { exact: true }).waitFor({ timeout: 2_000 });
    assert.equal(reloaded, false, 'the other tab was not reloaded');
  },

  async 'Scenario 3: reauthorize the expired Instagram channel'({ page, freshDemo }) {
    await openDemo(page, await freshDemo());
    const expired = row(page, 'Bangkok Coffee', 'Instagram');
    await expired.getByText('Token expired').waitFor();
    await expired.getByRole('button', { name: /^Edit/ }).click();
    await page.getByRole('menuitem', { name: 'Reauthorize' }).click();
    await page.getByText('Its access token has expired').waitFor();
    await grant(page, ['Bangkok Coffee Co.', /Bangkok Coffee \(@bkk.coffee\)/]);
    await page.getByText('The token was refreshed.').waitFor();
    await page.getByText(/The new token expires/).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await expired.getByText('Connected', { exact: true }).waitFor();
    await page.getByText('1 channel needs reauthorization.').waitFor();
  },

  async 'Scenario 3: another account is refused and nothing changes'({ page, url }) {
    await openDemo(page, url);
    const expired = row(page, 'Bangkok Coffee', 'Instagram');
    await expired.getByRole('button', { name: /^Edit/ }).click();
    await page.getByRole('menuitem', { name: 'Reauthorize' }).click();
    await grant(page, [/Coffee Lab BKK/]);
    await page.getByText('You authorized a different account.').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expired.getByText('Token expired').waitFor();
  },

  async 'CAAC agent: sees the list, every management control disabled, with the reason'({ page, url }) {
    await openDemo(page, url, '?role=agent');
    await page.getByText('Only the Owner or a Primary admin can manage channels.').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add Channel' }).getAttribute('aria-disabled'), 'true');
    // Playwright waits for an aria-disabled button to become enabled; a person clicks it anyway.
    await page.getByRole('button', { name: 'Add Channel' }).click({ force: true });
    assert.equal(await page.getByRole('dialog').count(), 0, 'no wizard');
    const edits = page.getByRole('button', { name: /^Edit / });
    assert.equal(await edits.count(), 7);
    for (const edit of await edits.all()) assert.equal(await edit.getAttribute('aria-disabled'), 'true');
  },

  async "MAAC viewer: the host's policy per action and per channel, with its reasons, in the UI and on the server"({ page, url }) {
    await openDemo(page, url, '?product=maac&role=viewer');
    await page.getByText('Viewers cannot add channels: ask an Admin.').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add Channel' }).getAttribute('aria-disabled'), 'true');
    // A Page: Reauthorize offered, Disconnect disabled with its reason.
    await row(page, 'fb_1001', 'Facebook').getByRole('button', { name: /^Edit/ }).click();
    const disconnect = page.getByRole('menuitem', { name: /^Disconnect/ });
    assert.equal(await disconnect.getAttribute('aria-disabled'), 'true');
    assert.match(await disconnect.innerText(), /Viewers cannot disconnect channels: ask an Admin\./);
    await disconnect.click({ force: true });
    assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog for a refused action');
    assert.equal(await page.getByRole('menuitem', { name: 'Reauthorize' }).getAttribute('aria-disabled'), null);
    await page.keyboard.press('Escape');
    // A WhatsApp number: nothing this viewer may do, and the row says why.
    const number = page.locator('channel-list [role="row"]', { hasText: 'WhatsApp' }).first();
    assert.equal(await number.getByRole('button', { name: /^Edit/ }).getAttribute('aria-disabled'), 'true');
    await number.getByText('WhatsApp numbers are managed by the Owner.').waitFor();
    // The server half takes the same function: a request the UI would not send is refused there too.
    const response = await fetch(new URL('/api/channels/ch_1/disconnect', url), { method: 'POST', headers: { 'x-channel-kit-csrf': '1', 'x-channel-kit-demo-viewer': 'maac:viewer' } });
    assert.equal(response.status, 403);
    assert.equal((await response.json()).error.message, 'Viewers cannot disconnect channels: ask an Admin.');
    // The host's words in the viewer's language.
    await openDemo(page, url, '?product=maac&role=viewer&locale=th');
    await page.getByText('ผู้ชมเพิ่มช่องทางไม่ได้ โปรดติดต่อผู้ดูแลระบบ').first().waitFor();
  },

  async 'MAAC agent, in Thai: connects a Webchat channel and copies its snippet'({ page, url, context }) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openDemo(page, url, '?product=maac&role=agent&locale=th');
    await page.getByRole('button', { name: 'เพิ่มช่องทาง' }).click();
    await page.getByRole('radio', { name: /^Webchat/ }).check();
    await page.getByRole('button', { name: 'ถัดไป' }).click();
    await page.locator('add-channel-wizard').getByRole('textbox').first().fill('ร้านกาแฟออนไลน์');
    await page.locator('add-channel-wizard').locator('textarea[name="domains"]').fill('shop.bangkokcoffee.co.th');
    await page.getByRole('button', { name: 'สร้าง' }).click();
    await page.locator('add-channel-wizard textarea.snippet').waitFor();
    await page.getByRole('button', { name: 'คัดลอก' }).click();
    await page.getByText('คัดลอกแล้ว').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /data-channel-id="ch_\w+"/);
  },

  async 'Keyboard only: disconnect from the Tab key to the confirmation'({ page, url }) {
    await openDemo(page, url);
    const focusedText = () => page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return (a?.getAttribute('aria-label') || a?.textContent || '').trim();
    });
    // Past the demo's own sidebar and controls, then the page's title, Add Channel, search and filters.
    for (let i = 0; i < 60 && !(await focusedText()).startsWith('Edit '); i++) await page.keyboard.press('Tab');
    const edit = await focusedText();
    assert.match(edit, /^Edit /);
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedText(), 'Disconnect');
    await page.keyboard.press('Enter');
    await page.getByText('Its conversations and contacts are kept.').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Close' }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForFunction((label) => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.getAttribute('aria-label') === label;
    }, edit);
  },

  ...metaScenarios,
  ...metaErrorScenarios,
  ...metaWebhookScenarios,
  ...demoAccessibilityScenarios,
};

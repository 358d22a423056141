// What the scenarios over the Graph API emulator share: the demo opened on a server that speaks to the
// scenario's own emulator, Meta's dialog in the popup, and what the emulator saw.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { atPersonPace, dialogShown, freshWorkspace } from './localized-scenarios.mjs';

export { atPersonPace };

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core (WCAG 2.1 A and AA, and best practices) finds nothing on the page. Evaluated over CDP, so the page's CSP does not refuse it. */
export async function assertAccessible(page, what) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  });
  assert.deepEqual(violations, [], `${what}: accessibility violations`);
}

/**
 * A Graph API emulator holding the demo's world, and a demo server of its own speaking to it, opened
 * in `page` on a workspace of its own. Returns the emulator and the demo's URL.
 */
export async function demoOverEmulator({ page, freshDemo, graphEmulator }, query = '') {
  const meta = await graphEmulator();
  const url = await freshDemo({ meta });
  await page.goto(`${url}?${query}${query ? '&' : ''}ws=${freshWorkspace()}`);
  await page.getByRole('table').waitFor();
  return { meta, url };
}

export const row = (page, name, type) => page.getByRole('row').filter({ hasText: name }).filter({ hasText: type });

/** Clicks `trigger` (inside the click, the kit opens the popup) and returns the popup once Meta's dialog shows. */
export async function openMetaDialog(page, trigger) {
  const opened = page.waitForEvent('popup');
  await trigger.click();
  const popup = await opened;
  await popup.getByRole('button', { name: 'Continue' }).waitFor();
  dialogShown(popup);
  return popup;
}

/**
 * In Meta's dialog: ticks `labels` (a label's text, or `{ id }` for the account with that id where a
 * name is also part of another's), unticks "Allow every permission" when asked, and presses Continue.
 */
export async function chooseInDialog(popup, labels, { allPermissions = true } = {}) {
  for (const label of labels) {
    await (typeof label === 'object' && 'id' in label ? popup.locator(`input[name="asset"][value="${label.id}"]`) : popup.getByLabel(label)).check();
  }
  if (!allPermissions) await popup.getByLabel(/^Allow every permission/).uncheck();
  await atPersonPace(popup);
  await popup.getByRole('button', { name: 'Continue' }).click();
}

/** Add Channel, the type, Next: the wizard's "Continue with Meta" step. */
export async function startAdding(page, type) {
  await page.getByRole('button', { name: 'Add Channel' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${type}`) }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  return page.getByRole('button', { name: 'Continue with Meta' });
}

/** The whole connect: Add Channel, Meta's dialog with `labels`, the wizard's result, Done. */
export async function connectThroughMeta(page, type, labels, name) {
  const popup = await openMetaDialog(page, await startAdding(page, type));
  await chooseInDialog(popup, labels);
  await page.getByRole('heading', { name: `${name} is connected` }).waitFor();
  await page.getByRole('button', { name: 'Done' }).click();
}

/** The Graph calls the emulator served with this method and path (after the version). */
export const callsTo = (meta, method, path) => meta.calls.filter((c) => c.method === method && c.path === path);

/** Records whether the page navigates (a reload would hide a missing live update). */
export function watchReloads(page) {
  let reloaded = false;
  page.on('framenavigated', (frame) => frame === page.mainFrame() && (reloaded = true));
  return () => reloaded;
}

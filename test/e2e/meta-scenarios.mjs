// The article's three scenarios through Meta's side for real: the popup goes to the Graph API
// emulator's dialog, Meta redirects to the server's callback page, the server exchanges the code and
// asks the emulator what was granted, and the person sees the rows change. Each scenario has its own
// emulator and demo server (see meta-support.mjs).
import assert from 'node:assert/strict';
import { assertAccessible, atPersonPace, callsTo, chooseInDialog, connectThroughMeta, demoOverEmulator, openMetaDialog, row, startAdding } from './meta-support.mjs';

/** Presses Tab in the popup until `matches(activeElement)` holds; fails after `limit` presses. */
async function tabTo(popup, describe, matches, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await popup.keyboard.press('Tab');
    if (await popup.evaluate(matches)) return;
  }
  assert.fail(`Tab never reached ${describe}`);
}

export const metaScenarios = {
  async "Meta's dialog (Graph API emulator): connect a Facebook Page, an Instagram account and a WhatsApp number, disconnect one, reauthorize the expired one"(context) {
    const { page } = context;
    const { meta } = await demoOverEmulator(context);
    const rows = await page.getByRole('row').count();

    // Facebook: the Disconnected Page comes back in its own row.
    const outlet = row(page, 'Bangkok Coffee Outlet', 'Facebook');
    await outlet.getByText('Disconnected', { exact: true }).waitFor();
    await connectThroughMeta(page, 'Facebook', ['Bangkok Coffee Co.', /Bangkok Coffee Outlet/], 'Bangkok Coffee Outlet');
    await outlet.getByText('Connected', { exact: true }).waitFor();

    // Instagram: a new row.
    await connectThroughMeta(page, 'Instagram', ['Bangkok Coffee Co.', /Bangkok Coffee Roasters/], 'Bangkok Coffee Roasters');
    await row(page, 'Bangkok Coffee Roasters', 'Instagram').getByText('Connected', { exact: true }).waitFor();

    // WhatsApp: Embedded Signup's message from the emulator's origin, then the callback page.
    await connectThroughMeta(page, 'WhatsApp', [/\+66 2 765 4321/], '+66 2 765 4321');
    const whatsapp = row(page, '+66 2 765 4321', 'WhatsApp');
    await whatsapp.getByText('Connected', { exact: true }).waitFor();
    assert.equal(await page.getByRole('row').count(), rows + 2, 'two new rows; the Page came back in its own');

    // After each connect the server subscribed the app at Meta (and registered the WhatsApp number).
    for (const asset of ['fb_1002', 'page_of_ig_2006', 'waba_of_wa_3002']) {
      assert.equal(callsTo(meta, 'POST', `/${asset}/subscribed_apps`).length, 1, `POST /${asset}/subscribed_apps`);
      assert.ok(meta.world.subscriptions.get(asset)?.has(meta.world.appId), `the app is subscribed to ${asset}`);
    }
    assert.equal(callsTo(meta, 'POST', '/wa_3002/register').length, 1, 'the number was registered for Cloud API');
    // The dialog's codes were exchanged with the redirect URI the dialog had; Embedded Signup's without.
    const exchanges = callsTo(meta, 'GET', '/oauth/access_token').filter((c) => c.query.code);
    assert.deepEqual(exchanges.map((c) => Boolean(c.query.redirect_uri)), [true, true, false]);

    // Scenario 2: disconnect the WhatsApp number: Meta is told first, the row stays, Disconnected.
    await whatsapp.getByRole('button', { name: 'Edit +66 2 765 4321' }).click();
    await page.getByRole('menuitem', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByText('+66 2 765 4321 is disconnected.').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await whatsapp.getByText('Disconnected', { exact: true }).waitFor();
    assert.equal(callsTo(meta, 'DELETE', '/waba_of_wa_3002/subscribed_apps').length, 1, 'the app was unsubscribed at Meta');
    assert.equal(meta.world.subscriptions.get('waba_of_wa_3002')?.has(meta.world.appId), false);

    // Scenario 3: reauthorize the expired Instagram channel with its own account.
    const expired = row(page, 'Bangkok Coffee', 'Instagram').filter({ hasNotText: 'Roasters' });
    await expired.getByText('Token expired').waitFor();
    await expired.getByRole('button', { name: /^Edit/ }).click();
    await page.getByRole('menuitem', { name: 'Reauthorize' }).click();
    const popup = await openMetaDialog(page, page.getByRole('button', { name: 'Continue with Meta' }));
    await popup.getByText('Reauthorizing: choose the same account again.').waitFor();
    await chooseInDialog(popup, [/Bangkok Coffee \(@bkk.coffee\)/]);
    await page.getByText('The token was refreshed.').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await expired.getByText('Connected', { exact: true }).waitFor();
    assert.equal(callsTo(meta, 'POST', '/page_of_ig_2001/subscribed_apps').length, 1, 'subscribed again after the reauthorization');
    assert.equal(await page.getByRole('row').count(), rows + 2, 'nothing deleted');
  },

  async "Meta's dialog (Graph API emulator): Meta's answers say why an account cannot be connected; Cancel and the keyboard work"(context) {
    const { page } = context;
    const { meta } = await demoOverEmulator(context);

    // Instagram under Siam Retail Group: a personal account, and one whose Page is in another portfolio.
    let popup = await openMetaDialog(page, await startAdding(page, 'Instagram'));
    await assertAccessible(popup, "Meta's dialog (Instagram)");
    await chooseInDialog(popup, ['Siam Retail Group', /Somchai \(personal\)/, /Siam Retail Outlet/, /Siam Retail \(@siam.retail\)/]);
    await page.getByText('Choose the account to connect').waitFor();
    const option = (name) => page.locator('add-channel-wizard label.account-option').filter({ hasText: name });
    await option('Somchai (personal)').getByText('Not a business account').waitFor();
    await option('Siam Retail Outlet').getByText('Not linked to a Page in this business portfolio').waitFor();
    assert.equal(await option('Siam Retail Outlet').getByRole('radio').isDisabled(), true);
    assert.equal(await option('@siam.retail').getByRole('radio').isDisabled(), false);
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Stop' }).click();

    // A Page already connected (in this workspace); the other one is offered.
    popup = await openMetaDialog(page, await startAdding(page, 'Facebook'));
    await chooseInDialog(popup, [{ id: 'fb_1001' }, /Bangkok Coffee Outlet/]);
    await option('Bangkok Coffee').filter({ hasNotText: 'Outlet' }).getByText('Already connected').waitFor();
    assert.equal(await option('Bangkok Coffee Outlet').getByRole('radio').isDisabled(), false);
    await page.getByRole('button', { name: 'Back' }).click();

    // Permissions unticked in the dialog: Meta grants only the base ones, and the wizard says so.
    popup = await openMetaDialog(page, page.getByRole('button', { name: 'Continue with Meta' }));
    await chooseInDialog(popup, [/Bangkok Coffee Outlet/], { allPermissions: false });
    await page.getByText('A permission the connection needs was not granted.').waitFor();

    // Try again, then Cancel in Meta's dialog by keyboard: the popup closes, the wizard waits at its step, no error.
    popup = await openMetaDialog(page, page.getByRole('button', { name: 'Try again' }));
    await tabTo(popup, 'Cancel', () => document.activeElement?.textContent === 'Cancel');
    const closed = popup.waitForEvent('close');
    await atPersonPace(popup);
    await popup.keyboard.press('Enter');
    await closed;
    await page.getByRole('button', { name: 'Continue with Meta' }).waitFor();
    assert.equal(await page.locator('add-channel-wizard [part="error"]').count(), 0, 'a cancel is not an error');

    // The whole dialog by keyboard: Tab to the Page, Space, Tab to Continue, Enter.
    popup = await openMetaDialog(page, page.getByRole('button', { name: 'Continue with Meta' }));
    await tabTo(popup, 'Bangkok Coffee Outlet', () => document.activeElement?.getAttribute('value') === 'fb_1002');
    await popup.keyboard.press('Space');
    assert.equal(await popup.getByLabel(/Bangkok Coffee Outlet/).isChecked(), true);
    await tabTo(popup, 'Continue', () => document.activeElement?.textContent === 'Continue');
    await atPersonPace(popup);
    await popup.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Bangkok Coffee Outlet is connected' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await row(page, 'Bangkok Coffee Outlet', 'Facebook').getByText('Connected', { exact: true }).waitFor();

    // WhatsApp's Cancel comes as Embedded Signup's CANCEL event from the emulator's origin.
    popup = await openMetaDialog(page, await startAdding(page, 'WhatsApp'));
    await assertAccessible(popup, "Meta's dialog (WhatsApp)");
    const gone = popup.waitForEvent('close');
    await atPersonPace(popup);
    await popup.getByRole('button', { name: 'Cancel' }).click();
    await gone;
    await page.getByRole('button', { name: 'Continue with Meta' }).waitFor();
    assert.equal(await page.locator('add-channel-wizard [part="error"]').count(), 0, 'a cancel is not an error');
    assert.equal(callsTo(meta, 'GET', '/oauth/access_token').filter((c) => c.query.code).length, 4, 'no code exchanged for a cancel');
  },
};

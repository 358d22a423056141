// Meta calling the server: signed webhook deliveries and the deauthorize callback, sent the way Meta
// sends them (by the Graph API emulator, signed with the demo app's secret) to the demo's
// `/api/webhooks/meta`, change the rows in a page that is open, live (Server-Sent Events), without a
// reload. A delivery whose signature does not match is refused with 403 and changes nothing.
import assert from 'node:assert/strict';
import { tsImport } from 'tsx/esm/api';
import { connectThroughMeta, demoOverEmulator, openMetaDialog, chooseInDialog, row, watchReloads } from './meta-support.mjs';

const { businessIntegrationChange, sendSignedRequest, verifyWebhookEndpoint } = await tsImport('../../src/testing/graph-emulator/index.ts', import.meta.url);

/** How long a change Meta told the server about may take to show in an open page (issue 12: within a second; about 50 ms here). */
const LIVE_MS = 1_000;

export const metaWebhookScenarios = {
  async "Meta's webhooks (Graph API emulator): PARTNER_REMOVED disconnects the WhatsApp row and a deauthorize expires the user's rows, live in the open page; a bad signature gets 403 and changes nothing"(context) {
    const { page, demoMeta } = context;
    const { DEMO_META_APP, DEMO_WEBHOOK_PATH, DEMO_DEAUTHORIZE_PATH } = demoMeta;
    const { meta, url } = await demoOverEmulator(context);
    const origin = new URL(url).origin;
    const webhookUrl = `${origin}${DEMO_WEBHOOK_PATH}`;
    const deauthorizeUrl = `${origin}${DEMO_DEAUTHORIZE_PATH}`;

    // Meta's verification handshake, with the verify token typed into the app dashboard (and another).
    assert.equal((await verifyWebhookEndpoint(webhookUrl, DEMO_META_APP.webhookVerifyToken)).verified, true, 'the handshake answers the challenge');
    assert.equal((await verifyWebhookEndpoint(webhookUrl, 'not-the-verify-token')).status, 403);

    // Two channels granted by the emulator's person: a Facebook Page and a WhatsApp number.
    await connectThroughMeta(page, 'Facebook', [/Bangkok Coffee Outlet/], 'Bangkok Coffee Outlet');
    await connectThroughMeta(page, 'WhatsApp', [/\+66 2 765 4321/], '+66 2 765 4321');
    const outlet = row(page, 'Bangkok Coffee Outlet', 'Facebook');
    const whatsapp = row(page, '+66 2 765 4321', 'WhatsApp');
    const seeded = row(page, 'Bangkok Coffee', 'Facebook').filter({ hasNotText: 'Outlet' });
    await outlet.getByText('Connected', { exact: true }).waitFor();
    await whatsapp.getByText('Connected', { exact: true }).waitFor();
    await seeded.getByText('Connected', { exact: true }).waitFor();
    const reloaded = watchReloads(page);

    // Not Meta: signed with another secret. Each would change the Page's row; both are refused.
    const forged = await meta.sendWebhook(webhookUrl, businessIntegrationChange({ appId: DEMO_META_APP.appId, businessId: 'bp_coffee', installed: false }), { badSignature: true });
    assert.equal(forged.status, 403, 'a delivery with a bad signature');
    const unsigned = await meta.sendWebhook(webhookUrl, businessIntegrationChange({ appId: DEMO_META_APP.appId, businessId: 'bp_coffee', installed: false }), { unsigned: true });
    assert.equal(unsigned.status, 403, 'a delivery without a signature');
    const forgedDeauthorize = await sendSignedRequest(deauthorizeUrl, { user_id: DEMO_META_APP.user.id }, 'not-the-app-secret');
    assert.equal(forgedDeauthorize.status, 403, 'a deauthorize callback signed with another secret');

    // The business removes the app from the WABA: Meta delivers account_update PARTNER_REMOVED.
    let sent = Date.now();
    const removed = await meta.removePartner('waba_of_wa_3002', webhookUrl);
    assert.equal(removed.status, 200, `PARTNER_REMOVED: ${removed.body}`);
    await whatsapp.getByText('Disconnected', { exact: true }).waitFor({ timeout: LIVE_MS });
    console.log(`    PARTNER_REMOVED sent → the open row says Disconnected: ${Date.now() - sent} ms`);
    // Had a refused delivery been queued (before this one), the Page would have changed by now.
    assert.equal(await outlet.getByText('Connected', { exact: true }).count(), 1, 'the refused deliveries changed nothing');

    // The person removes the app in their Facebook settings: every token dies, Meta calls deauthorize.
    sent = Date.now();
    const deauthorized = await meta.removeApp(deauthorizeUrl);
    assert.equal(deauthorized?.status, 200, `deauthorize: ${deauthorized?.body}`);
    await outlet.getByText('Token expired', { exact: true }).waitFor({ timeout: LIVE_MS });
    console.log(`    deauthorize sent → the open row says Token expired: ${Date.now() - sent} ms`);
    // Only what that person granted: the seeded Page was not, and a disconnected row stays disconnected.
    assert.equal(await seeded.getByText('Connected', { exact: true }).count(), 1);
    assert.equal(await whatsapp.getByText('Disconnected', { exact: true }).count(), 1);
    assert.equal(reloaded(), false, 'the page was not reloaded');

    // The way back: reauthorize the expired Page through Meta's dialog.
    await outlet.getByRole('button', { name: 'Edit Bangkok Coffee Outlet' }).click();
    await page.getByRole('menuitem', { name: 'Reauthorize' }).click();
    const popup = await openMetaDialog(page, page.getByRole('button', { name: 'Continue with Meta' }));
    await chooseInDialog(popup, [/Bangkok Coffee Outlet/]);
    await page.getByText('The token was refreshed.').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await outlet.getByText('Connected', { exact: true }).waitFor();
  },
};

// Meta refusing in the middle of the flow: the Graph API emulator answers one call with Meta's error
// envelope (190, 613, 368), after the person consented in Meta's dialog. The wizard shows that error's
// own message with the support id Meta sent (its fbtrace_id), and Try again or closing the wizard
// leaves everything usable: the next attempt connects.
import assert from 'node:assert/strict';
import { chooseInDialog, demoOverEmulator, openMetaDialog, row, startAdding } from './meta-support.mjs';

const CASES = [
  {
    code: 190,
    endpoint: '/oauth/access_token',
    when: 'the code exchange',
    type: 'Facebook',
    account: /Bangkok Coffee Outlet/,
    name: 'Bangkok Coffee Outlet',
    message: 'The access token has expired or was revoked.',
    then: 'try again',
  },
  {
    code: 613,
    endpoint: '/me/accounts',
    when: 'the account listing',
    type: 'Instagram',
    account: /Bangkok Coffee Roasters/,
    name: 'Bangkok Coffee Roasters',
    message: 'There are too many requests right now. Wait a few minutes and try again.',
    then: 'close',
  },
  {
    code: 368,
    endpoint: '/oauth/access_token',
    when: "Embedded Signup's code exchange",
    type: 'WhatsApp',
    account: /\+66 2 765 4321/,
    name: '+66 2 765 4321',
    message: 'Meta blocked this action under its policies.',
    then: 'try again',
  },
];

export const metaErrorScenarios = {
  async "Meta answers 190, 613 and 368 in the middle of the flow: each its own message and Meta's support id; Try again or closing leaves the wizard usable"(context) {
    const { page, expectFailedLoads } = context;
    // The server answers the finishing call with 502 (Meta refused): the browser reports that load.
    expectFailedLoads(/\/api\/authorizations\/[\w-]+\/complete$/, 502);
    const { meta } = await demoOverEmulator(context);
    const wizard = page.locator('add-channel-wizard');
    for (const c of CASES) {
      const fbtraceId = meta.injectError({ endpoint: c.endpoint, code: c.code, times: 1 });
      let popup = await openMetaDialog(page, await startAdding(page, c.type));
      await chooseInDialog(popup, [c.account]);
      const panel = wizard.locator('[part="error"]');
      await panel.getByText(c.message).waitFor();
      await panel.getByText(`Support ID: ${fbtraceId}`).waitFor();
      assert.equal(await panel.count(), 1, `${c.code} at ${c.when}: one error shown`);
      assert.ok(
        meta.calls.some((call) => call.path === c.endpoint),
        `${c.code}: Meta was asked (${c.endpoint}) and refused`,
      );

      if (c.then === 'try again') {
        popup = await openMetaDialog(page, panel.getByRole('button', { name: 'Try again' }));
      } else {
        // Closed mid-flow: the wizard asks first; then a new Add Channel starts from the beginning.
        await page.getByRole('button', { name: 'Close', exact: true }).click();
        await page.getByRole('button', { name: 'Stop' }).click();
        await wizard.locator('dialog').waitFor({ state: 'hidden' });
        popup = await openMetaDialog(page, await startAdding(page, c.type));
      }
      await chooseInDialog(popup, [c.account]);
      await page.getByRole('heading', { name: `${c.name} is connected` }).waitFor();
      assert.equal(await wizard.locator('[part="error"]').count(), 0, 'the error is gone');
      await page.getByRole('button', { name: 'Done' }).click();
      await row(page, c.name, c.type).getByText('Connected', { exact: true }).waitFor();
    }
  },
};

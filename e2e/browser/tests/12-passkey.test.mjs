// Issue 19: passkeys. In an MFA-required org the invited person enrolls a passkey during the first
// login (Chromium's virtual authenticator through the DevTools protocol: ctap2, internal, with user
// verification) and later passes the MFA step with it, offered first; a cancelled prompt is
// explained; My Account lists the passkey as such.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { http, invitationLink, launch, loginThroughPage, newPage, orgWithAdmin, PASSWORD, shot, unique, unlabelledControls } from '../lib.mjs';

const REGION = 'us-east-1';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A platform authenticator with user verification in this page, answering without a person. */
async function virtualAuthenticator(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('MFA org: first login enrolls a passkey; the next login passes the MFA step with it', async () => {
  const org = await orgWithAdmin(REGION);
  const patched = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true } } });
  assert.equal(patched.status, 200, patched.text);
  const email = `${unique('pk')}@browser.test`;
  const invited = await http('POST', '/api/v2/invitations', { token: org.accessToken, body: { email, name: 'Pat Key', roles: ['user'], locale: 'en' } });
  assert.equal(invited.status, 201, invited.text);
  const link = await invitationLink(email);

  let { context, page } = await newPage(browser);
  const first = await virtualAuthenticator(context, page);
  await page.goto(link.url);
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm new password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Register' }).click();

  // the MFA window: a name, then the kind of device
  await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
  await page.getByLabel('Device name').fill('Laptop');
  await page.getByRole('radio', { name: 'Passkey' }).check();
  assert.deepEqual(await unlabelledControls(page), []);
  await shot(page, 'mfa-passkey-choice');

  // a cancelled prompt is explained, and the next try works
  await page.evaluate(() => {
    const create = navigator.credentials.create.bind(navigator.credentials);
    navigator.credentials.create = async () => {
      navigator.credentials.create = create;
      throw new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError');
    };
  });
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await page.getByRole('alert').getByText(/The passkey prompt was closed or timed out/).waitFor();
  await page.getByRole('button', { name: 'Create passkey' }).click();

  // the passkey is the first device: recovery codes, once
  const codes = page.getByTestId('recovery-codes').locator('li');
  await codes.first().waitFor();
  assert.equal(await codes.count(), 10);
  const { credentials } = await first.cdp.send('WebAuthn.getCredentials', { authenticatorId: first.authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].rpId, new URL(page.url()).hostname);
  await page.waitForTimeout(2000);
  await page.getByRole('button', { name: 'I saved them, continue' }).click();
  await page.getByRole('heading', { name: 'Welcome, Pat Key' }).waitFor();
  await context.close();

  // the next login, in another browser holding the same passkey: the passkey is offered first
  ({ context, page } = await newPage(browser));
  const second = await virtualAuthenticator(context, page);
  await second.cdp.send('WebAuthn.addCredential', { authenticatorId: second.authenticatorId, credential: credentials[0] });
  await loginThroughPage(page, { email, region: REGION });
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByText('Confirm it is you with your passkey.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Use a recovery code instead' }).count(), 1);
  // a person with a passkey only is not offered an authenticator app
  assert.equal(await page.getByRole('button', { name: 'Use the authenticator app instead' }).count(), 0);
  await shot(page, 'mfa-passkey-challenge');
  await page.getByRole('button', { name: 'Use passkey' }).click();
  await page.getByRole('heading', { name: 'Welcome, Pat Key' }).waitFor();
  const after = await second.cdp.send('WebAuthn.getCredentials', { authenticatorId: second.authenticatorId });
  assert.ok(after.credentials[0].signCount > credentials[0].signCount, 'the authenticator signed once more');

  // My Account lists the passkey as a passkey
  await page.getByRole('link', { name: 'My Account' }).first().click();
  await page.getByRole('heading', { name: 'My Account' }).waitFor();
  await page.getByText('Laptop').waitFor();
  assert.equal((await page.getByTestId('device-type').first().textContent()).trim(), 'Passkey');
  assert.deepEqual(await unlabelledControls(page), []);
  await shot(page, 'account-passkey');

  assert.deepEqual(page.problems, []);
  await context.close();
});

// Issue 7: MFA enrollment in the MFA window, reading the secret shown on the page and computing the
// TOTP code in the test like an authenticator app; then the challenge at the next login.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { http, invitationLink, launch, loginThroughPage, newPage, orgWithAdmin, PASSWORD, shot, totp, unique, unlabelledControls } from '../lib.mjs';

const REGION = 'us-east-1';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('MFA org: first login enrolls an authenticator (name -> QR + secret -> code -> recovery codes) -> splash', async () => {
  const org = await orgWithAdmin(REGION);
  const patched = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true, mfaRememberDays: 7 } } });
  assert.equal(patched.status, 200, patched.text);
  const email = `${unique('mo')}@browser.test`;
  const invited = await http('POST', '/api/v2/invitations', { token: org.accessToken, body: { email, name: 'Mo User', roles: ['user'], locale: 'en' } });
  assert.equal(invited.status, 201, invited.text);
  const link = await invitationLink(email);

  let { context, page } = await newPage(browser);
  await page.goto(link.url);
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm new password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Register' }).click();

  // the MFA window: a name first
  await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
  await shot(page, 'mfa-name');
  await page.getByLabel('Device name').fill('Work phone');
  await page.getByRole('button', { name: 'Next' }).click();

  // the QR code, with a screen-reader name, and the secret as text
  const qr = page.getByRole('img', { name: /QR code to add “Work phone”/ });
  await qr.waitFor();
  assert.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
  assert.equal(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), true, 'QR image loads under the CSP');
  const secret = await page.getByTestId('mfa-secret').getAttribute('data-secret');
  assert.match(secret, /^[A-Z2-7]+=*$/);
  assert.equal((await page.getByTestId('mfa-secret').textContent()).replace(/\s/g, ''), secret);
  assert.deepEqual(await unlabelledControls(page), []);
  await shot(page, 'mfa-qr');

  // a wrong code is explained, the right one validates
  await page.getByLabel('6-digit code').fill(totp(secret, Date.now() - 10 * 60_000));
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.getByRole('alert').getByText(/The code is not correct/).waitFor();
  await page.getByLabel('6-digit code').fill(totp(secret));
  await page.getByRole('button', { name: 'Validate' }).click();

  // recovery codes, once
  const codes = page.getByTestId('recovery-codes').locator('li');
  await codes.first().waitFor();
  assert.equal(await codes.count(), 10);
  const recovery = (await codes.allTextContents()).map((c) => c.trim());
  await page.getByRole('button', { name: 'Download codes' }).waitFor();
  await shot(page, 'mfa-recovery');
  // A person takes a moment to save the codes. Clicking at once (~100 ms after validate) can meet
  // identity-service's consumer of mfa.enrolled updating the same user row: the login then fails with
  // 500 (OptimisticLockException on identity.app_user), an identity-service race reported to its owner.
  await page.waitForTimeout(2000);
  await page.getByRole('button', { name: 'I saved them, continue' }).click();
  await page.getByRole('heading', { name: 'Welcome, Mo User' }).waitFor();
  await shot(page, 'splash-user');
  assert.equal(await page.getByRole('link', { name: /^Admin/ }).count(), 0, 'no Admin tile for a user');

  // the next login, in another browser, asks for a code; the recovery-code option works
  // (another browser rather than Sign out here: identity-service's logout of this MFA session currently
  // fails upstream — "Session/EntityManager is closed", the gateway answers 502 — reported to its owner)
  await context.close();
  ({ context, page } = await newPage(browser));
  await loginThroughPage(page, { email, region: REGION });
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await shot(page, 'mfa-challenge');
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recovery[0]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Welcome, Mo User' }).waitFor();

  // My Account lists the device
  await page.getByRole('link', { name: 'My Account' }).first().click();
  await page.getByRole('heading', { name: 'My Account' }).waitFor();
  await page.getByText('Work phone').waitFor();
  await page.getByText('Your organization requires two-step verification.').waitFor();
  assert.deepEqual(await unlabelledControls(page), []);
  await shot(page, 'account');

  // recovery codes (issue 16): how many are left, and a new set behind a step-up code
  await page.getByTestId('recovery-remaining').getByText(/Recovery codes left: 9 of 10/).waitFor();
  await page.getByRole('button', { name: 'New recovery codes' }).click();
  await page.getByText(/the old ones stop working at once/).waitFor();
  await page.getByLabel('Current code or recovery code').fill(recovery[1]);
  await page.getByRole('button', { name: 'Create new codes' }).click();
  await page.getByRole('heading', { name: 'Your new recovery codes' }).waitFor();
  const fresh = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
  assert.equal(fresh.length, 10);
  assert.ok(fresh.every((c) => /^[0-9a-z]{4}(-[0-9a-z]{4}){4}$/.test(c)), fresh.join(' '));
  assert.equal(fresh.filter((c) => recovery.includes(c)).length, 0);
  await page.getByText(/Recovery codes left: 10 of 10/).waitFor();
  assert.deepEqual(await unlabelledControls(page), []);
  await shot(page, 'account-new-recovery-codes');

  assert.deepEqual(page.problems, []);
  await context.close();
});

// Issue 16, item 7: the invitations table has one "Email" column; "Reset MFA" only for people with
// MFA; the region of the org sign-in page is in its URL; no stale error in My Account; after an admin
// turns on required MFA her own session asks for MFA at once. Also: every password field can show what
// was typed (ASVS 2.1.12).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { http, invitationLink, launch, loginThroughPage, newPage, orgWithAdmin, PASSWORD, shot, totp, unique } from '../lib.mjs';

const REGION = 'us-east-1';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A person of a non-MFA org who set up an authenticator app anyway (through the API, as My Account does). */
async function volunteerWithMfa(org) {
  const email = `${unique('vol')}@browser.test`;
  const invited = await http('POST', '/api/v2/invitations', { token: org.accessToken, body: { email, name: 'Val Volunteer', roles: ['user'], locale: 'en' } });
  assert.equal(invited.status, 201, invited.text);
  const accepted = await http('POST', '/api/v2/auth/invitations/accept', { region: org.region, body: { token: (await invitationLink(email)).token, password: PASSWORD, cookie: false } });
  assert.equal(accepted.json?.status, 'AUTHENTICATED', accepted.text);
  const token = accepted.json.accessToken;
  const enrollment = await http('POST', '/api/v2/mfa/enrollments', { token, body: { name: 'Phone' } });
  assert.equal(enrollment.status, 201, enrollment.text);
  const validated = await http('POST', `/api/v2/mfa/enrollments/${enrollment.json.id}/validate`, { token, body: { code: totp(enrollment.json.secret) } });
  assert.equal(validated.status, 200, validated.text);
  return email;
}

test('admin lists: one Email column, Reset MFA only for people who have MFA', async () => {
  const org = await orgWithAdmin(REGION);
  const volunteer = await volunteerWithMfa(org);
  const pending = await http('POST', '/api/v2/invitations', { token: org.accessToken, body: { email: `${unique('pia')}@browser.test`, name: 'Pia Pending', roles: ['user'], locale: 'en' } });
  assert.equal(pending.status, 201, pending.text);
  const { context, page } = await newPage(browser);
  await loginThroughPage(page, { email: org.adminEmail, region: REGION });
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();

  await page.goto('/admin');
  await page.getByTestId('invitations').waitFor();
  const headers = (await page.getByTestId('invitations').locator('thead th').allTextContents()).map((h) => h.trim()).filter(Boolean);
  assert.equal(new Set(headers).size, headers.length, `column titles: ${headers.join(' | ')}`);
  assert.equal(headers.filter((h) => h === 'Email').length, 0, 'the delivery column is "Email delivery", the person column "Invitee"');
  assert.ok(headers.includes('Email delivery'), headers.join(' | '));

  // mfa-service's mfa.enrolled reaches identity-service's list within moments
  page.on('dialog', (dialog) => dialog.accept());
  let row;
  for (let i = 0; i < 40; i++) {
    await page.goto('/admin/users');
    row = page.getByTestId('users').locator('tr', { hasText: volunteer });
    await row.waitFor();
    if (await row.getByRole('button', { name: `Reset two-step verification of ${volunteer}` }).count() === 1) break;
    await page.waitForTimeout(500);
  }
  assert.equal(await row.getByRole('button', { name: `Reset two-step verification of ${volunteer}` }).count(), 1, 'offered for the person with MFA');
  assert.equal(await row.getByRole('button').textContent(), 'Reset MFA');
  const admin = page.getByTestId('users').locator('tr', { hasText: org.adminEmail });
  assert.equal(await admin.getByRole('button').count(), 0, 'not offered without MFA');
  assert.match(await admin.textContent(), /Not set up/);
  await shot(page, 'admin-users-mfa');
  await row.getByRole('button', { name: `Reset two-step verification of ${volunteer}` }).click();
  await page.getByText(`Two-step verification of ${volunteer} was reset.`).waitFor();
  assert.equal(await row.getByRole('button').count(), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the org sign-in page keeps its region in the URL', async () => {
  const org = await orgWithAdmin(REGION);
  const { context, page } = await newPage(browser);
  await page.goto(`/login/org/${org.name}?region=${REGION}`);
  await page.getByRole('heading', { name: `Sign in to ${org.name}` }).waitFor();
  await page.getByLabel('Region').selectOption('eu-central-1');
  await page.waitForURL(/region=eu-central-1/);
  await page.getByText('There is no organization of that name in this region.').waitFor();
  await page.reload();
  assert.equal(await page.getByLabel('Region').inputValue(), 'eu-central-1');
  await page.getByLabel('Region').selectOption(REGION);
  await page.waitForURL(new RegExp(`region=${REGION}`));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('My Account: an old error leaves the screen when something else is done', async () => {
  const org = await orgWithAdmin(REGION);
  const { context, page } = await newPage(browser);
  await loginThroughPage(page, { email: org.adminEmail, region: REGION });
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  await page.goto('/account');
  await page.getByRole('heading', { name: 'My Account' }).waitFor();
  await page.getByLabel('Current password').fill('Not-the-password-1!');
  await page.getByLabel('New password', { exact: true }).fill('Harbor-Quartz-Lantern-7');
  await page.getByLabel('Confirm new password').fill('Harbor-Quartz-Lantern-7');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('alert').getByText('The current password is wrong.').waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Ada Renamed');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Saved.').waitFor();
  assert.equal(await page.getByText('The current password is wrong.').count(), 0, 'the unrelated old error is gone');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('an admin who turns on required MFA is asked to set it up at once, not at her next sign-in', async () => {
  const org = await orgWithAdmin(REGION);
  const { context, page } = await newPage(browser);
  await loginThroughPage(page, { email: org.adminEmail, region: REGION });
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  await page.goto('/admin/settings');
  const required = page.getByLabel('Require two-step verification for password sign-in');
  await required.check();
  await page.getByText('This applies to you too', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
  await page.getByText('Your organization now requires two-step verification.', { exact: false }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login/mfa');
  await shot(page, 'mfa-required-now');
  // the old session is over: its cookie no longer opens the app
  const refreshed = await page.evaluate(async (region) => (await fetch('/api/v2/auth/refresh', {
    method: 'POST', headers: { 'X-Requested-With': 'fetch', 'X-Region': region } })).status, REGION);
  assert.equal(refreshed, 401);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a password field shows what was typed on demand and hides it again, and a shown password still signs in (ASVS 2.1.12)', async () => {
  const org = await orgWithAdmin(REGION);
  const { context, page } = await newPage(browser);
  await page.goto('/');
  await page.getByLabel('Email').fill(org.adminEmail);
  const password = page.getByLabel('Password', { exact: true });
  await password.fill(PASSWORD);
  assert.equal(await password.getAttribute('type'), 'password');

  const show = page.getByRole('button', { name: 'Show Password', exact: true });
  assert.equal(await show.getAttribute('aria-pressed'), 'false');
  await show.click();
  assert.equal(await password.getAttribute('type'), 'text');
  assert.equal(await password.inputValue(), PASSWORD);
  await shot(page, '11-password-shown');

  const hide = page.getByRole('button', { name: 'Hide Password', exact: true });
  assert.equal(await hide.getAttribute('aria-pressed'), 'true');
  await hide.click();
  assert.equal(await password.getAttribute('type'), 'password');

  await page.getByRole('button', { name: 'Show Password', exact: true }).click();
  await page.getByLabel('Region').selectOption(REGION);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('My Account: sign out everywhere else ends every other session at once, this one goes on (ASVS 3.3.4)', async () => {
  const org = await orgWithAdmin(REGION);
  const elsewhere = await http('POST', '/api/v2/auth/login', { region: REGION, body: { email: org.adminEmail, password: PASSWORD, cookie: false } });
  assert.equal(elsewhere.json?.status, 'AUTHENTICATED', elsewhere.text);
  const { context, page } = await newPage(browser);
  await loginThroughPage(page, { email: org.adminEmail, region: REGION });
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  await page.goto('/account');

  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await page.getByText(/^Signed out elsewhere: \d+ other sessions ended\.$/).waitFor();
  await shot(page, '11-signed-out-elsewhere');
  const refreshed = await http('POST', '/api/v2/auth/refresh', { region: REGION, body: { refreshToken: elsewhere.json.refreshToken } });
  assert.equal(refreshed.status, 401, refreshed.text);
  assert.equal(refreshed.json?.code, 'session_revoked');
  // this browser is still signed in
  await page.reload();
  await page.getByRole('heading', { name: 'My Account' }).waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

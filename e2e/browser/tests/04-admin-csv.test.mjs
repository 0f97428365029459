// Issue 7: an admin invites by CSV upload, with progress and a result per row; the invitations list
// shows status and delivery; the invitees get their emails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { invitationLink, launch, loginThroughPage, newPage, orgWithAdmin, shot, unique, unlabelledControls } from '../lib.mjs';

const REGION = 'eu-central-1';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('admin invites by CSV upload: progress, per-row results, list with delivery state', async () => {
  const org = await orgWithAdmin(REGION);
  const { context, page } = await newPage(browser);
  await loginThroughPage(page, { email: org.adminEmail, region: REGION });
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  await page.getByRole('link', { name: /^Admin/ }).first().click();
  await page.getByRole('heading', { name: 'Admin', exact: true }).waitFor();

  const a = `${unique('ana')}@browser.test`;
  const k = `${unique('kenji')}@browser.test`;
  const l = `${unique('lea')}@browser.test`;
  const csv = [
    'email,name,role,locale',
    `${a},Ana Silva,user,pt-BR`,
    `${k},"Sato, Kenji",admin,ja`,
    `${l},Léa Martin,user,fr`,
    `${a},Ana Again,user,pt-BR`,
    'not-an-email,Nobody,user,en',
    `${org.adminEmail},Ada Admin,admin,en`,
  ].join('\n');
  await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByText('6 rows ready.').waitFor();
  await page.getByRole('button', { name: 'Send 6 invitations' }).click();

  await page.getByTestId('bulk-summary').getByText('3 invited, 3 not invited.').waitFor();
  assert.equal(await page.getByRole('progressbar').evaluate((p) => p.value), 6);
  const rows = page.getByTestId('bulk-results').locator('tbody tr');
  assert.equal(await rows.count(), 6);
  const results = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.deepEqual(results.slice(0, 5).map((r) => r[2]), ['Invited', 'Invited', 'Invited', 'Appears twice in this list',
    'Email: not a valid email address.']);
  // the admin: a user once invitation-service has seen user.activated, until then an accepted invitation
  assert.match(results[5][2], /^(Already a user of the organization|That did not work.*)$/);
  assert.deepEqual(await unlabelledControls(page), []);

  // the list: pending invitations with their email delivery
  const list = page.getByTestId('invitations');
  await list.getByText(k).waitFor();
  await list.getByText(a).waitFor();
  await shot(page, 'admin-invitations');

  // the invitees get their emails, in their language's link form
  const link = await invitationLink(k);
  assert.equal(link.region, REGION);

  // the other admin screens render
  for (const [tab, heading] of [['Users', 'Users'], ['Organization settings', 'Organization settings'], ['API clients', 'API clients'], ['Identity providers', 'Identity providers']]) {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: tab }).click();
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
  }
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Organization settings' }).click();
  await page.getByLabel('Require two-step verification for password sign-in').waitFor();
  await shot(page, 'admin-settings');
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Users' }).click();
  await page.getByTestId('users').getByText(org.adminEmail).waitFor();
  await shot(page, 'admin-users');

  assert.deepEqual(page.problems, []);
  await context.close();
});

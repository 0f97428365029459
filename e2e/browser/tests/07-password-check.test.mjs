// Issue 12, attack 7: the live checklist never ticks "not common" before the server has judged the
// password (POST /api/v2/auth/password/check), on the invitation page and on My Account.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrg, invitationLink, launch, newPage, PASSWORD } from '../lib.mjs';

const REGION = 'eu-central-1';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const state = (page, rule) => page.locator(`[data-rule=${rule}]`).getAttribute('data-state');

async function settles(page, rule, expected) {
  await page.locator(`[data-rule=${rule}][data-state=${expected}]`).waitFor({ timeout: 10_000 });
}

test('invitation page: "not common" is pending until the server answered, then refused or ticked', async () => {
  const org = await createOrg(REGION);
  const link = await invitationLink(org.adminEmail);
  const { context, page } = await newPage(browser);
  const checks = [];
  page.on('request', (r) => { if (r.url().includes('/api/v2/auth/password/check')) checks.push(r); });

  await page.goto(link.url);
  await page.getByRole('heading', { name: 'Welcome to Threshold' }).waitFor();
  const password = page.getByLabel('New password', { exact: true });

  // passes every rule the page can judge by itself, yet is a common password in disguise
  await password.fill('Summer2024!');
  assert.notEqual(await state(page, 'common_password'), 'ok', 'never ticked before the server answered');
  await settles(page, 'common_password', 'todo');
  for (const rule of ['min_length', 'uppercase', 'lowercase', 'digit', 'symbol']) {
    assert.equal(await state(page, rule), 'ok', rule);
  }

  // the person's name ("Ada Admin"), as the invitation lookup gives it
  await password.fill('Admin-Tram-2024!');
  await settles(page, 'personal_info', 'todo');

  await password.fill(PASSWORD);
  assert.equal(await state(page, 'common_password'), 'pending');
  await page.locator('[data-rule=common_password] .checking').waitFor();
  await settles(page, 'common_password', 'ok');
  assert.equal(await page.locator('[data-rule=personal_info]').count(), 0);

  // debounced: far fewer checks than keystrokes; the password is in a POST body, never in a URL
  assert.ok(checks.length >= 3 && checks.length < 20, `checks: ${checks.length}`);
  for (const r of checks) {
    assert.equal(r.method(), 'POST');
    assert.doesNotMatch(r.url(), /Summer|Tram|Browser/);
  }

  await page.getByLabel('Confirm new password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();

  // My Account: the same checklist with the org's policy
  await page.getByRole('link', { name: /My Account/ }).first().click();
  const next = page.getByLabel('New password', { exact: true });
  await next.fill('P@ssw0rd2024');
  await settles(page, 'common_password', 'todo');
  await next.fill('Harbor-Quartz-Lantern-7');
  await settles(page, 'common_password', 'ok');

  assert.deepEqual(page.problems, []);
  await context.close();
});

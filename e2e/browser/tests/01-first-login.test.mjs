// Issue 7: the first-login journey in a real browser, from the invitation email to the splash screen,
// then the silent re-open, sign-out and a password login.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrg, GATEWAY, invitationLink, launch, newPage, PASSWORD, shot, unlabelledControls, http } from '../lib.mjs';

const REGION = 'eu-central-1';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('first login: invitation email -> set password with live policy checklist -> splash screen', async () => {
  const org = await createOrg(REGION);
  const link = await invitationLink(org.adminEmail);
  const { context, page } = await newPage(browser);

  await page.goto(link.url);
  await page.getByRole('heading', { name: 'Welcome to Threshold' }).waitFor();
  assert.equal(await page.getByTestId('invite-org').textContent(), org.name);
  assert.equal(await page.getByTestId('invite-email').textContent(), org.adminEmail);
  assert.deepEqual(await unlabelledControls(page), []);

  // the checklist follows the typing
  const password = page.getByLabel('New password', { exact: true });
  await password.fill('short');
  assert.equal(await page.locator('[data-rule=min_length]').getAttribute('class'), 'todo');
  assert.equal(await page.locator('[data-rule=lowercase]').getAttribute('class'), 'ok');
  await password.fill(PASSWORD);
  await page.getByLabel('Confirm new password').fill(PASSWORD);
  for (const rule of ['min_length', 'uppercase', 'lowercase', 'digit', 'symbol', 'match']) {
    assert.equal(await page.locator(`[data-rule=${rule}]`).getAttribute('class'), 'ok', rule);
  }
  await shot(page, 'invite');

  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  await page.getByRole('link', { name: /My Account/ }).first().waitFor();
  await page.getByRole('link', { name: /^Admin/ }).first().waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await shot(page, 'splash');

  // the access token lives in memory only: nothing secret in storage
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  assert.doesNotMatch(stored, /eyJ/);
  assert.match(stored, /eu-central-1/);
  const cookies = await context.cookies();
  const refresh = cookies.find((c) => c.name === `threshold_refresh_${REGION}`);
  assert.ok(refresh, 'refresh cookie set');
  assert.equal(refresh.httpOnly, true);
  assert.equal(refresh.sameSite, 'Strict');
  assert.equal(refresh.path, '/api/v2/auth');

  // next visit: no credentials asked, a silent refresh
  await page.reload();
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();

  // the used link explains itself
  const second = await newPage(browser);
  await second.page.goto(link.url);
  await second.page.getByText('This invitation has already been used.').waitFor();
  await shot(second.page, 'invite-used');
  await second.context.close();

  // sign out, then the login page; log in with the new password
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getByLabel('Region').inputValue(), REGION, 'region remembered');
  await page.getByLabel('Email').fill(org.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill('Wrong-password-1!');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').getByText('The email or password is wrong.').waitFor();
  await shot(page, 'login-error');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();

  assert.deepEqual(page.problems, []);
  await context.close();
});

test('login page: keyboard only, labelled, the gateway\'s headers', async () => {
  const { context, page } = await newPage(browser);
  const response = await page.goto('/');
  const headers = response.headers();
  assert.match(headers['content-security-policy'], /script-src 'self'/);
  assert.doesNotMatch(headers['content-security-policy'], /unsafe-inline/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['x-frame-options'], 'DENY');

  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.deepEqual(await unlabelledControls(page), []);
  await shot(page, 'login');

  // Tab order: skip link, brand, email, password, its Show button, region, Log in, Forgot your password?, More login options
  const order = [];
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const e = document.activeElement;
      return e.labels?.[0]?.textContent || e.textContent?.trim() || e.tagName;
    }));
  }
  assert.deepEqual(order.slice(2, 9), ['Email', 'Password', 'Show Password', 'Region', 'Log in', 'Forgot your password?', 'More login options']);

  // More login options by keyboard: the organization name leads to /login/org/<name>
  await page.keyboard.press('Enter');
  await page.getByLabel('Organization name').fill('no-such-org-anywhere');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/login\/org\/no-such-org-anywhere/);
  // a fresh browser has no region yet (none is guessed): the page asks for it, then keeps it in the URL
  await page.getByText('Choose the region of your organization to see its sign-in options.').waitFor();
  await page.getByLabel('Region').selectOption('us-east-1');
  await page.waitForURL(/region=us-east-1/);
  await page.getByText('There is no organization of that name in this region.').waitFor();
  await shot(page, 'sso-org-unknown');

  // 360 px wide: nothing overflows sideways
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 360), true, 'no horizontal scroll at 360 px');
  await shot(page, 'login-360');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('unknown API path still answers problem+json, not the app', async () => {
  const res = await http('GET', '/api/v2/does-not-exist-here', { headers: { Accept: 'text/html' } });
  assert.equal(res.status, 400); // no region: the gateway's own problem
  assert.match(res.headers.get('content-type'), /application\/problem\+json/);
  const nothing = await fetch(`${GATEWAY}/nothing-here`, { headers: { Accept: 'text/html' } });
  assert.equal(nothing.status, 404);
  assert.match(nothing.headers.get('content-type'), /application\/problem\+json/);
});

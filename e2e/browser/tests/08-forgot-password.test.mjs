// Issue 16: a forgotten password, in the browser. "Forgot your password?" on the login page -> the
// request page (the same answer for an unknown email) -> the email (GreenMail) -> the reset page with
// the live checklist -> signed in; an MFA user lands on the MFA challenge instead (a reused recovery
// code is answered in recovery-code words), then regenerates the recovery codes, in German.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  enrolledPerson, http, launch, messageCount, newPage, orgWithAdmin, PASSWORD, resetLink, shot, unique, unlabelledControls,
} from '../lib.mjs';

const NEW_PASSWORD = 'Harbor-Lantern-Quartz-58!';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('forgot -> email -> reset page with the live checklist -> signed in (English)', async () => {
  const REGION = 'eu-central-1';
  const org = await orgWithAdmin(REGION);
  const before = await messageCount(org.adminEmail);
  const { context, page } = await newPage(browser);

  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(org.adminEmail);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  assert.equal(await page.getByLabel('Email').inputValue(), org.adminEmail, 'the email typed on the login page comes along');
  await page.getByLabel('Region').selectOption(REGION);
  assert.deepEqual(await unlabelledControls(page), []);
  await shot(page, 'forgot');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  const sentText = await page.getByTestId('forgot-sent').textContent();
  assert.match(sentText, /EU \(Frankfurt\)/, 'the region by its name');
  await shot(page, 'forgot-sent');

  // an unknown email gets exactly the same page
  const stranger = `${unique('nobody')}@browser.test`;
  await page.getByRole('button', { name: 'Send another link' }).click();
  await page.getByLabel('Email').fill(stranger);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  assert.equal((await page.getByTestId('forgot-sent').textContent()).replace(stranger, 'X'), sentText.replace(org.adminEmail, 'X'));

  // the email's link
  const link = await resetLink(org.adminEmail, { after: before });
  assert.equal(link.region, REGION);
  await page.goto(link.url);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  assert.equal(await page.getByTestId('reset-email').textContent(), org.adminEmail);
  assert.equal(await page.getByTestId('reset-org').textContent(), org.name);
  const password = page.getByLabel('New password', { exact: true });
  await password.fill('short');
  assert.equal(await page.locator('[data-rule=min_length]').getAttribute('data-state'), 'todo');
  // the old password is refused by the history rule when submitted
  await password.fill(PASSWORD);
  await page.getByLabel('Confirm new password').fill(PASSWORD);
  await page.locator('[data-rule=common_password][data-state=ok]').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.locator('[data-rule=reused]').waitFor();
  await page.getByRole('alert').getByText('The password does not meet your organization’s rules.').waitFor();
  await password.fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.locator('[data-rule=common_password][data-state=ok]').waitFor({ timeout: 10_000 });
  for (const rule of ['min_length', 'uppercase', 'lowercase', 'digit', 'symbol', 'match']) {
    assert.equal(await page.locator(`[data-rule=${rule}]`).getAttribute('data-state'), 'ok', rule);
  }
  assert.deepEqual(await unlabelledControls(page), []);
  await shot(page, 'reset');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();

  // the new password signs in, the old one no longer does; the link works once
  assert.equal((await http('POST', '/api/v2/auth/login', { region: REGION, body: { email: org.adminEmail, password: PASSWORD, cookie: false } })).status, 401);
  assert.equal((await http('POST', '/api/v2/auth/login', { region: REGION, body: { email: org.adminEmail, password: NEW_PASSWORD, cookie: false } })).json?.status, 'AUTHENTICATED');
  const second = await newPage(browser);
  await second.page.goto(link.url);
  await second.page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
  await second.page.getByText('This link was already used.').waitFor();
  await shot(second.page, 'reset-used');
  await second.context.close();

  // nothing was sent to the unknown address
  assert.equal(await messageCount(stranger), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('an MFA user resets the password and lands on the MFA challenge, never in the app (German)', async () => {
  const REGION = 'us-east-1';
  const org = await orgWithAdmin(REGION);
  const patched = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true } } });
  assert.equal(patched.status, 200, patched.text);
  const person = await enrolledPerson(org, { name: 'Mia Mfa', locale: 'de' });
  const before = await messageCount(person.email);

  const { context, page } = await newPage(browser, { locale: 'de-DE' });
  await page.goto('/');
  await page.getByLabel(/^(Sprache|Language)$/).selectOption('de');
  await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
  await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
  await page.getByRole('heading', { name: 'Passwort zurücksetzen' }).waitFor();
  await page.getByLabel('E-Mail').fill(person.email);
  await page.getByLabel('Region').selectOption(REGION);
  await page.getByRole('button', { name: 'Link senden' }).click();
  await page.getByRole('heading', { name: 'Sehen Sie in Ihr Postfach' }).waitFor();
  await shot(page, 'forgot-sent-de');

  const link = await resetLink(person.email, { after: before });
  await page.goto(link.url);
  await page.getByRole('heading', { name: 'Neues Passwort wählen' }).waitFor();
  await page.getByLabel('Neues Passwort', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Neues Passwort bestätigen').fill(NEW_PASSWORD);
  await page.locator('[data-rule=common_password][data-state=ok]').waitFor({ timeout: 10_000 });
  await shot(page, 'reset-de');
  await page.getByRole('button', { name: 'Neues Passwort festlegen' }).click();

  // the MFA step, with help for a lost device; not the splash screen
  await page.getByRole('heading', { name: 'Bestätigung in zwei Schritten' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login/mfa');
  assert.equal(await page.getByRole('heading', { name: /Willkommen/ }).count(), 0);
  await page.getByTestId('mfa-lost-device').getByText(/Gerät verloren\?/).waitFor();
  await shot(page, 'reset-mfa-challenge-de');
  await page.getByRole('button', { name: 'Stattdessen einen Wiederherstellungscode verwenden' }).click();
  await page.getByLabel('Wiederherstellungscode').fill(person.recoveryCodes[0]);
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await page.getByRole('heading', { name: 'Willkommen, Mia Mfa' }).waitFor();

  // the next sign-in: the same recovery code again is explained in recovery-code words
  const other = await newPage(browser, { locale: 'de-DE' });
  await other.page.goto('/');
  await other.page.getByLabel(/^(Sprache|Language)$/).selectOption('de');
  await other.page.getByLabel('E-Mail').fill(person.email);
  await other.page.getByLabel('Passwort', { exact: true }).fill(NEW_PASSWORD);
  await other.page.getByLabel('Region').selectOption(REGION);
  await other.page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await other.page.getByRole('heading', { name: 'Bestätigung in zwei Schritten' }).waitFor();
  await other.page.getByRole('button', { name: 'Stattdessen einen Wiederherstellungscode verwenden' }).click();
  await other.page.getByLabel('Wiederherstellungscode').fill(person.recoveryCodes[0]);
  await other.page.getByRole('button', { name: 'Bestätigen' }).click();
  const wrong = other.page.getByRole('alert').getByText(/Dieser Wiederherstellungscode ist falsch oder wurde schon verwendet/);
  await wrong.waitFor();
  assert.equal(await other.page.getByRole('alert').getByText(/nächsten Code/).count(), 0, 'no authenticator-app wording');
  await shot(other.page, 'mfa-recovery-used-de');
  await other.context.close();

  // recovery codes: how many are left, and a new set (step-up with an unused code), in German
  await page.getByRole('link', { name: 'Mein Konto' }).first().click();
  await page.getByRole('heading', { name: 'Mein Konto' }).waitFor();
  await page.getByTestId('recovery-remaining').getByText(/Verbleibende Wiederherstellungscodes: 9 von 10/).waitFor();
  await page.getByRole('button', { name: 'Neue Wiederherstellungscodes' }).click();
  await page.getByLabel('Aktueller Code oder Wiederherstellungscode').fill(person.recoveryCodes[1]);
  await page.getByRole('button', { name: 'Neue Codes erstellen' }).click();
  await page.getByRole('heading', { name: 'Ihre neuen Wiederherstellungscodes' }).waitFor();
  const fresh = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
  assert.equal(fresh.length, 10);
  assert.equal(fresh.filter((c) => person.recoveryCodes.includes(c)).length, 0);
  await page.getByText(/Verbleibende Wiederherstellungscodes: 10 von 10/).waitFor();
  await shot(page, 'account-new-recovery-codes-de');

  assert.deepEqual(page.problems, []);
  await context.close();
});

test('dead reset links explain themselves and offer a new one', async () => {
  const { context, page } = await newPage(browser);
  await page.goto('/reset-password?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&region=us-east-1');
  await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
  await page.getByText('We do not know this link.', { exact: false }).waitFor();
  await page.getByRole('link', { name: 'Ask for a new link' }).click();
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  assert.equal(await page.getByLabel('Region').inputValue(), 'us-east-1');
  assert.deepEqual(page.problems, []);
  await context.close();
});

// Issue 19: passkeys. In an MFA-required org the invited person enrolls a passkey during the first
// login (Chromium's virtual authenticator through the DevTools protocol: ctap2, internal, with user
// verification) and later passes the MFA step with it, offered first; a cancelled prompt is
// explained; My Account lists the passkey as such.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrolledPerson, http, invitationLink, launch, loginThroughPage, newPage, orgWithAdmin, PASSWORD, shot, unique, unlabelledControls } from '../lib.mjs';

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

// Issue 19, item 4: a browser without WebAuthn is told so in words. At enrollment the Passkey choice is
// there but disabled, with the reason beside it; at the MFA step a person whose only device is a passkey
// is told to use another browser or a recovery code (not "an authenticator app" they do not have), and
// gets in with the recovery code. English and German.
async function signIn(page, lang, L, email) {
  await page.goto('/');
  await page.getByLabel(/^(Sprache|Language)$/).selectOption(lang);
  await page.getByLabel(L.email).fill(email);
  await page.getByLabel(L.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel('Region').selectOption(REGION);
  await page.getByRole('button', { name: L.logIn, exact: true }).click();
}

const NO_WEBAUTHN = () => {
  delete window.PublicKeyCredential;
  Object.defineProperty(navigator, 'credentials', { value: undefined, configurable: true });
};

for (const [lang, L] of Object.entries({
  en: {
    locale: 'en-US', newPassword: 'New password', confirm: 'Confirm new password', register: 'Register', enroll: 'Set up two-step verification',
    deviceName: 'Device name', unsupported: 'This browser cannot use passkeys. Use an authenticator app, or another browser.',
    title: 'Two-step verification', onlyPasskey: 'This browser cannot use passkeys. Sign in with another browser or device that has your passkey, or use a recovery code.',
    usePasskey: 'Use passkey', useApp: 'Use the authenticator app instead', useRecovery: 'Use a recovery code instead', recoveryCode: 'Recovery code',
    verify: 'Verify', welcome: 'Welcome, Pat Key', email: 'Email', password: 'Password', logIn: 'Log in',
  },
  de: {
    locale: 'de-DE', newPassword: 'Neues Passwort', confirm: 'Neues Passwort bestätigen', register: 'Registrieren', enroll: 'Bestätigung in zwei Schritten einrichten',
    deviceName: 'Gerätename', unsupported: 'Dieser Browser kann keine Passkeys verwenden. Verwenden Sie eine Authenticator-App oder einen anderen Browser.',
    title: 'Bestätigung in zwei Schritten', onlyPasskey: 'Dieser Browser kann keine Passkeys verwenden. Melden Sie sich mit einem anderen Browser oder Gerät an, das Ihren Passkey hat, oder verwenden Sie einen Wiederherstellungscode.',
    usePasskey: 'Passkey verwenden', useApp: 'Stattdessen die Authenticator-App verwenden', useRecovery: 'Stattdessen einen Wiederherstellungscode verwenden',
    recoveryCode: 'Wiederherstellungscode', verify: 'Bestätigen', welcome: 'Willkommen, Pat Key', email: 'E-Mail', password: 'Passwort', logIn: 'Anmelden',
  },
})) {
  test(`a browser without WebAuthn explains passkeys in words (${lang})`, async () => {
    const org = await orgWithAdmin(REGION);
    const patched = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true } } });
    assert.equal(patched.status, 200, patched.text);

    // enrollment in a browser without WebAuthn: the choice is there, disabled, and says why
    const email = `${unique('nowa')}@browser.test`;
    const invited = await http('POST', '/api/v2/invitations', { token: org.accessToken, body: { email, name: 'Pat Key', roles: ['user'], locale: lang } });
    assert.equal(invited.status, 201, invited.text);
    const link = await invitationLink(email);
    const plain = await newPage(browser, { locale: L.locale });
    await plain.context.addInitScript(NO_WEBAUTHN);
    await plain.page.goto(link.url);
    await plain.page.getByLabel(L.newPassword, { exact: true }).fill(PASSWORD);
    await plain.page.getByLabel(L.confirm).fill(PASSWORD);
    await plain.page.getByRole('button', { name: L.register }).click();
    await plain.page.getByRole('heading', { name: L.enroll }).waitFor();
    await plain.page.getByLabel(L.deviceName).fill('Laptop');
    const passkey = plain.page.getByRole('radio', { name: 'Passkey' });
    assert.equal(await passkey.isDisabled(), true, 'no passkey can be made here');
    assert.equal(await passkey.evaluate((e) => document.getElementById(e.getAttribute('aria-describedby')).textContent), L.unsupported);
    await shot(plain.page, `mfa-passkey-unsupported-${lang}`);
    assert.deepEqual(plain.page.problems, []);
    await plain.context.close();

    // the same person signs in again in a browser that has WebAuthn (Chromium's virtual authenticator)
    // and enrolls a passkey there
    const { context, page } = await newPage(browser, { locale: L.locale });
    await virtualAuthenticator(context, page);
    await signIn(page, lang, L, email);
    await page.getByRole('heading', { name: L.enroll }).waitFor();
    await page.getByLabel(L.deviceName).fill('Laptop');
    await page.getByRole('radio', { name: 'Passkey' }).check();
    await page.getByRole('button', { name: lang === 'de' ? 'Passkey erstellen' : 'Create passkey' }).click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await codes.first().waitFor();
    const recovery = (await codes.allTextContents()).map((c) => c.trim());
    await context.close();

    // the MFA step in a browser without WebAuthn: what to do instead, and the recovery code works
    const later = await newPage(browser, { locale: L.locale });
    await later.context.addInitScript(NO_WEBAUTHN);
    await signIn(later.page, lang, L, email);
    await later.page.getByRole('heading', { name: L.title }).waitFor();
    assert.equal((await later.page.getByTestId('passkey-unsupported').textContent()).trim(), L.onlyPasskey);
    assert.equal(await later.page.getByRole('button', { name: L.usePasskey }).count(), 0, 'no button that cannot work');
    assert.equal(await later.page.getByRole('button', { name: L.useApp }).count(), 0, 'no app to offer');
    await shot(later.page, `mfa-passkey-unsupported-challenge-${lang}`);
    await later.page.getByRole('button', { name: L.useRecovery }).click();
    await later.page.getByLabel(L.recoveryCode).fill(recovery[0]);
    await later.page.getByRole('button', { name: L.verify }).click();
    await later.page.getByRole('heading', { name: L.welcome }).waitFor();
    assert.deepEqual(later.page.problems, []);
    await later.context.close();
  });
}

// Issue 19, items 2-4: a person with an authenticator app adds a passkey in My Account (the step-up
// is a recovery code: a further device needs proof of the current factor) and keeps the recovery
// codes; at the next MFA step both kinds are offered, the passkey first, the app beside it.
test('a person with both kinds chooses at the MFA step', async () => {
  const org = await orgWithAdmin(REGION);
  const patched = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true } } });
  assert.equal(patched.status, 200, patched.text);
  const person = await enrolledPerson(org, { name: 'Bo Both' });

  let { context, page } = await newPage(browser);
  const authenticator = await virtualAuthenticator(context, page);
  await loginThroughPage(page, { email: person.email, region: REGION });
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  // an app only: the code form, no passkey to offer
  await page.getByLabel('6-digit code').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Use a passkey instead' }).count(), 0);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(person.recoveryCodes[0]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Welcome, Bo Both' }).waitFor();

  // My Account: a passkey as a further device, behind the step-up
  await page.getByRole('link', { name: 'My Account' }).first().click();
  await page.getByRole('heading', { name: 'My Account' }).waitFor();
  await page.getByRole('button', { name: 'Add authenticator app or passkey' }).click();
  await page.getByLabel('Device name').fill('Laptop');
  await page.getByRole('radio', { name: 'Passkey' }).check();
  await page.getByText('You already use an authenticator app. To add another, confirm it is you with a code from it.').waitFor();
  assert.equal(await page.getByLabel('Current code or recovery code').evaluate((e) => e.required), true, 'no further device without the step-up');
  await page.getByLabel('Current code or recovery code').fill(person.recoveryCodes[1]);
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await page.getByText('“Laptop” was added. Your recovery codes stay as they were.').waitFor();
  assert.equal(await page.getByTestId('recovery-codes').count(), 0, 'a further device never replaces the recovery codes');
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByTestId('recovery-remaining').getByText(/Recovery codes left: 8 of 10/).waitFor();
  const types = (await page.getByTestId('device-type').allTextContents()).map((s) => s.trim()).sort();
  assert.deepEqual(types, ['Authenticator app', 'Passkey']);
  const { credentials } = await authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: authenticator.authenticatorId });
  assert.equal(credentials.length, 1);
  await context.close();

  // the next MFA step: the passkey first, the app beside it; either way in
  ({ context, page } = await newPage(browser));
  const second = await virtualAuthenticator(context, page);
  await second.cdp.send('WebAuthn.addCredential', { authenticatorId: second.authenticatorId, credential: credentials[0] });
  await loginThroughPage(page, { email: person.email, region: REGION });
  await page.getByText('Confirm it is you with your passkey.').waitFor();
  await page.getByRole('button', { name: 'Use the authenticator app instead' }).click();
  await page.getByLabel('6-digit code').waitFor();
  await page.getByRole('button', { name: 'Use a passkey instead' }).click();
  await page.getByRole('button', { name: 'Use passkey' }).click();
  await page.getByRole('heading', { name: 'Welcome, Bo Both' }).waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

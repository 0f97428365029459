// Issue 7 (and 6): SSO in a real browser through the org's real identity provider: a Keycloak process
// (the distribution the Java e2e suite unpacked under e2e/target/keycloak) with identity-service's test
// realm. "More login options" -> org name -> the provider's button -> Keycloak's form -> signed in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { http, launch, loginThroughPage, newPage, orgWithAdmin, shot, unlabelledControls } from '../lib.mjs';
import { KEYCLOAK_MISSING, startKeycloak } from '../keycloak.mjs';

const REGION = 'eu-central-1';
let browser;
let keycloak;
let issuer;
// realm threshold-interop: client entra-like behaves like Microsoft Entra ID (the address only as upn)
let interopIssuer;

before(async () => {
  keycloak = await startKeycloak({ realms: ['threshold-test-realm.json', 'threshold-interop-realm.json'] });
  if (!keycloak) return;
  issuer = `${keycloak.url}/realms/threshold-test`;
  interopIssuer = `${keycloak.url}/realms/threshold-interop`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  keycloak?.stop();
});

test('SSO: More login options -> org -> identity provider -> Keycloak -> signed in, no MFA', async (t) => {
  if (!browser) {
    t.skip(KEYCLOAK_MISSING);
    return;
  }
  const org = await orgWithAdmin(REGION);
  const settings = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true } } });
  assert.equal(settings.status, 200, settings.text);
  const idp = await http('POST', '/api/v2/orgs/me/identityproviders', {
    token: org.accessToken,
    body: { type: 'oidc', displayName: 'Keycloak', issuer, clientId: 'threshold-identity',
      clientSecret: 'test-client-secret-0123456789' },
  });
  assert.equal(idp.status, 201, idp.text);
  const invited = await http('POST', '/api/v2/invitations', {
    token: org.accessToken, body: { email: 'carol@acme.test', name: 'Carol', roles: ['user'], locale: 'en' },
  });
  assert.equal(invited.status, 201, invited.text);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const users = await http('GET', '/api/v2/users?state=INVITED', { token: org.accessToken });
    if (users.json?.entities?.some((u) => u.email === 'carol@acme.test')) break;
    assert.ok(Date.now() < deadline, 'carol appears as INVITED');
    await new Promise((r) => setTimeout(r, 250));
  }

  const { page } = await newPage(browser);
  await page.goto(`/login/org/${org.name}?region=${REGION}`);
  const button = page.getByRole('button', { name: /Keycloak/ });
  await button.waitFor();
  await shot(page, 'sso-org');
  await button.click();

  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.locator('#username').fill('carol');
  await page.locator('#password').fill('carol-pass-1');
  await page.locator('#kc-login').click();

  await page.getByRole('link', { name: /My Account/ }).first().waitFor({ timeout: 30_000 });
  await shot(page, 'sso-signed-in');
  const me = await page.evaluate(async (region) => {
    const refreshed = await fetch('/api/v2/auth/refresh', { method: 'POST',
      headers: { 'X-Requested-With': 'fetch', 'X-Region': region } }).then((r) => r.json());
    return fetch('/api/v2/users/me', { headers: { Authorization: `Bearer ${refreshed.accessToken}` } }).then((r) => r.json());
  }, REGION);
  assert.equal(me.email, 'carol@acme.test');
  assert.equal(me.authMethod, 'sso');
  assert.equal(me.region, REGION);
});

// Issue 18: the admin adds an Entra ID provider with the preset (upn, trusted email, allowed domains
// required); its people sign in by upn; an invited address outside the domains is told why it is refused.
test('SSO: Entra ID preset -> upn with trusted email within the allowed domains; an invited outsider is refused', async (t) => {
  if (!browser) {
    t.skip(KEYCLOAK_MISSING);
    return;
  }
  const org = await orgWithAdmin(REGION);
  const { page: adminPage } = await newPage(browser);
  await loginThroughPage(adminPage, { email: org.adminEmail, region: REGION });
  await adminPage.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  await adminPage.goto('/admin/identity-providers');
  await adminPage.getByRole('heading', { name: 'Identity providers', level: 2 }).waitFor();

  const add = adminPage.getByTestId('idp-add');
  await add.getByLabel('Provider', { exact: true }).selectOption('entra');
  await add.getByText('Entra ID sends the address as upn').waitFor();
  assert.equal(await add.getByLabel('Email claim').inputValue(), 'upn');
  assert.equal(await add.getByLabel('Trust the provider’s email addresses').isChecked(), true);
  assert.equal(await add.getByLabel('Allowed domains').evaluate((input) => input.required), true);
  await add.getByLabel('Display name').fill('Entra ID');
  await add.getByLabel('Issuer URL').fill(interopIssuer);
  await add.getByLabel('Client ID').fill('entra-like');
  await add.getByLabel('Client secret').fill('entra-like-secret-0123456789');
  await add.getByLabel('Allowed domains').fill('Entra.test');
  assert.deepEqual(await unlabelledControls(adminPage), []);
  await shot(adminPage, 'admin-idp-entra');
  await add.getByRole('button', { name: 'Add' }).click();

  const row = adminPage.getByTestId('idps').locator('li', { hasText: 'Entra ID' });
  await row.getByText('Email from “upn” · trusted · entra.test').waitFor();
  const redirect = await row.getByTestId('idp-redirect-uri').textContent();
  assert.match(redirect, new RegExp(`/api/v2/auth/sso/[0-9a-f-]{36}/callback\\?region=${REGION}$`));

  for (const email of ['erin@entra.test', 'oscar@outside.test']) {
    const invited = await http('POST', '/api/v2/invitations', {
      token: org.accessToken, body: { email, name: 'Invited', roles: ['user'], locale: 'en' },
    });
    assert.equal(invited.status, 201, invited.text);
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const users = await http('GET', '/api/v2/users?state=INVITED', { token: org.accessToken });
    const emails = users.json?.entities?.map((u) => u.email) ?? [];
    if (emails.includes('erin@entra.test') && emails.includes('oscar@outside.test')) break;
    assert.ok(Date.now() < deadline, 'erin and oscar appear as INVITED');
    await new Promise((r) => setTimeout(r, 250));
  }

  async function signIn(username, password) {
    const { page } = await newPage(browser);
    await page.goto(`/login/org/${org.name}?region=${REGION}`);
    await page.getByRole('button', { name: /Entra ID/ }).click();
    await page.waitForURL((url) => url.href.startsWith(interopIssuer));
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('#kc-login').click();
    return page;
  }

  const erin = await signIn('erin', 'erin-pass-1');
  await erin.getByRole('link', { name: /My Account/ }).first().waitFor({ timeout: 30_000 });
  const me = await erin.evaluate(async (region) => {
    const refreshed = await fetch('/api/v2/auth/refresh', { method: 'POST',
      headers: { 'X-Requested-With': 'fetch', 'X-Region': region } }).then((r) => r.json());
    return fetch('/api/v2/users/me', { headers: { Authorization: `Bearer ${refreshed.accessToken}` } }).then((r) => r.json());
  }, REGION);
  assert.equal(me.email, 'erin@entra.test');
  assert.equal(me.authMethod, 'sso');

  const oscar = await signIn('oscar', 'oscar-pass-1');
  await oscar.getByRole('heading', { name: 'Single sign-on did not work' }).waitFor({ timeout: 30_000 });
  await oscar.getByText('This identity provider does not accept email addresses of your domain.').waitFor();
  assert.match(oscar.url(), /error=sso_domain_not_allowed/);
  await shot(oscar, 'sso-domain-not-allowed');
});

// Issue 15: SAML 2.0 single sign-on in a real browser against a real SAML identity provider, Keycloak
// (keycloak.mjs, the one Keycloak of the suite, shared with 05-sso). The admin registers the provider
// from Keycloak's IdP metadata (uploaded in the admin screen, or its URL through the API); the SP metadata
// Threshold publishes for it becomes a SAML client of the realm through Keycloak's admin REST API, as a
// Keycloak admin would make it (imported from the metadata, or by hand; docs/sso.md, "Keycloak as the
// SAML IdP"). Then:
// - SP-initiated: the admin adds the provider in the web app (metadata file, icon), sees the certificate's
//   expiry and downloads our metadata; More login options -> org -> the provider's button (its icon) ->
//   signed AuthnRequest -> Keycloak's form -> Keycloak's signed response (assertion encrypted, one Role
//   attribute per role) posted to the ACS -> signed in, no MFA;
// - IdP-initiated (Keycloak's IdP-initiated SSO URL): refused in words while the provider does not
//   allow it, signed in once it does, in a browser that has never been to Threshold;
// - the provider's certificate replaced by another one: Keycloak's response is refused in words, no session.
// - the claim mapping (issue 18): an invited address outside the provider's allowedDomains is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, http, launch, loginThroughPage, newPage, orgWithAdmin, shot, unique, unlabelledControls } from '../lib.mjs';
import { KEYCLOAK_MISSING, startKeycloak } from '../keycloak.mjs';

const REGION = 'eu-central-1';
const REFRESH_COOKIE = `threshold_refresh_${REGION}`;
const REALM = 'threshold-saml';
// the provider's icon on the org's sign-in page (1 x 1 PNG)
const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
let browser;
let keycloak;
let realmUrl;

before(async () => {
  keycloak = await startKeycloak();
  if (!keycloak) return;
  realmUrl = `${keycloak.url}/realms/${REALM}`;
  const realm = await keycloak.admin('POST', '', { realm: REALM, enabled: true, sslRequired: 'none' });
  assert.equal(realm.status, 201, realm.text);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  keycloak?.stop();
});

/** A person at Keycloak (verified email, nothing left to fill in at the first sign-in). */
async function keycloakUser() {
  const username = unique('sam');
  const user = { username, password: `${username}-Pass-1`, email: `${username}@saml.test` };
  const created = await keycloak.admin('POST', `/${REALM}/users`, {
    username, email: user.email, emailVerified: true, enabled: true, firstName: 'Sam', lastName: 'Saml',
    credentials: [{ type: 'password', value: user.password, temporary: false }],
  });
  assert.equal(created.status, 201, created.text);
  return user;
}

/** The org's admin invites the address; waits until identity-service lists the person as INVITED. */
async function invite(org, email) {
  const invited = await http('POST', '/api/v2/invitations', {
    token: org.accessToken, body: { email, name: 'Sam Saml', roles: ['user'], locale: 'en' },
  });
  assert.equal(invited.status, 201, invited.text);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const users = await http('GET', '/api/v2/users?state=INVITED', { token: org.accessToken });
    if (users.json?.entities?.some((u) => u.email === email)) return;
    assert.ok(Date.now() < deadline, `${email} appears as INVITED`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function unescapeXml(text) {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The admin adds the SAML provider in the web app: Keycloak's IdP metadata as an uploaded file, an icon;
 * the provider's entry shows the IdP certificate's expiry and offers our SP metadata for download.
 * Answers the provider (as the API shows it) and that metadata (XML).
 */
async function addThroughAdminPage(org) {
  const descriptor = await fetch(`${realmUrl}/protocol/saml/descriptor`).then((r) => r.text());
  const { context, page } = await newPage(browser);
  await loginThroughPage(page, { email: org.adminEmail, region: REGION });
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  await page.goto('/admin/identity-providers');
  await page.getByRole('heading', { name: 'Identity providers', level: 2 }).waitFor();
  const form = page.getByTestId('saml-form');
  await form.getByLabel('Display name', { exact: true }).fill('Keycloak SAML');
  await form.getByLabel('Icon URL (https)', { exact: true }).fill(ICON);
  await form.getByLabel('Metadata file', { exact: true }).setInputFiles({
    name: 'keycloak-idp-metadata.xml', mimeType: 'application/xml', buffer: Buffer.from(descriptor),
  });
  // the file's XML is what the form sends (and the URL field steps aside)
  await page.waitForFunction((xml) => document.querySelector('[data-testid="saml-form"] textarea')?.value === xml, descriptor);
  assert.equal(await form.getByLabel('Metadata URL', { exact: true }).isDisabled(), true);
  assert.deepEqual(await unlabelledControls(page), []);
  await form.getByRole('button', { name: 'Add', exact: true }).click();

  const details = page.getByTestId('idps').locator('li', { hasText: 'Keycloak SAML' }).getByTestId('saml-details');
  await details.waitFor();
  const listed = await http('GET', '/api/v2/orgs/me/identityproviders', { token: org.accessToken });
  assert.equal(listed.status, 200, listed.text);
  const idp = listed.json.entities.find((e) => e.displayName === 'Keycloak SAML');
  assert.equal(idp.type, 'saml');
  assert.equal(idp.iconUrl, ICON);
  // the IdP certificate's expiry, in the page's words and format
  const until = await page.evaluate((iso) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })
    .format(new Date(iso)), idp.certificates[0].notAfter);
  await details.getByText(`valid until ${until}`).first().waitFor();
  await details.getByText(idp.sp.acsUrl, { exact: true }).waitFor();
  // our SP metadata, as the download link fetches it (same origin, a download)
  const link = details.getByRole('link', { name: 'Download the metadata for your identity provider' });
  assert.equal(await link.getAttribute('download'), 'threshold-sp-metadata.xml');
  assert.equal(await link.getAttribute('href'), idp.sp.metadataUrl);
  const metadata = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, type: r.headers.get('content-type'), xml: await r.text() };
  }, idp.sp.metadataUrl);
  assert.equal(metadata.status, 200, metadata.xml);
  assert.match(metadata.type, /^application\/samlmetadata\+xml/);
  await shot(page, 'admin-saml-provider');
  assert.deepEqual(page.problems, []);
  await context.close();
  return { idp, metadataXml: metadata.xml };
}

/**
 * An org with MFA required and a SAML provider registered from Keycloak's IdP metadata (`adminPage`: by
 * its admin in the web app, see addThroughAdminPage; else its URL through the API), and the realm's SAML
 * client for it, made as a Keycloak admin would:
 * - `importMetadata`: Clients -> Import client with the SP metadata Threshold publishes (Keycloak's
 *   client-description-converter): client id = our entity id, our ACS URL, our signing certificate
 *   (signed AuthnRequests required), signed assertions and documents, NameID format email, and
 *   assertions encrypted for our certificate (the metadata offers it);
 * - otherwise by hand from the metadata's entity id, ACS URL and certificate: signed assertions and
 *   documents (RSA-SHA256), NameID format email (forced), our certificate to verify our signed
 *   AuthnRequests, no encryption, and an IdP-initiated SSO URL name.
 * Keycloak's default client scopes stay (role_list sends one Role attribute per role).
 */
async function orgWithKeycloakSaml({ importMetadata = false, adminPage = false } = {}) {
  const org = await orgWithAdmin(REGION);
  let idp;
  let metadataXml;
  if (adminPage) {
    ({ idp, metadataXml } = await addThroughAdminPage(org));
  } else {
    const created = await http('POST', '/api/v2/orgs/me/identityproviders', {
      token: org.accessToken,
      body: { type: 'saml', displayName: 'Keycloak SAML', metadataUrl: `${realmUrl}/protocol/saml/descriptor` },
    });
    assert.equal(created.status, 201, created.text);
    idp = created.json;
    // our SP metadata, public, through the gateway
    const metadata = await fetch(idp.sp.metadataUrl).then(async (r) => ({ status: r.status, xml: await r.text() }));
    assert.equal(metadata.status, 200, metadata.xml);
    metadataXml = metadata.xml;
  }
  assert.equal(idp.entityId, realmUrl);
  assert.equal(idp.allowIdpInitiated, false);
  assert.equal(idp.sp.acsUrl, `${GATEWAY}/api/v2/auth/sso/${idp.id}/saml/acs?region=${REGION}`);
  // MFA required once the admin is done (an admin signing in to an MFA-required org would enrol first)
  const mfa = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true } } });
  assert.equal(mfa.status, 200, mfa.text);

  const entityId = unescapeXml(metadataXml.match(/entityID="([^"]+)"/)[1]);
  const acsUrl = unescapeXml(metadataXml.match(/<(?:md:)?AssertionConsumerService\b[^>]*\bLocation="([^"]+)"/)[1]);
  const certificate = metadataXml.match(/<(?:md:)?KeyDescriptor\b[^>]*use="signing"[\s\S]*?<(?:ds:)?X509Certificate>([^<]+)</)[1]
    .replace(/\s+/g, '');
  assert.equal(entityId, idp.sp.entityId);
  assert.equal(acsUrl, idp.sp.acsUrl);

  const urlName = unique('threshold');
  let client;
  if (importMetadata) {
    const converted = await keycloak.admin('POST', `/${REALM}/client-description-converter`, metadataXml);
    assert.equal(converted.status, 200, converted.text);
    client = converted.json;
    assert.equal(client.clientId, entityId);
    assert.equal(client.attributes['saml.client.signature'], 'true');
    assert.equal(client.attributes['saml.encrypt'], 'true');
  } else {
    client = {
      clientId: entityId, protocol: 'saml', enabled: true, redirectUris: [acsUrl], frontchannelLogout: false,
      attributes: {
        saml_assertion_consumer_url_post: acsUrl,
        'saml.server.signature': 'true',
        'saml.assertion.signature': 'true',
        'saml.signature.algorithm': 'RSA_SHA256',
        'saml.client.signature': 'true',
        'saml.signing.certificate': certificate,
        'saml.force.post.binding': 'true',
        'saml.authnstatement': 'true',
        'saml.encrypt': 'false',
        saml_force_name_id_format: 'true',
        saml_name_id_format: 'email',
        saml_idp_initiated_sso_url_name: urlName,
      },
    };
  }
  const made = await keycloak.admin('POST', `/${REALM}/clients`, { ...client, name: `Threshold ${org.name}` });
  assert.equal(made.status, 201, made.text);
  return { org, idp, idpInitiatedUrl: `${realmUrl}/protocol/saml/clients/${urlName}` };
}

/** The SAML responses the browser posts to our ACS, decoded (the IdP's HTTP-POST binding). */
function postedResponses(page) {
  const responses = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/saml/acs?')) {
      const form = new URLSearchParams(request.postData() ?? '');
      responses.push(Buffer.from(form.get('SAMLResponse') ?? '', 'base64').toString('utf8'));
    }
  });
  return responses;
}

async function signInAtKeycloak(page, user) {
  await page.waitForURL((url) => url.href.startsWith(realmUrl));
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('#kc-login').click();
}

/** The signed-in person as the web app's session sees it (refresh cookie -> access token -> /users/me). */
async function me(page) {
  return page.evaluate(async (region) => {
    const refreshed = await fetch('/api/v2/auth/refresh', { method: 'POST',
      headers: { 'X-Requested-With': 'fetch', 'X-Region': region } }).then((r) => r.json());
    return fetch('/api/v2/users/me', { headers: { Authorization: `Bearer ${refreshed.accessToken}` } }).then((r) => r.json());
  }, REGION);
}

/** No session: no refresh cookie in the browser, and the web app's refresh is refused. */
async function assertNoSession(context, page) {
  const cookies = await context.cookies(GATEWAY);
  assert.equal(cookies.some((c) => c.name === REFRESH_COOKIE && c.value), false, 'no refresh cookie');
  const status = await page.evaluate(async (region) => (await fetch('/api/v2/auth/refresh', { method: 'POST',
    headers: { 'X-Requested-With': 'fetch', 'X-Region': region } })).status, REGION);
  assert.equal(status, 401);
}

test('SAML SP-initiated: More login options -> org -> SAML provider -> Keycloak -> signed in, no MFA', async (t) => {
  if (!browser) {
    t.skip(KEYCLOAK_MISSING);
    return;
  }
  const { org } = await orgWithKeycloakSaml({ importMetadata: true, adminPage: true });
  const user = await keycloakUser();
  await invite(org, user.email);

  const { page } = await newPage(browser);
  const responses = postedResponses(page);
  const toKeycloak = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${realmUrl}/protocol/saml?`)) toKeycloak.push(new URL(request.url()));
  });
  await page.goto(`/login/org/${org.name}?region=${REGION}`);
  const button = page.getByRole('button', { name: /Keycloak SAML/ });
  await button.waitFor();
  // the org's providers: the SAML one with its icon
  assert.equal(await button.locator('img').getAttribute('src'), ICON);
  await shot(page, 'saml-org');
  await button.click();
  await signInAtKeycloak(page, user);
  // the AuthnRequest went by HTTP-Redirect, signed (Keycloak checked the signature with our certificate)
  assert.equal(toKeycloak.length, 1);
  for (const parameter of ['SAMLRequest', 'SigAlg', 'Signature']) assert.ok(toKeycloak[0].searchParams.get(parameter), parameter);
  assert.equal(toKeycloak[0].searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');

  await page.getByRole('link', { name: /My Account/ }).first().waitFor({ timeout: 30_000 });
  await shot(page, 'saml-signed-in');
  // what Keycloak answered, with the client imported from our metadata: signed, assertion encrypted
  assert.equal(responses.length, 1);
  assert.match(responses[0], /<saml:EncryptedAssertion>/);
  assert.match(responses[0], /<dsig:Signature\b/);
  const person = await me(page);
  assert.equal(person.email, user.email);
  assert.equal(person.authMethod, 'sso');
  assert.equal(person.region, REGION);
  assert.equal(person.mfa?.required, false);
  assert.deepEqual(page.problems, []);
});

test('SAML IdP-initiated: refused in words while not allowed, then signed in from Keycloak in a new browser', async (t) => {
  if (!browser) {
    t.skip(KEYCLOAK_MISSING);
    return;
  }
  const { org, idp, idpInitiatedUrl } = await orgWithKeycloakSaml();
  const user = await keycloakUser();
  await invite(org, user.email);

  // off (the default): Keycloak's unsolicited response is refused, with a sentence, and no session
  const refused = await newPage(browser);
  await refused.page.goto(idpInitiatedUrl);
  await signInAtKeycloak(refused.page, user);
  await refused.page.getByRole('heading', { name: 'Single sign-on did not work' }).waitFor({ timeout: 30_000 });
  await refused.page.getByText('your organization does not accept sign-ins started at the identity provider').waitFor();
  assert.match(refused.page.url(), /\/login\/sso\?(.*&)?error=saml_unsolicited/);
  await shot(refused.page, 'saml-idp-initiated-refused');
  await assertNoSession(refused.context, refused.page);
  await refused.context.close();

  const allowed = await http('PATCH', `/api/v2/orgs/me/identityproviders/${idp.id}`, {
    token: org.accessToken, body: { allowIdpInitiated: true },
  });
  assert.equal(allowed.status, 200, allowed.text);
  assert.equal(allowed.json.allowIdpInitiated, true);

  // on: a browser that has never been to Threshold (no region remembered) lands signed in
  const { page } = await newPage(browser);
  await page.goto(idpInitiatedUrl);
  await signInAtKeycloak(page, user);
  await page.getByRole('link', { name: /My Account/ }).first().waitFor({ timeout: 30_000 });
  // the landing page names the region, the only way such a browser learns which session to ask for
  assert.ok(page.url().startsWith(`${GATEWAY}/login/sso?region=${REGION}`), page.url());
  await shot(page, 'saml-idp-initiated-signed-in');
  const person = await me(page);
  assert.equal(person.email, user.email);
  assert.equal(person.authMethod, 'sso');
  assert.deepEqual(page.problems, []);
});

test('SAML: the provider\'s certificate replaced by another -> Keycloak\'s response refused in words, no session', async (t) => {
  if (!browser) {
    t.skip(KEYCLOAK_MISSING);
    return;
  }
  const { org, idp } = await orgWithKeycloakSaml();
  const user = await keycloakUser();
  await invite(org, user.email);

  // another real certificate: the master realm's, which never signs for this realm
  const master = await fetch(`${keycloak.url}/realms/master/protocol/saml/descriptor`).then((r) => r.text());
  const other = master.match(/<(?:ds:)?X509Certificate>([^<]+)</)[1].replace(/\s+/g, '');
  const pem = `-----BEGIN CERTIFICATE-----\n${other.match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----`;
  const replaced = await http('PATCH', `/api/v2/orgs/me/identityproviders/${idp.id}`, {
    token: org.accessToken, body: { certificates: [pem] },
  });
  assert.equal(replaced.status, 200, replaced.text);
  assert.notEqual(replaced.json.certificates[0].fingerprintSha256, idp.certificates[0].fingerprintSha256);

  const { context, page } = await newPage(browser);
  await page.goto(`/login/org/${org.name}?region=${REGION}`);
  await page.getByRole('button', { name: /Keycloak SAML/ }).click();
  await signInAtKeycloak(page, user);
  await page.getByRole('heading', { name: 'Single sign-on did not work' }).waitFor({ timeout: 30_000 });
  await page.getByText('The identity provider’s answer was refused').waitFor();
  assert.match(page.url(), /\/login\/sso\?(.*&)?error=saml_signature_invalid/);
  await shot(page, 'saml-signature-invalid');
  await assertNoSession(context, page);
});

test('SAML: the claim mapping\'s rules with Keycloak: an invited address outside allowedDomains never signs in', async (t) => {
  if (!browser) {
    t.skip(KEYCLOAK_MISSING);
    return;
  }
  // issue 18: the same rules as OIDC for a SAML provider; Keycloak's NameID is the person's address
  const { org, idp } = await orgWithKeycloakSaml();
  const user = await keycloakUser();
  await invite(org, user.email);
  const narrowed = await http('PATCH', `/api/v2/orgs/me/identityproviders/${idp.id}`, {
    token: org.accessToken, body: { allowedDomains: ['elsewhere.test'] },
  });
  assert.equal(narrowed.status, 200, narrowed.text);
  assert.deepEqual(narrowed.json.allowedDomains, ['elsewhere.test']);

  const { context, page } = await newPage(browser);
  await page.goto(`/login/org/${org.name}?region=${REGION}`);
  await page.getByRole('button', { name: /Keycloak SAML/ }).click();
  await signInAtKeycloak(page, user);
  await page.getByRole('heading', { name: 'Single sign-on did not work' }).waitFor({ timeout: 30_000 });
  await page.getByText('This identity provider does not accept email addresses of your domain.').waitFor();
  assert.match(page.url(), /\/login\/sso\?(.*&)?error=sso_domain_not_allowed/);
  await assertNoSession(context, page);

  // the address's own domain allowed again: the same person signs in
  const widened = await http('PATCH', `/api/v2/orgs/me/identityproviders/${idp.id}`, {
    token: org.accessToken, body: { allowedDomains: ['saml.test'] },
  });
  assert.equal(widened.status, 200, widened.text);
  const again = await newPage(browser);
  await again.page.goto(`/login/org/${org.name}?region=${REGION}`);
  await again.page.getByRole('button', { name: /Keycloak SAML/ }).click();
  await signInAtKeycloak(again.page, user);
  await again.page.getByRole('link', { name: /My Account/ }).first().waitFor({ timeout: 30_000 });
  assert.equal((await me(again.page)).email, user.email);
});

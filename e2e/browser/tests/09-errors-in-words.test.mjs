// Issue 16, items 3-5: every failure the walk-through met is shown in words, in English and German:
// org settings with minimum > maximum, a blank device name, CSV rows with role "superuser", language
// "xx" and a 5,000-character name, SSO and identity-provider errors, a wrong password that may be
// the wrong region (region names translated), and the organization-name check of the browser itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginThroughPage, newPage, orgWithAdmin, PASSWORD, shot, unique } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const LANGS = {
  en: {
    welcome: 'Welcome, Ada Admin', admin: /^Admin/, sections: 'Admin sections', settings: 'Organization settings', minLength: 'Minimum length',
    maxLength: 'Maximum length', save: 'Save', minOverMax: 'Minimum length: must not be greater than the maximum length.',
    account: 'My Account', addDevice: 'Add authenticator app or passkey', deviceName: 'Device name', next: 'Next', deviceRequired: 'Device name: required.',
    csvFile: 'CSV file', send: 'Send 4 invitations', summary: '1 invited, 3 not invited.', role: 'Role: must be “user” or “admin”.',
    language: 'Language: not a supported language (en, de, fr, es, it, nl, ja, pt-BR).', longName: 'Name: too long or too short.',
    idps: 'Identity providers', idpName: 'Display name', issuer: 'Issuer URL', clientId: 'Client ID', clientSecret: 'Client secret', add: 'Add',
    idpFailed: /could not be read from that issuer URL|not allowed for an identity provider/,
    ssoTitle: 'Single sign-on did not work', idpError: 'The identity provider did not sign you in',
    wrong: 'The email or password is wrong.', usEast: 'US East (N. Virginia)',
  },
  de: {
    welcome: 'Willkommen, Ada Admin', admin: /^Verwaltung/, sections: 'Bereiche der Verwaltung', settings: 'Einstellungen der Organisation',
    minLength: 'Mindestlänge', maxLength: 'Höchstlänge', save: 'Speichern', minOverMax: 'Mindestlänge: darf nicht größer als die Höchstlänge sein.',
    account: 'Mein Konto', addDevice: 'Authenticator-App oder Passkey hinzufügen', deviceName: 'Gerätename', next: 'Weiter', deviceRequired: 'Gerätename: erforderlich.',
    csvFile: 'CSV-Datei', send: '4 Einladungen senden', summary: '1 eingeladen, 3 nicht eingeladen.', role: 'Rolle: muss „user“ oder „admin“ sein.',
    language: 'Sprache: keine unterstützte Sprache (en, de, fr, es, it, nl, ja, pt-BR).', longName: 'Name: zu lang oder zu kurz.',
    idps: 'Identitätsanbieter', idpName: 'Anzeigename', issuer: 'Aussteller-URL (Issuer)', clientId: 'Client-ID', clientSecret: 'Client-Geheimnis', add: 'Hinzufügen',
    idpFailed: /konnte unter dieser Aussteller-URL nicht gelesen werden|für einen Identitätsanbieter nicht erlaubt/,
    ssoTitle: 'Single Sign-on hat nicht funktioniert', idpError: 'Der Identitätsanbieter hat Sie nicht angemeldet',
    wrong: 'E-Mail oder Passwort ist falsch.', usEast: 'USA Ost (Nord-Virginia)',
  },
};

async function signedInAdmin(lang) {
  const org = await orgWithAdmin('eu-central-1');
  const { context, page } = await newPage(browser, { locale: lang === 'de' ? 'de-DE' : 'en-US' });
  await page.goto('/');
  await page.getByLabel(/^(Sprache|Language)$/).selectOption(lang);
  await page.getByLabel(lang === 'de' ? 'E-Mail' : 'Email').fill(org.adminEmail);
  await page.getByLabel(lang === 'de' ? 'Passwort' : 'Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Region').selectOption('eu-central-1');
  await page.getByRole('button', { name: lang === 'de' ? 'Anmelden' : 'Log in', exact: true }).click();
  await page.getByRole('heading', { name: LANGS[lang].welcome }).waitFor();
  return { org, context, page };
}

/** The text of the visible alert, whatever its structure (a paragraph and a list for field errors). */
async function alertText(page) {
  const alert = page.getByRole('alert').first();
  await alert.waitFor();
  return (await alert.textContent()).replace(/\s+/g, ' ').trim();
}

for (const lang of ['en', 'de']) {
  const L = LANGS[lang];

  test(`admin forms answer in words (${lang}): settings, device name, CSV rows, identity provider`, async () => {
    const { context, page } = await signedInAdmin(lang);

    // organization settings: minimum length above the maximum
    await page.getByRole('link', { name: L.admin }).first().click();
    await page.getByRole('navigation', { name: L.sections }).getByRole('link', { name: L.settings }).click();
    await page.getByLabel(L.minLength).fill('60');
    await page.getByLabel(L.maxLength).fill('20');
    await page.getByRole('button', { name: L.save }).click();
    const settings = await alertText(page);
    assert.ok(settings.includes(L.minOverMax), settings);
    assert.doesNotMatch(settings, /check email, name, role and language|Prüfen Sie E-Mail, Name/);
    await shot(page, `error-settings-${lang}`);

    // CSV rows the server refuses, each explained
    await page.getByRole('navigation', { name: L.sections }).getByRole('link', { name: lang === 'de' ? 'Einladungen' : 'Invitations' }).click();
    const csv = [
      'email,name,role,locale',
      `${unique('ok')}@browser.test,Oka,user,en`,
      `${unique('su')}@browser.test,Sue,superuser,en`,
      `${unique('xx')}@browser.test,Xia,user,xx`,
      `${unique('long')}@browser.test,${'N'.repeat(5000)},user,en`,
    ].join('\n');
    await page.getByLabel(L.csvFile).setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: L.send }).click();
    await page.getByTestId('bulk-summary').getByText(L.summary).waitFor();
    const results = await page.getByTestId('bulk-results').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[2].textContent.trim()));
    assert.deepEqual(results.slice(1), [L.role, L.language, L.longName]);
    await shot(page, `error-csv-${lang}`);

    // an identity provider whose discovery fails: the reason in words, not "idp_discovery_failed"
    await page.getByRole('navigation', { name: L.sections }).getByRole('link', { name: L.idps }).click();
    const oidcForm = page.getByTestId('idp-add'); // the SAML form beside it has a display name too
    await oidcForm.getByLabel(L.idpName).fill('Nowhere IdP');
    await oidcForm.getByLabel(L.issuer).fill('https://127.0.0.1:9/realms/none');
    await oidcForm.getByLabel(L.clientId).fill('threshold');
    await oidcForm.getByLabel(L.clientSecret).fill('not-a-real-secret');
    await oidcForm.getByRole('button', { name: L.add, exact: true }).click();
    const idp = await alertText(page);
    assert.match(idp, L.idpFailed);
    assert.doesNotMatch(idp, /idp_|code:/);

    // a blank device name (spaces pass the browser's own "required")
    await page.getByRole('link', { name: L.account }).first().click();
    await page.getByRole('button', { name: L.addDevice }).click();
    await page.getByLabel(L.deviceName).fill('   ');
    await page.getByRole('button', { name: L.next }).click();
    const device = await alertText(page);
    assert.ok(device.includes(L.deviceRequired), device);
    await shot(page, `error-device-name-${lang}`);

    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test(`sign-in failures answer in words (${lang}): wrong region, SSO errors, organization name`, async () => {
    const org = await orgWithAdmin('eu-central-1');
    const { context, page } = await newPage(browser, { locale: lang === 'de' ? 'de-DE' : 'en-US' });
    await page.goto('/');
    await page.getByLabel(/^(Sprache|Language)$/).selectOption(lang);
    // a fresh browser preselects no region: a guess would be "wrong password" for everyone elsewhere
    assert.equal(await page.getByLabel('Region').inputValue(), '');
    await page.getByLabel(lang === 'de' ? 'E-Mail' : 'Email').fill(org.adminEmail);
    await page.getByLabel(lang === 'de' ? 'Passwort' : 'Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Region').selectOption('us-east-1');
    const regionNames = await page.getByLabel('Region').locator('option').allTextContents();
    assert.ok(regionNames.includes(L.usEast), regionNames.join(', '));
    await page.getByRole('button', { name: lang === 'de' ? 'Anmelden' : 'Log in', exact: true }).click();
    const wrong = await alertText(page);
    assert.ok(wrong.includes(L.wrong), wrong);
    assert.ok(wrong.includes(L.usEast), `the hint names the region chosen: ${wrong}`);
    await page.getByTestId('region-hint').waitFor();
    await shot(page, `error-wrong-region-${lang}`);
    // the right region signs in
    await page.getByLabel('Region').selectOption('eu-central-1');
    await page.getByRole('button', { name: lang === 'de' ? 'Anmelden' : 'Log in', exact: true }).click();
    await page.getByRole('heading', { name: LANGS[lang].welcome }).waitFor();
    await context.close();

    // SSO errors come back as ?error=<code>: words, never the bare code
    const sso = await newPage(browser, { locale: lang === 'de' ? 'de-DE' : 'en-US' });
    await sso.page.goto('/');
    await sso.page.getByLabel(/^(Sprache|Language)$/).selectOption(lang);
    await sso.page.goto('/login/sso?error=idp_error');
    await sso.page.getByRole('heading', { name: L.ssoTitle }).waitFor();
    const ssoText = await alertText(sso.page);
    assert.ok(ssoText.startsWith(L.idpError), ssoText);
    assert.doesNotMatch(ssoText, /idp_error/);
    await shot(sso.page, `error-sso-${lang}`);

    // the organization name: the browser checks it (the pattern compiles), and at most 63 characters
    await sso.page.goto('/');
    await sso.page.getByRole('button', { name: lang === 'de' ? 'Weitere Anmeldeoptionen' : 'More login options' }).click();
    const orgName = sso.page.getByLabel(lang === 'de' ? 'Name der Organisation' : 'Organization name');
    assert.equal(await orgName.evaluate((e) => e.maxLength), 63);
    assert.equal(await orgName.evaluate((e) => { e.value = 'no spaces allowed'; return e.validity.patternMismatch; }), true, 'pattern in force');
    assert.equal(await orgName.evaluate((e) => { e.value = 'acme-2'; return e.validity.valid; }), true);
    await orgName.fill('bad name!');
    await sso.page.getByRole('button', { name: lang === 'de' ? 'Weiter' : 'Continue', exact: true }).click();
    assert.equal(new URL(sso.page.url()).pathname, '/', 'the browser refused to go on');
    // a very long name typed into the address bar still lays out
    await sso.page.goto(`/login/org/${'x'.repeat(3000)}?region=us-east-1`);
    await sso.page.getByRole('heading').first().waitFor();
    assert.ok(await sso.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the heading wraps');
    assert.deepEqual(sso.page.problems, []);
    await sso.context.close();
  });
}

// Issue 16, item 8: the organization's apps. An admin adds them under Admin -> Apps (name, address,
// description, icon, who sees each); they are the tiles of the splash screen; a person who is not an
// admin sees only the ones meant for everyone; a script address is refused in words; 360 px without
// overlap; WCAG AA contrast; English and German.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  GATEWAY, http, invitationLink, languageBoxOverlaps, launch, loginThroughPage, newPage, orgWithAdmin, PASSWORD, shot, unique,
  unlabelledControls,
} from '../lib.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const REGION = 'eu-central-1';
// a 1x1 PNG, inline: the CSP's img-src allows data: pictures
const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A person of the org who is not an admin, activated through the API. */
async function member(org) {
  const email = `${unique('mo')}@browser.test`;
  const invited = await http('POST', '/api/v2/invitations', { token: org.accessToken, body: { email, name: 'Mo Member', roles: ['user'], locale: 'en' } });
  assert.equal(invited.status, 201, invited.text);
  const accepted = await http('POST', '/api/v2/auth/invitations/accept', { region: org.region, body: { token: (await invitationLink(email)).token, password: PASSWORD, cookie: false } });
  assert.equal(accepted.json?.status, 'AUTHENTICATED', accepted.text);
  return email;
}

async function tileNames(page) {
  // the organization's apps arrive after the page: the list is busy until then
  await page.locator('[data-testid=tiles]:not([aria-busy=true])').waitFor();
  return (await page.getByTestId('app-tile').locator('.tile-title').allTextContents()).map((s) => s.trim());
}

test('an admin adds the org\'s apps; the splash screen shows each person the ones meant for them', async () => {
  const org = await orgWithAdmin(REGION);
  const person = await member(org);
  const { context, page } = await newPage(browser);
  await loginThroughPage(page, { email: org.adminEmail, region: REGION });
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();

  // no apps yet: no empty "Work app" tile, a way to add them instead
  assert.deepEqual(await tileNames(page), []);
  assert.equal(await page.getByText('Not configured on this installation yet.').count(), 0);
  await page.getByTestId('no-apps').getByRole('link', { name: 'Add apps' }).click();
  await page.getByRole('heading', { name: 'Apps', level: 2 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/admin/apps');

  const add = page.getByTestId('app-add');
  // an address the browser takes but the server refuses (user info): said in words at the field's name
  await add.getByLabel('App name').fill('Phish');
  await add.getByLabel('Address (URL)').fill('https://wiki.example.test@evil.example/');
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('alert').getByText('Address (URL): use a web address that starts with https:// or http://.').waitFor();
  // a script address never leaves the browser (the field's pattern)
  await add.getByLabel('Address (URL)').fill('javascript:alert(1)');
  assert.equal(await add.getByLabel('Address (URL)').evaluate((e) => e.validity.valid), false);

  await add.getByLabel('App name').fill('Wiki');
  await add.getByLabel('Address (URL)').fill('https://wiki.example.test/start');
  await add.getByLabel('Short description').fill('Handbook and how-tos');
  await add.getByLabel('Icon URL (https)').fill(ICON);
  assert.deepEqual(await unlabelledControls(page), []);
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  const apps = page.getByTestId('apps');
  await apps.getByText('Wiki', { exact: true }).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'the old error is gone');

  await add.getByLabel('App name').fill('Payroll');
  await add.getByLabel('Address (URL)').fill('http://payroll.intranet.example/');
  await add.getByLabel('Who sees it').selectOption('admins');
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await apps.locator('li', { hasText: 'Payroll' }).getByTestId('app-audience').getByText(/Admins only/).waitFor();
  await add.getByLabel('App name').fill('CRM');
  await add.getByLabel('Address (URL)').fill('https://crm.example.test/');
  await add.getByLabel('Order').fill('0');
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await apps.getByText('CRM', { exact: true }).waitFor();
  await shot(page, 'admin-apps');

  // change one: Wiki becomes "Handbook"
  await apps.getByRole('button', { name: 'Edit Wiki' }).click();
  const edit = page.getByTestId('app-edit');
  await edit.getByLabel('App name').fill('Handbook');
  await edit.getByRole('button', { name: 'Save' }).click();
  await apps.getByText('Handbook', { exact: true }).waitFor();

  // the admin's splash screen: every app, in order, with the address as the link
  await page.goto('/');
  await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  assert.deepEqual(await tileNames(page), ['Handbook', 'CRM', 'Payroll']);
  const handbook = page.getByRole('link', { name: /^Handbook/ });
  assert.equal(await handbook.getAttribute('href'), 'https://wiki.example.test/start');
  assert.match(await handbook.textContent(), /Handbook and how-tos/);
  assert.equal(await handbook.locator('img').getAttribute('src'), ICON);
  assert.equal(await page.getByRole('link', { name: /^Payroll/ }).getAttribute('href'), 'http://payroll.intranet.example/');
  assert.equal(await page.getByTestId('no-apps').count(), 0);
  await shot(page, 'splash-apps');
  assert.deepEqual(page.problems, []);
  await context.close();

  // a person who is not an admin: not the admins-only app, no Admin tile
  const other = await newPage(browser);
  await loginThroughPage(other.page, { email: person, region: REGION });
  await other.page.getByRole('heading', { name: 'Welcome, Mo Member' }).waitFor();
  assert.deepEqual(await tileNames(other.page), ['Handbook', 'CRM']);
  assert.equal(await other.page.getByRole('link', { name: /^Admin/ }).count(), 0);
  assert.deepEqual(other.page.problems, []);
  await other.context.close();

  // the admin removes one; people's tiles follow
  const removed = await http('GET', '/api/v2/orgs/me/apps', { token: org.accessToken });
  const crm = removed.json.entities.find((a) => a.name === 'CRM');
  const second = await newPage(browser);
  await loginThroughPage(second.page, { email: org.adminEmail, region: REGION });
  await second.page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
  await second.page.goto('/admin/apps');
  second.page.on('dialog', (dialog) => dialog.accept());
  await second.page.getByTestId('apps').getByRole('button', { name: 'Delete CRM' }).click();
  await second.page.getByTestId('apps').getByText('CRM', { exact: true }).waitFor({ state: 'detached' });
  assert.equal((await http('GET', `/api/v2/orgs/me/apps/${crm.id}`, { token: org.accessToken })).status, 404);
  await second.context.close();
});

test('apps at 360 px (English, German): nothing under the language list, long addresses wrap; WCAG AA contrast', async () => {
  const org = await orgWithAdmin(REGION);
  for (const [name, url] of [['Wiki', 'https://wiki.example.test/'], ['Ein sehr langer App-Name für schmale Bildschirme',
    `https://apps.example.test/${'segment/'.repeat(30)}end`]]) {
    const created = await http('POST', '/api/v2/orgs/me/apps', { token: org.accessToken, body: { name, url, description: 'Beschreibung der App' } });
    assert.equal(created.status, 201, created.text);
  }
  for (const [lang, locale, welcome, appsHeading] of [['en', 'en-US', 'Welcome, Ada Admin', 'Apps'], ['de', 'de-DE', 'Willkommen, Ada Admin', 'Apps']]) {
    const { context, page } = await newPage(browser, { width: 360, height: 740, locale });
    await page.goto('/');
    await page.getByLabel(/^(Sprache|Language)$/).selectOption(lang);
    await page.getByLabel(lang === 'de' ? 'E-Mail' : 'Email').fill(org.adminEmail);
    await page.getByLabel(lang === 'de' ? 'Passwort' : 'Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Region').selectOption(REGION);
    await page.getByRole('button', { name: lang === 'de' ? 'Anmelden' : 'Log in', exact: true }).click();
    await page.getByRole('heading', { name: welcome }).waitFor();
    assert.equal((await tileNames(page)).length, 2);
    for (const path of ['/', '/admin/apps']) {
      if (path !== '/') {
        await page.goto(path);
        await page.getByRole('heading', { name: appsHeading, level: 2 }).waitFor();
        if (lang === 'de') await page.getByText('Wer sieht sie').first().waitFor();
      }
      const measured = await languageBoxOverlaps(page);
      assert.deepEqual(measured.overlaps, [], `${path} (${lang}): the language list covers something`);
      assert.ok(measured.scrollWidth <= measured.width, `${path} (${lang}): ${measured.scrollWidth} px wide in ${measured.width} px`);
    }
    await shot(page, `narrow-admin-apps-${lang}`);
    assert.deepEqual(page.problems, []);
    await context.close();
  }

  // contrast (the CSP is bypassed only to inject axe), wide and narrow, splash and Admin -> Apps
  for (const viewport of [{ width: 1280, height: 860 }, { width: 360, height: 740 }]) {
    const context = await browser.newContext({ baseURL: GATEWAY, bypassCSP: true, viewport });
    const page = await context.newPage();
    // English chosen on the page: the German sign-in above saved German as the admin's language
    await page.goto('/');
    await page.getByLabel(/^(Sprache|Language)$/).selectOption('en');
    await loginThroughPage(page, { email: org.adminEmail, region: REGION });
    await page.getByRole('heading', { name: 'Welcome, Ada Admin' }).waitFor();
    await page.getByTestId('app-tile').first().waitFor();
    for (const path of ['/', '/admin/apps']) {
      if (path !== '/') {
        await page.goto(path);
        await page.getByTestId('apps').waitFor();
      }
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['color-contrast'] }));
      assert.deepEqual(result.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' '))), [], `${path} at ${viewport.width} px`);
    }
    await context.close();
  }
});

// Issue 7: the language list in the lower right corner switches the page at once, is remembered, and
// is saved to the account at login.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { http, launch, newPage, orgWithAdmin, PASSWORD, shot } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('language list: lower right, switches at once, remembered, saved to the account at login', async () => {
  const org = await orgWithAdmin('us-east-1');
  const { context, page } = await newPage(browser);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  const picker = page.getByLabel('Language');
  const box = await picker.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.x + box.width > viewport.width - 40 && box.y + box.height > viewport.height - 40, `lower right: ${JSON.stringify(box)}`);
  const names = await picker.locator('option').allTextContents();
  assert.deepEqual(names, ['English', 'Deutsch', 'Français', 'Español', 'Italiano', 'Nederlands', '日本語', 'Português (Brasil)']);

  await picker.selectOption('de');
  await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  await shot(page, 'login-de');

  await page.reload();
  await page.getByRole('heading', { name: 'Anmelden' }).waitFor();

  for (const [code, heading] of [['fr', 'Connexion'], ['es', 'Iniciar sesión'], ['it', 'Accedi'], ['nl', 'Aanmelden'], ['pt-BR', 'Entrar'], ['ja', 'サインイン']]) {
    await page.getByLabel(/^(Sprache|Langue|Idioma|Lingua|Taal|言語|Language)$/).selectOption(code);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  }
  await shot(page, 'login-ja');

  // wrong password, in Japanese: our own text for the code
  await page.getByLabel('メールアドレス').fill(org.adminEmail);
  await page.getByLabel('パスワード', { exact: true }).fill('Not-the-password-1!');
  await page.getByLabel('リージョン').selectOption('us-east-1');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('alert').getByText('メールアドレスまたはパスワードが正しくありません。').waitFor();

  // log in in Japanese: the choice is saved to the account (and so drives its emails)
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('heading', { name: /ようこそ/ }).waitFor();
  let locale;
  for (let i = 0; i < 20 && locale !== 'ja'; i++) {
    locale = (await http('GET', '/api/v2/users/me', { token: org.accessToken })).json?.locale;
    if (locale !== 'ja') await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(locale, 'ja');
  await shot(page, 'splash-ja');

  assert.deepEqual(page.problems, []);
  await context.close();
});

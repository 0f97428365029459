// Issue 16, item 6: at 360 px the language list covers no button, field or MFA secret at any scroll
// position (rectangles measured), and no page scrolls sideways (the Users table scrolls inside its own
// box), in English and Japanese; axe-core's contrast check stays green on the new screens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  enrolledPerson, GATEWAY, http, invitationLink, languageBoxOverlaps, launch, messageCount, newPage, orgWithAdmin, PASSWORD, resetLink,
  shot, unique,
} from '../lib.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const NARROW = { width: 360, height: 740 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const L = {
  en: {
    locale: 'en-US', signIn: 'Sign in', more: 'More login options', forgot: 'Forgot your password?', forgotTitle: 'Reset your password',
    welcome: 'Welcome, Ada Admin', register: 'Register', newPassword: 'New password', confirm: 'Confirm new password',
    enroll: 'Set up two-step verification', deviceName: 'Device name', next: 'Next', users: 'Users', email: 'Email', password: 'Password', logIn: 'Log in', region: 'Region',
  },
  ja: {
    locale: 'ja-JP', signIn: 'サインイン', more: 'その他のログイン方法', forgot: 'パスワードをお忘れですか？', forgotTitle: 'パスワードの再設定',
    welcome: 'ようこそ、Ada Admin さん', register: '登録', newPassword: '新しいパスワード', confirm: '新しいパスワード（確認）',
    enroll: '2 段階認証を設定', deviceName: 'デバイス名', next: '次へ', users: 'ユーザー', email: 'メールアドレス', password: 'パスワード', logIn: 'ログイン', region: 'リージョン',
  },
};

async function narrowPage(lang) {
  const { context, page } = await newPage(browser, { ...NARROW, locale: L[lang].locale });
  await page.goto('/');
  await page.getByLabel(/^(Sprache|Langue|Idioma|Lingua|Taal|言語|Language)$/).selectOption(lang);
  await page.getByRole('heading', { name: L[lang].signIn, exact: true }).waitFor();
  return { context, page };
}

async function assertClear(page, what) {
  const measured = await languageBoxOverlaps(page);
  assert.deepEqual(measured.overlaps, [], `${what}: the language list covers something`);
  assert.ok(measured.scrollWidth <= measured.width, `${what}: ${measured.scrollWidth} px wide in a ${measured.width} px window`);
}

async function contrast(page, what) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['color-contrast'] }));
  assert.deepEqual(result.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' '))), [], `${what}: contrast`);
}

for (const lang of ['en', 'ja']) {
  const T = L[lang];

  test(`360 px, ${lang}: login, more login options, forgot password`, async () => {
    const { context, page } = await narrowPage(lang);
    await assertClear(page, 'login');
    await page.getByRole('button', { name: T.more }).click();
    await page.locator('#more-options').waitFor();
    await assertClear(page, 'login with more options (the SSO Continue button)');
    await shot(page, `narrow-login-more-${lang}`);
    await page.getByRole('link', { name: T.forgot }).click();
    await page.getByRole('heading', { name: T.forgotTitle }).waitFor();
    await assertClear(page, 'forgot password');
    await shot(page, `narrow-forgot-${lang}`);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test(`360 px, ${lang}: the MFA window shows the QR code and the secret uncovered`, async () => {
    const org = await orgWithAdmin('us-east-1');
    const patched = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true } } });
    assert.equal(patched.status, 200, patched.text);
    const email = `${unique('narrow')}@browser.test`;
    const invited = await http('POST', '/api/v2/invitations', { token: org.accessToken, body: { email, name: 'Nao Narrow', roles: ['user'], locale: lang } });
    assert.equal(invited.status, 201, invited.text);
    const link = await invitationLink(email);

    const { context, page } = await newPage(browser, { ...NARROW, locale: T.locale });
    await page.goto(link.url);
    await page.getByLabel(T.newPassword, { exact: true }).fill(PASSWORD);
    await page.getByLabel(T.confirm).fill(PASSWORD);
    await assertClear(page, 'invitation');
    await page.getByRole('button', { name: T.register }).click();
    await page.getByRole('heading', { name: T.enroll }).waitFor();
    await page.getByLabel(T.deviceName).fill('Phone');
    await page.getByRole('button', { name: T.next }).click();
    await page.getByTestId('mfa-secret').waitFor();
    await assertClear(page, 'MFA QR code and secret');
    await shot(page, `narrow-mfa-qr-${lang}`);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test(`360 px, ${lang}: the admin's Users page does not scroll sideways`, async () => {
    const org = await orgWithAdmin('eu-central-1');
    const { context, page } = await narrowPage(lang);
    await page.getByLabel(T.email).fill(org.adminEmail);
    await page.getByLabel(T.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(T.region, { exact: true }).selectOption('eu-central-1');
    await page.getByRole('button', { name: T.logIn, exact: true }).click();
    await page.getByRole('heading', { name: T.welcome }).waitFor();
    await assertClear(page, 'splash');
    await page.goto('/admin/users');
    await page.getByTestId('users').getByText(org.adminEmail).waitFor();
    await assertClear(page, 'Users');
    // the table scrolls inside its own box instead
    const box = await page.locator('.table-wrap').first().evaluate((e) => ({ client: e.clientWidth, scroll: e.scrollWidth }));
    assert.ok(box.client <= NARROW.width, JSON.stringify(box));
    await shot(page, `narrow-users-${lang}`);
    for (const path of ['/admin', '/admin/settings', '/account']) {
      await page.goto(path);
      await page.getByRole('heading').first().waitFor();
      await page.waitForLoadState('networkidle');
      await assertClear(page, path);
    }
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}

test('the new screens meet WCAG AA contrast, at 360 px too', async () => {
  for (const viewport of [{ width: 1280, height: 860 }, NARROW]) {
    for (const path of ['/forgot-password?region=us-east-1', '/reset-password?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&region=us-east-1']) {
      const context = await browser.newContext({ baseURL: GATEWAY, bypassCSP: true, viewport });
      const page = await context.newPage();
      await page.goto(path);
      await page.getByRole('heading').first().waitFor();
      await page.waitForLoadState('networkidle');
      await contrast(page, `${path} at ${viewport.width} px`);
      await context.close();
    }
  }
});

// The rest of issue 16's new screens, which need a flow to reach them: "check your email", the reset
// form of a live link, a wrong password with the region hint, the MFA challenge with its lost-device
// help and My Account's new recovery codes; each at 1280 and 360 px.
test('the screens behind a flow meet WCAG AA contrast, at 360 px too', async () => {
  const REGION = 'us-east-1';
  const org = await orgWithAdmin(REGION);
  const wide = { width: 1280, height: 860 };
  const context = await browser.newContext({ baseURL: GATEWAY, bypassCSP: true, viewport: wide });
  const page = await context.newPage();
  async function bothWidths(what) {
    for (const viewport of [wide, NARROW]) {
      await page.setViewportSize(viewport);
      await contrast(page, `${what} at ${viewport.width} px`);
    }
    await page.setViewportSize(wide);
  }

  await page.goto(`/forgot-password?region=${REGION}`);
  await page.getByLabel('Email').fill(`${unique('nobody')}@browser.test`);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await bothWidths('check your email');

  const before = await messageCount(org.adminEmail);
  assert.equal((await http('POST', '/api/v2/auth/password/forgot', { region: REGION, body: { email: org.adminEmail } })).status, 202);
  const link = await resetLink(org.adminEmail, { after: before });
  await page.goto(link.url);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.getByLabel('New password', { exact: true }).fill('short');
  await bothWidths('reset form of a live link');

  await page.goto('/');
  await page.getByLabel('Email').fill(org.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Region').selectOption('eu-central-1');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByTestId('region-hint').waitFor();
  await bothWidths('wrong password with the region hint');

  const patched = await http('PATCH', '/api/v2/orgs/me', { token: org.accessToken, body: { settings: { mfaRequired: true } } });
  assert.equal(patched.status, 200, patched.text);
  const person = await enrolledPerson(org);
  await page.goto('/');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Region').selectOption(REGION);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByTestId('mfa-lost-device').waitFor();
  await bothWidths('MFA challenge with the lost-device help');
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(person.recoveryCodes[0]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Welcome, Mia Mfa' }).waitFor();
  await page.goto('/account');
  await page.getByRole('button', { name: 'New recovery codes' }).click();
  await page.getByText(/the old ones stop working at once/).waitFor();
  await bothWidths('the warning before new recovery codes');
  await page.getByLabel('Current code or recovery code').fill(person.recoveryCodes[1]);
  await page.getByRole('button', { name: 'Create new codes' }).click();
  await page.getByRole('heading', { name: 'Your new recovery codes' }).waitFor();
  await bothWidths('new recovery codes');
  await context.close();
});

// Issue 7: WCAG 2 AA colour contrast, measured by axe-core (the usual accessibility engine) on the
// screens as the browser renders them: login (English and Japanese, 360 px too), the invitation landing,
// an explained dead link, the organization's SSO page, the splash screen, My Account and Admin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createOrg, GATEWAY, invitationLink, launch, orgWithAdmin, PASSWORD } from '../lib.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** axe's WCAG 2 A/AA colour-contrast findings on the current page (the CSP is bypassed only to inject axe). */
async function contrastViolations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['color-contrast'] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`));
}

async function contextPage(options = {}) {
  const context = await browser.newContext({ baseURL: GATEWAY, bypassCSP: true, viewport: { width: 1280, height: 860 }, ...options });
  return { context, page: await context.newPage() };
}

test('every public screen meets WCAG AA contrast', async () => {
  const org = await createOrg('us-east-1');
  const link = await invitationLink(org.adminEmail);
  const screens = [
    ['/', (p) => p.getByRole('button', { name: 'Log in' }).waitFor()],
    [link.url, (p) => p.getByRole('button', { name: 'Register' }).waitFor()],
    ['/invite?token=no-such-token&region=us-east-1', (p) => p.getByRole('alert').first().waitFor()],
    [`/login/org/${org.name}?region=us-east-1`, (p) => p.getByRole('heading').first().waitFor()],
    ['/forgot-password?region=us-east-1', (p) => p.getByRole('button', { name: 'Send me a link' }).waitFor()],
    ['/reset-password?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&region=us-east-1', (p) => p.getByRole('alert').first().waitFor()],
  ];
  for (const viewport of [{ width: 1280, height: 860 }, { width: 360, height: 740 }]) {
    for (const [path, ready] of screens) {
      const { context, page } = await contextPage({ viewport });
      await page.goto(path);
      await ready(page);
      assert.deepEqual(await contrastViolations(page), [], `${path} at ${viewport.width} px`);
      await context.close();
    }
  }
  const { context, page } = await contextPage({ locale: 'ja-JP' });
  await page.goto('/');
  await page.getByLabel(/^(Sprache|Langue|Idioma|Lingua|Taal|言語|Language)$/).selectOption('ja');
  await page.getByRole('button', { name: 'ログイン', exact: true }).waitFor();
  assert.deepEqual(await contrastViolations(page), [], 'login in Japanese');
  await context.close();
});

test('signed-in screens meet WCAG AA contrast', async () => {
  const org = await orgWithAdmin('us-east-1');
  const { context, page } = await contextPage();
  await page.goto('/');
  await page.getByLabel('Email').fill(org.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Region').selectOption('us-east-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: /My Account/ }).first().waitFor();
  assert.deepEqual(await contrastViolations(page), [], 'splash');
  for (const path of ['/account', '/admin']) {
    await page.goto(path);
    await page.getByRole('heading').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await contrastViolations(page), [], path);
  }
  await context.close();
});

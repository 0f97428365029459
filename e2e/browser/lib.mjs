// Shared pieces of the browser suite: the browser, the running system (./threshold up), mail, TOTP.
import { chromium } from 'playwright-core';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(process.env.THRESHOLD_ROOT ?? resolve(here, '../..'));
export const GATEWAY = (process.env.THRESHOLD_GATEWAY_URL ?? 'http://localhost:8080').replace(/\/$/, '');
export const MAIL_API = (process.env.THRESHOLD_MAIL_API_URL ?? 'http://127.0.0.1:8025').replace(/\/$/, '');
export const CHROMIUM = process.env.THRESHOLD_CHROMIUM ?? '/usr/bin/chromium';
// screenshots go to e2e/browser/screenshots (git-ignored) so a test run leaves the tree clean;
// npm run screenshots writes them to docs/screenshots, the committed ones the README shows
export const SHOTS = resolve(process.env.THRESHOLD_SCREENSHOTS || resolve(here, 'screenshots'));
export const PASSWORD = 'Browser-Journey-42!';

/** Debian's chromium, headless; no downloads, no background connections (the machine's network is closed). */
export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (./threshold test does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser profile: no cookies, no localStorage; every CSP violation and page error fails the test. */
export async function newPage(browser, { width = 1280, height = 860, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, baseURL: GATEWAY });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.problems = problems;
  return { context, page };
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    // a full-page picture: the language list at the page's lower right, not over the middle of it
    document.body.style.position = 'relative';
    const foot = document.querySelector('.foot');
    if (foot instanceof HTMLElement) foot.style.position = 'absolute';
  });
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

export function unique(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function operatorToken() {
  if (process.env.THRESHOLD_OPERATOR_TOKEN) return process.env.THRESHOLD_OPERATOR_TOKEN;
  return readFileSync(resolve(ROOT, '.threshold/secrets/operator-token'), 'utf8').trim();
}

export async function http(method, path, { body, token, region, headers = {} } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (token) h.Authorization = `Bearer ${token}`;
  if (region) h['X-Region'] = region;
  const res = await fetch(`${GATEWAY}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, json, text, headers: res.headers };
}

/** An organization whose first admin gets an invitation email; returns its name and the admin's email. */
export async function createOrg(region, { locale = 'en', adminName = 'Ada Admin' } = {}) {
  const name = unique('web');
  const adminEmail = `${unique('ada')}@browser.test`;
  const res = await http('POST', '/api/v2/orgs', {
    token: operatorToken(), region, body: { name, adminEmail, adminName, locale },
  });
  if (res.status !== 201) throw new Error(`create org: ${res.status} ${res.text}`);
  return { name, id: res.json.id, adminEmail, region };
}

function decodeQuotedPrintable(raw) {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** The newest invitation link in a recipient's inbox (GreenMail's REST API), waiting for it to arrive. */
export async function invitationLink(email, { timeoutMs = 120_000, after = 0 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${MAIL_API}/api/user/${encodeURIComponent(email)}/messages/INBOX`).catch(() => null);
    if (res?.ok) {
      const messages = await res.json();
      if (messages.length > after) {
        // 7bit parts as they are; quoted-printable ones decoded (decoding a 7bit part would eat "=XX" of the token)
        const raw = messages[messages.length - 1].mimeMessage ?? '';
        const link = /https?:\/\/[^\s"'<>]*\/invite\?token=([A-Za-z0-9_-]+)(?:&amp;|&)region=([a-z0-9-]+)/;
        const m = raw.match(link) ?? decodeQuotedPrintable(raw).match(link);
        if (m) return { url: `/invite?token=${m[1]}&region=${m[2]}`, token: m[1], region: m[2], count: messages.length };
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no invitation email for ${email} within ${timeoutMs} ms`);
}

/**
 * The newest forgotten-password link in a recipient's inbox (GreenMail's REST API), waiting for the
 * message number `after + 1` to arrive (the inbox may already hold the invitation).
 */
export async function resetLink(email, { timeoutMs = 120_000, after = 0 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${MAIL_API}/api/user/${encodeURIComponent(email)}/messages/INBOX`).catch(() => null);
    if (res?.ok) {
      const messages = await res.json();
      for (let i = messages.length - 1; i >= after; i--) {
        const raw = messages[i].mimeMessage ?? '';
        const link = /https?:\/\/[^\s"'<>]*\/reset-password\?token=([A-Za-z0-9_-]+)(?:&amp;|&)region=([a-z0-9-]+)/;
        const m = raw.match(link) ?? decodeQuotedPrintable(raw).match(link);
        if (m) return { url: `/reset-password?token=${m[1]}&region=${m[2]}`, token: m[1], region: m[2], count: messages.length, subject: messages[i].subject };
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no password reset email for ${email} within ${timeoutMs} ms`);
}

/** How many messages a recipient has (0 when GreenMail has no mailbox for the address yet). */
export async function messageCount(email) {
  const res = await fetch(`${MAIL_API}/api/user/${encodeURIComponent(email)}/messages/INBOX`).catch(() => null);
  if (!res?.ok) return 0;
  return (await res.json()).length;
}

/**
 * A person invited into an org that requires MFA, activated and enrolled through the API (an
 * authenticator app "Phone" whose codes the test computes): returns the email, the TOTP secret and
 * the 10 recovery codes.
 */
export async function enrolledPerson(org, { name = 'Mia Mfa', locale = 'en' } = {}) {
  const email = `${unique('mia')}@browser.test`;
  const invited = await http('POST', '/api/v2/invitations', { token: org.accessToken, body: { email, name, roles: ['user'], locale } });
  if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${invited.text}`);
  const link = await invitationLink(email);
  const accepted = await http('POST', '/api/v2/auth/invitations/accept', { region: org.region, body: { token: link.token, password: PASSWORD } });
  if (accepted.json?.status !== 'MFA_ENROLLMENT_REQUIRED') throw new Error(`accept: ${accepted.status} ${accepted.text}`);
  const mfaToken = accepted.json.mfaToken;
  const enrollment = await http('POST', '/api/v2/mfa/enrollments', { token: mfaToken, body: { name: 'Phone' } });
  if (enrollment.status !== 201) throw new Error(`enroll: ${enrollment.status} ${enrollment.text}`);
  const validated = await http('POST', `/api/v2/mfa/enrollments/${enrollment.json.id}/validate`, { token: mfaToken, body: { code: totp(enrollment.json.secret) } });
  if (validated.status !== 200) throw new Error(`validate: ${validated.status} ${validated.text}`);
  return { email, secret: enrollment.json.secret, recoveryCodes: validated.json.recoveryCodes };
}

/**
 * Whether the language list (the fixed box in the lower right corner) covers any button, link, field
 * or the MFA secret, at every scroll position of the page: the rectangles' intersections, measured.
 * Answers the overlaps found (empty: none), and whether the page scrolls sideways.
 */
export async function languageBoxOverlaps(page) {
  return page.evaluate(async () => {
    const foot = document.querySelector('.foot');
    const targets = [...document.querySelectorAll('main button, main a, main input:not([type=hidden]):not([hidden]), main select, main textarea, main [data-testid=mfa-secret], main .qr, main .alert')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; });
    const found = [];
    const pageHeight = document.documentElement.scrollHeight;
    for (let y = 0; ; y += Math.max(100, Math.floor(innerHeight / 2))) {
      scrollTo(0, Math.min(y, pageHeight));
      await new Promise((r) => requestAnimationFrame(() => r()));
      const box = foot.getBoundingClientRect();
      for (const e of targets) {
        const r = e.getBoundingClientRect();
        const w = Math.min(r.right, box.right) - Math.max(r.left, box.left);
        const h = Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top);
        if (w > 0.5 && h > 0.5) found.push(`${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || e.name || '').trim().slice(0, 40)}" at scroll ${scrollY}`);
      }
      if (y >= pageHeight - innerHeight) break;
    }
    scrollTo(0, 0);
    return { overlaps: [...new Set(found)], scrollWidth: document.documentElement.scrollWidth, width: innerWidth };
  });
}

/** The org's first admin, activated through the API (for tests whose subject is not the first login). */
export async function orgWithAdmin(region, options) {
  const org = await createOrg(region, options);
  const link = await invitationLink(org.adminEmail);
  const accepted = await http('POST', '/api/v2/auth/invitations/accept', { region, body: { token: link.token, password: PASSWORD } });
  if (accepted.status !== 200 || accepted.json.status !== 'AUTHENTICATED') throw new Error(`accept: ${accepted.status} ${accepted.text}`);
  return { ...org, accessToken: accepted.json.accessToken };
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret, as an authenticator app computes it. */
export function totp(secret, at = Date.now(), step = 30) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / step)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/** Logs in through the login page (email, password, region) and waits for the splash screen. */
export async function loginThroughPage(page, { email, password = PASSWORD, region }) {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Region').selectOption(region);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Every form control has an accessible name (label, aria-label or aria-labelledby). */
export async function unlabelledControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]):not([hidden]), select, textarea, button')]
    .filter((el) => {
      const e = el;
      const named = (e.labels && e.labels.length > 0) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
        || (e.tagName === 'BUTTON' && e.textContent.trim());
      return !named;
    })
    .map((el) => el.outerHTML.slice(0, 120)));
}

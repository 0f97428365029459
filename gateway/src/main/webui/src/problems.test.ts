// Unit tests (scripts/unit-tests.mjs): failures in words, regions, the org-name pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from './api';
import de from './i18n/de';
import en from './i18n/en';
import es from './i18n/es';
import fr from './i18n/fr';
import it from './i18n/it';
import ja from './i18n/ja';
import nl from './i18n/nl';
import ptBR from './i18n/pt-BR';
import { Dictionary, LANGUAGES, translator } from './i18n';

const DICTIONARIES: Record<string, Dictionary> = { en, de, fr, es, it, nl, ja, 'pt-BR': ptBR };
import { bulkRowText, codeMessage, fieldErrorText, fieldOf, problemMessage, regionName } from './problems';
import { ORG_NAME_PATTERN } from './patterns';

const t = translator({ lang: 'en', dict: en });
const tDe = translator({ lang: 'de', dict: de });
const tJa = translator({ lang: 'ja', dict: ja });
const problem = (code: string, extra: Record<string, unknown> = {}, status = 400) =>
  new ApiError({ status, code, ...extra } as never);

test('a field pointer names its field, past indexes', () => {
  assert.equal(fieldOf('/invitations/3/roles/0'), 'roles');
  assert.equal(fieldOf('/settings/passwordPolicy/minLength'), 'minLength');
  assert.equal(fieldOf('/name'), 'name');
  assert.equal(fieldOf(''), '');
});

test('validation failures list each field in words, never the generic "check email, name, role and language"', () => {
  const settings = problem('validation_failed', { errors: [{ pointer: '/settings/passwordPolicy/minLength', code: 'range', detail: 'minLength must not exceed maxLength' }] });
  assert.equal(problemMessage(t, settings), 'Please correct: Minimum length: must not be greater than the maximum length.');
  assert.equal(problemMessage(tDe, settings), 'Bitte korrigieren Sie: Mindestlänge: darf nicht größer als die Höchstlänge sein.');
  const device = problem('validation_failed', { errors: [{ pointer: '/name', code: 'required' }] });
  assert.equal(problemMessage(t, device, { fields: { name: 'Device name' } }), 'Please correct: Device name: required.');
  const longName = problem('validation_failed', { errors: [{ pointer: '/name', code: 'size', detail: 'size must be between 0 and 200' }] });
  assert.equal(problemMessage(t, longName), 'Please correct: Name: too long or too short.');
  for (const [lang, dict] of [['en', en], ['de', de], ['ja', ja]] as const) {
    const text = problemMessage(translator({ lang, dict }), settings);
    assert.doesNotMatch(text, /check email, name, role and language|prüfen Sie E-Mail|メールアドレス、名前、ロール/);
  }
  // no errors[]: the server's own sentence
  assert.equal(problemMessage(t, problem('validation_failed', { detail: 'The body is not valid.' })), 'The body is not valid.');
});

test('bulk rows with a bad role, language or email say so', () => {
  assert.equal(bulkRowText(t, { code: 'validation_failed', errors: [{ pointer: '/invitations/4/roles/0', code: 'pattern' }] }),
    'Role: must be “user” or “admin”.');
  assert.equal(bulkRowText(t, { code: 'validation_failed', errors: [{ pointer: '/invitations/5/locale', code: 'pattern' }] }),
    'Language: not a supported language (en, de, fr, es, it, nl, ja, pt-BR).');
  assert.equal(bulkRowText(t, { code: 'validation_failed', errors: [{ pointer: '/invitations/1/email', code: 'email' }] }),
    'Email: not a valid email address.');
  assert.equal(bulkRowText(tDe, { code: 'validation_failed', errors: [{ pointer: '/invitations/4/roles/0', code: 'pattern' }] }),
    'Rolle: muss „user“ oder „admin“ sein.');
  assert.equal(bulkRowText(t, { code: 'invitation_exists' }), 'Already has a pending invitation');
});

test('SSO and identity-provider codes are words, in every language', () => {
  for (const code of ['idp_error', 'idp_unavailable', 'idp_not_found', 'sso_failed', 'sso_email_missing', 'sso_email_not_verified',
    'sso_user_not_found', 'sso_user_not_allowed', 'sso_domain_not_allowed', 'access_denied', 'idp_discovery_failed', 'idp_issuer_invalid']) {
    const key = `problem.${code}` as keyof typeof en;
    assert.ok(key in en, `${code} has an English text`);
    for (const lang of LANGUAGES.map((l) => l.code)) {
      const dict = DICTIONARIES[lang];
      assert.ok(dict[key], `${code} in ${lang}`);
      if (lang !== 'en') assert.notEqual(dict[key], en[key], `${code} is translated to ${lang}`);
      assert.doesNotMatch(codeMessage(translator({ lang, dict }), code), /code:/, `${code} in ${lang}`);
    }
  }
  assert.match(codeMessage(tJa, 'idp_error'), /ID プロバイダー/);
  assert.equal(codeMessage(t, 'brand_new_code'), 'That did not work (code: brand_new_code).');
});

test('an unknown code shows the server\'s detail rather than a bare code', () => {
  assert.equal(problemMessage(t, problem('something_new', { detail: 'The server explains it.' })), 'The server explains it.');
  assert.equal(problemMessage(t, problem('something_new')), 'That did not work (code: something_new).');
  assert.equal(problemMessage(t, problem('something_new', {}, 503)), 'The service is not available right now. Please try again shortly.');
});

test('a reused recovery code is not answered with authenticator-app wording', () => {
  const wrong = problem('invalid_code');
  assert.match(problemMessage(t, wrong), /Wait for the next code/);
  assert.equal(problemMessage(t, wrong, { recovery: true }), en['problem.invalid_recovery_code']);
  assert.doesNotMatch(problemMessage(tDe, wrong, { recovery: true }), /nächsten Code/);
});

test('forgotten-password limits speak of requests, not of a locked account', () => {
  const limited = new ApiError({ status: 429, code: 'too_many_attempts' }, 120);
  assert.match(problemMessage(t, limited, { requests: true }), /^Too many requests from your network\. Try again in 2 minutes\.$/);
  assert.match(problemMessage(t, limited), /account is locked/);
});

test('regions are named in the page\'s language, unknown ones by the gateway\'s name', () => {
  assert.equal(regionName(t, 'eu-central-1'), 'EU (Frankfurt)');
  assert.equal(regionName(tJa, 'us-east-1'), '米国東部（バージニア北部）');
  assert.equal(regionName(t, 'ap-south-1', 'Asia Pacific (Mumbai)'), 'Asia Pacific (Mumbai)');
  assert.equal(fieldErrorText(t, { pointer: '/whatever', code: 'mystery', detail: 'Explained.' }), 'whatever: Explained.');
});

test('the org-name pattern compiles under the v flag that Chromium uses, and checks what the server checks', () => {
  assert.throws(() => new RegExp('^(?:[A-Za-z0-9-]{2,63})$', 'v'), SyntaxError, 'the old pattern is invalid under v');
  const pattern = new RegExp(`^(?:${ORG_NAME_PATTERN})$`, 'v');
  for (const ok of ['acme', 'Acme-2', 'a1', 'x'.repeat(63)]) assert.ok(pattern.test(ok), ok);
  for (const bad of ['a', 'x'.repeat(64), 'acme corp', 'ünïcode', 'a_b', 'a/b']) assert.ok(!pattern.test(bad), bad);
  // and under the u flag of older browsers
  assert.ok(new RegExp(`^(?:${ORG_NAME_PATTERN})$`, 'u').test('acme-1'));
});

test('every text of issue 16 exists in all 8 languages, translated', () => {
  const prefixes = ['login.forgot', 'login.wrong_region_hint', 'forgot.', 'reset.', 'mfa.lost_device', 'mfa.required_now', 'account.lost_device',
    'problem.password_reset_', 'problem.invalid_recovery_code', 'problem.validation_fields', 'field.required', 'field.role', 'field.locale'];
  const keys = (Object.keys(en) as (keyof typeof en)[]).filter((k) => prefixes.some((p) => k.startsWith(p)));
  assert.ok(keys.length > 25, `${keys.length} keys`);
  for (const lang of LANGUAGES.map((l) => l.code).filter((l) => l !== 'en')) {
    for (const k of keys) assert.notEqual(DICTIONARIES[lang][k], en[k], `${k} is translated to ${lang}`);
  }
});

test('the organization\'s apps (issue 16, item 8) exist in all 8 languages, translated', () => {
  const prefixes = ['apps.', 'splash.no_apps', 'splash.add_apps', 'field.url', 'field.icon_url', 'problem.org_app_'];
  const keys = (Object.keys(en) as (keyof typeof en)[]).filter((k) => prefixes.some((p) => k.startsWith(p)));
  assert.ok(keys.length >= 21, `${keys.length} keys`);
  for (const lang of LANGUAGES.map((l) => l.code).filter((l) => l !== 'en')) {
    for (const k of keys) assert.notEqual(DICTIONARIES[lang][k], en[k], `${k} is translated to ${lang}`);
  }
});

test('an app address the server refuses is explained as an address, not as "characters not allowed"', () => {
  assert.equal(fieldErrorText(t, { pointer: '/url', code: 'pattern' }), 'Address (URL): use a web address that starts with https:// or http://.');
  assert.equal(fieldErrorText(tDe, { pointer: '/url', code: 'pattern' }), 'Adresse (URL): Verwenden Sie eine Webadresse, die mit https:// oder http:// beginnt.');
  assert.equal(fieldErrorText(t, { pointer: '/iconUrl', code: 'pattern' }), 'Icon URL (https): use a picture address that starts with https://.');
  assert.equal(fieldErrorText(t, { pointer: '/visibleTo', code: 'pattern' }), 'Who sees it: contains characters that are not allowed.');
  assert.equal(problemMessage(t, problem('org_app_limit', {}, 409)), 'Your organization has the most apps allowed (50).');
});

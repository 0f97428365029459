// Unit tests (scripts/unit-tests.mjs): the identity-provider presets of issue 18 (Entra ID, Google
// Workspace, Okta): what each fills in, that they give way to each other and to what the admin typed,
// and that every language explains each one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import de from './i18n/de';
import en from './i18n/en';
import es from './i18n/es';
import fr from './i18n/fr';
import it from './i18n/it';
import ja from './i18n/ja';
import nl from './i18n/nl';
import ptBR from './i18n/pt-BR';
import { Dictionary, Key } from './i18n';
import { applyPreset, Preset, PRESETS } from './idpPresets';

const EMPTY = { displayName: '', issuer: '', emailClaim: 'email', trustEmail: false, clientId: 'kept' };

test('Entra ID: the address from upn, trusted (the form then asks for allowed domains), the tenant issuer only as a placeholder', () => {
  const form = applyPreset(EMPTY, 'entra');
  assert.deepEqual(form, { displayName: 'Microsoft Entra ID', issuer: '', emailClaim: 'upn', trustEmail: true, clientId: 'kept' });
  assert.match(PRESETS.entra.issuerPattern, /^https:\/\/login\.microsoftonline\.com\/<tenant-id>\/v2\.0$/);
});

test('Google Workspace: Google’s issuer, the verified email claim, not trusted blindly', () => {
  const form = applyPreset(EMPTY, 'google');
  assert.deepEqual(form, { displayName: 'Google Workspace', issuer: 'https://accounts.google.com', emailClaim: 'email', trustEmail: false, clientId: 'kept' });
});

test('Okta: the verified email claim, the org issuer only as a placeholder', () => {
  const form = applyPreset(EMPTY, 'okta');
  assert.deepEqual(form, { displayName: 'Okta', issuer: '', emailClaim: 'email', trustEmail: false, clientId: 'kept' });
  assert.equal(PRESETS.okta.issuerPattern, 'https://<your-org>.okta.com');
});

test('presets give way to each other, never to what the admin typed', () => {
  // Google's issuer and name go when the admin switches to Okta, then to "other"
  const google = applyPreset(EMPTY, 'google');
  const okta = applyPreset(google, 'okta');
  assert.equal(okta.issuer, '');
  assert.equal(okta.displayName, 'Okta');
  const custom = applyPreset(applyPreset(EMPTY, 'entra'), 'custom');
  assert.deepEqual(custom, EMPTY);
  // typed by the admin: kept whatever preset follows
  const typed = { ...EMPTY, displayName: 'Acme login', issuer: 'https://login.acme.test' };
  for (const preset of Object.keys(PRESETS) as Preset[]) {
    const form = applyPreset(typed, preset);
    assert.equal(form.displayName, 'Acme login', preset);
    assert.equal(form.issuer, preset === 'google' ? 'https://accounts.google.com' : 'https://login.acme.test', preset);
    assert.equal(form.emailClaim, PRESETS[preset].emailClaim, preset);
    assert.equal(form.trustEmail, PRESETS[preset].trustEmail, preset);
  }
});

test('every language names and explains each preset', () => {
  const dictionaries: Record<string, Dictionary> = { en, de, fr, es, it, nl, ja, 'pt-BR': ptBR };
  for (const [lang, dict] of Object.entries(dictionaries)) {
    for (const preset of Object.keys(PRESETS) as Preset[]) {
      assert.ok(dict[`admin.idp_preset.${preset}` as Key]?.trim(), `${lang}: name of ${preset}`);
      assert.ok(dict[`admin.idp_preset_hint.${preset}` as Key]?.trim(), `${lang}: hint of ${preset}`);
    }
    assert.match(dict['admin.idp_preset_hint.entra'], /upn/, `${lang}: Entra sends upn`);
    assert.match(dict['admin.idp_preset_hint.google'], /https:\/\/accounts\.google\.com/, `${lang}: Google's issuer`);
    assert.match(dict['admin.idp_preset_hint.okta'], /okta\.com/, `${lang}: Okta's issuer`);
  }
});

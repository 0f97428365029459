// Unit tests (scripts/unit-tests.mjs): what a page takes from its URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regionOfQuery } from './patterns';

test('the SSO return page takes a region code from its query, nothing else', () => {
  // an IdP-initiated SAML sign-in lands on /login/sso?region=<region> (identity-service SamlService.landing)
  assert.equal(regionOfQuery(new URLSearchParams('region=eu-central-1')), 'eu-central-1');
  assert.equal(regionOfQuery(new URLSearchParams('region=us-east-1&error=saml_unsolicited')), 'us-east-1');
  assert.equal(regionOfQuery(new URLSearchParams('')), null);
  assert.equal(regionOfQuery(new URLSearchParams('region=')), null);
  for (const foreign of ['https://evil.test', 'EU-CENTRAL-1', 'eu central', '<script>', 'eu-central-1/..', 'a'.repeat(41)]) {
    assert.equal(regionOfQuery(new URLSearchParams({ region: foreign })), null, foreign);
  }
});

// Unit tests (scripts/unit-tests.mjs): what the shared new-password form (newPassword.tsx) of the invitation and reset pages shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, PasswordPolicy } from './api';
import { newPasswordState } from './password';

const policy: PasswordPolicy = {
  minLength: 12, maxLength: 64, requireUppercase: true, requireLowercase: true, requireDigit: true,
  requireSymbol: false, rejectCommonPasswords: true,
};
const GOOD = 'Harbor-Quartz-Lantern-7';

test('a password that meets the policy and is confirmed may be sent; nothing is shown', () => {
  const state = newPasswordState(policy, GOOD, GOOD, true, null);
  assert.equal(state.canSubmit, true);
  assert.deepEqual([state.mismatch, state.showError, state.showPolicyRefusal, state.showFixHint], [false, false, false, false]);
});

test('an unmet rule or a different confirmation blocks sending, and says so only once the person tried', () => {
  assert.equal(newPasswordState(policy, 'short1A', 'short1A', false, null).canSubmit, false);
  assert.equal(newPasswordState(policy, 'short1A', 'short1A', false, null).showFixHint, false);
  assert.equal(newPasswordState(policy, 'short1A', 'short1A', true, null).showFixHint, true);
  const different = newPasswordState(policy, GOOD, GOOD + '!', true, null);
  assert.equal(different.canSubmit, false);
  assert.equal(different.mismatch, true);
  assert.equal(newPasswordState(policy, GOOD, GOOD + '!', false, null).mismatch, false);
});

test('the server refusing the password marks its rules instead of a generic error', () => {
  const refused = new ApiError({ status: 400, code: 'password_policy', errors: [{ pointer: '/password', code: 'common_password' }] } as never);
  const state = newPasswordState(policy, GOOD, GOOD, true, refused);
  assert.deepEqual([...state.server], ['common_password']);
  assert.equal(state.showPolicyRefusal, true);
  assert.equal(state.showError, false);
  assert.equal(state.showFixHint, false, 'the checklist says what to fix, not the generic hint');
});

test('any other failure is shown as it is', () => {
  const used = new ApiError({ status: 410, code: 'invitation_used' } as never);
  const state = newPasswordState(policy, GOOD, GOOD, true, used);
  assert.equal(state.showError, true);
  assert.equal(state.showPolicyRefusal, false);
  assert.equal(newPasswordState(policy, GOOD, GOOD, true, new Error('offline')).showError, true);
});

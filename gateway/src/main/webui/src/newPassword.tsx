import { useState } from 'preact/hooks';
import { PasswordPolicy } from './api';
import { useI18n } from './i18n';
import { newPasswordState, PasswordChecklist, usePasswordCheck } from './password';
import { Alert, Button, ErrorAlert, Field } from './ui';

/**
 * A new password for the invitation's and the reset link's pages: the (hidden) username for
 * password managers, the password and its confirmation, the live checklist of the org's policy
 * (the rules only the server can judge are checked with `checkExtra`'s token), and the
 * submit button. `onSubmit` sends it; a failure it throws is shown here and handed to
 * `onError`.
 */
export function NewPasswordForm(props: {
  email: string; policy: PasswordPolicy; rulesId: string; submitLabel: string; region: string;
  checkExtra: Record<string, unknown>; onSubmit: (password: string) => Promise<void>; onError?: (error: unknown) => void;
}) {
  const t = useI18n();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);
  const check = usePasswordCheck(password, '/api/v2/auth/password/check',
    { extra: props.checkExtra, token: null, region: props.region, enabled: password !== '' });
  const state = newPasswordState(props.policy, password, confirm, touched, error);

  async function submit(e: Event) {
    e.preventDefault();
    setTouched(true);
    if (!state.canSubmit) return;
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(password);
    } catch (err) {
      setError(err);
      props.onError?.(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit}>
      <input type="email" name="username" autoComplete="username" value={props.email} readOnly hidden />
      <Field label={t.t('invite.new_password')} type="password" name="new-password" autoComplete="new-password" required
        value={password} onValue={(v) => { setPassword(v); if (error) setError(null); }} aria-describedby={props.rulesId} />
      <Field label={t.t('invite.confirm_password')} type="password" name="confirm-password" autoComplete="new-password" required
        value={confirm} onValue={setConfirm} error={state.mismatch ? t.t('password.rule.match') : undefined} />
      <PasswordChecklist id={props.rulesId} policy={props.policy} password={password} confirm={confirm} server={state.server} check={check} />
      {state.showError && <ErrorAlert error={error} />}
      {state.showPolicyRefusal && <Alert>{t.t('problem.password_policy')}</Alert>}
      {state.showFixHint && <Alert>{t.t('invite.fix_password')}</Alert>}
      <Button type="submit" busy={busy} class="btn btn-primary btn-block">{props.submitLabel}</Button>
    </form>
  );
}

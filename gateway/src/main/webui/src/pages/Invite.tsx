import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, LoginResult, Lookup } from '../api';
import { languageChosen, setLanguage, supported, useI18n } from '../i18n';
import { navigate, route } from '../router';
import { rememberRegion } from '../session';
import { useStore } from '../store';
import { PasswordChecklist, serverRules, unmetRules, usePasswordCheck } from '../password';
import { Alert, Button, Card, ErrorAlert, Field, Link, Spinner } from '../ui';
import { follow } from './Login';

/** The invitation link's landing page: who and where, a new password, then logged in. */
export function Invite() {
  const t = useI18n();
  const r = useStore(route);
  const token = r.query.get('token') ?? '';
  const region = r.query.get('region') ?? '';
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);
  // The rules only the server can judge, for the policy of the invitation's org and the invitee's words.
  const check = usePasswordCheck(password, '/api/v2/auth/password/check',
    { extra: { invitationToken: token }, token: null, region, enabled: !!lookup && !lookup.ssoOnly && password !== '' });

  useEffect(() => {
    if (!token || !region) { setLookupError(new ApiError({ status: 404, code: 'invitation_not_found' })); return; }
    api<Lookup>('GET', '/api/v2/invitations/lookup', { token: null, region, query: { token, region } }).then(async (l) => {
      if (!languageChosen() && supported(l.locale)) await setLanguage(l.locale!, { remember: true });
      setLookup(l);
    }, setLookupError);
  }, [token, region]);

  if (lookupError) {
    const code = lookupError instanceof ApiError ? lookupError.code : '';
    const known = ['invitation_not_found', 'invitation_expired', 'invitation_revoked', 'invitation_used'].includes(code);
    return (
      <Card>
        <h1>{t.t('invite.unusable_title')}</h1>
        {known ? <Alert>{t.t(`invite.${code}` as 'invite.invitation_used')}</Alert> : <ErrorAlert error={lookupError} />}
        <p>{code === 'invitation_used' ? t.t('invite.used_hint') : t.t('invite.ask_admin')}</p>
        <p><Link href="/">{t.t('invite.to_login')}</Link></p>
      </Card>
    );
  }
  if (!lookup) return <Card><h1>{t.t('invite.title')}</h1><Spinner /></Card>;

  if (lookup.ssoOnly) {
    return (
      <Card>
        <h1>{t.t('invite.title')}</h1>
        <InvitationFacts lookup={lookup} />
        <p>{t.t('invite.sso_only')}</p>
        <Button type="button" onClick={() => { rememberRegion(region); navigate(`/login/org/${encodeURIComponent(lookup.orgName)}?region=${encodeURIComponent(region)}`); }}>
          {t.t('invite.sso_continue')}
        </Button>
      </Card>
    );
  }

  const server = serverRules(error);
  const canSubmit = unmetRules(lookup.passwordPolicy, password).size === 0 && password === confirm;

  async function submit(e: Event) {
    e.preventDefault();
    setTouched(true);
    if (!canSubmit) return;
    setBusy(true);
    setError(null);
    try {
      rememberRegion(region);
      const result = await api<LoginResult>('POST', '/api/v2/auth/invitations/accept', {
        token: null, region, body: { token, password, locale: t.lang },
      });
      await follow(result, region);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <h1>{t.t('invite.title')}</h1>
      <InvitationFacts lookup={lookup} />
      <form onSubmit={submit}>
        <input type="email" name="username" autoComplete="username" value={lookup.email} readOnly hidden />
        <Field label={t.t('invite.new_password')} type="password" name="new-password" autoComplete="new-password" required
          value={password} onValue={(v) => { setPassword(v); if (error) setError(null); }} aria-describedby="pw-rules" />
        <Field label={t.t('invite.confirm_password')} type="password" name="confirm-password" autoComplete="new-password" required
          value={confirm} onValue={setConfirm} error={touched && confirm !== password ? t.t('password.rule.match') : undefined} />
        <PasswordChecklist id="pw-rules" policy={lookup.passwordPolicy} password={password} confirm={confirm} server={server} check={check} />
        {error && !(error instanceof ApiError && error.code === 'password_policy') && <ErrorAlert error={error} />}
        {server.size > 0 && <Alert>{t.t('problem.password_policy')}</Alert>}
        {touched && !canSubmit && server.size === 0 && <Alert>{t.t('invite.fix_password')}</Alert>}
        <Button type="submit" busy={busy} class="btn btn-primary btn-block">{t.t('invite.register')}</Button>
      </form>
    </Card>
  );
}

function InvitationFacts({ lookup }: { lookup: Lookup }) {
  const t = useI18n();
  return (
    <dl class="facts">
      <dt>{t.t('invite.organization')}</dt><dd data-testid="invite-org">{lookup.orgName}</dd>
      <dt>{t.t('login.email')}</dt><dd data-testid="invite-email">{lookup.email}</dd>
      <dt>{t.t('invite.expires')}</dt><dd>{t.date(lookup.expiresAt)}</dd>
    </dl>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, LoginResult, ResetLookup } from '../api';
import { useI18n } from '../i18n';
import { NewPasswordForm } from '../newPassword';
import { regionName } from '../problems';
import { route } from '../router';
import { rememberedRegion, rememberRegion } from '../session';
import { useStore } from '../store';
import { Alert, Button, Card, ErrorAlert, Field, Link, Spinner } from '../ui';
import { follow, RegionSelect, typedEmail } from './Login';

/**
 * "Forgot your password?": an email and the region. The answer is the same whether or not the
 * email has an account (the server never says), so the page always says "check your email".
 */
export function ForgotPassword() {
  const t = useI18n();
  const r = useStore(route);
  const [email, setEmail] = useState(typedEmail.get());
  const [region, setRegion] = useState(r.query.get('region') ?? rememberedRegion() ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<{ email: string; region: string } | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api('POST', '/api/v2/auth/password/forgot', { token: null, region, body: { email: email.trim() } });
      rememberRegion(region);
      setSent({ email: email.trim(), region });
      requestAnimationFrame(() => document.getElementById('forgot-sent')?.focus());
    } catch (err) { setError(err); } finally { setBusy(false); }
  }

  if (sent) {
    return (
      <Card>
        <h1 id="forgot-sent" tabIndex={-1}>{t.t('forgot.sent_title')}</h1>
        <Alert kind="success"><p data-testid="forgot-sent">{t.t('forgot.sent', { email: sent.email, region: regionName(t, sent.region) })}</p></Alert>
        <p>{t.t('forgot.sent_hint')}</p>
        <div class="actions">
          <Button type="button" variant="secondary" onClick={() => setSent(null)}>{t.t('forgot.again')}</Button>
        </div>
        <p><Link href="/">{t.t('sso.back')}</Link></p>
      </Card>
    );
  }
  return (
    <Card>
      <h1>{t.t('forgot.title')}</h1>
      <p>{t.t('forgot.intro')}</p>
      <form onSubmit={submit}>
        <Field label={t.t('login.email')} type="email" name="email" autoComplete="username" required maxLength={320}
          value={email} onValue={(v) => { setEmail(v); typedEmail.set(v); }} />
        <RegionSelect value={region} onValue={setRegion} />
        <ErrorAlert error={error} context={{ requests: true }} />
        <Button type="submit" busy={busy} class="btn btn-primary btn-block">{t.t('forgot.submit')}</Button>
      </form>
      <p><Link href="/">{t.t('sso.back')}</Link></p>
    </Card>
  );
}

const DEAD_LINKS = ['password_reset_not_found', 'password_reset_expired', 'password_reset_used', 'password_reset_replaced'];

/** The emailed link's page: whose password, a new one with the live checklist, then signed in (or the MFA step). */
export function ResetPassword() {
  const t = useI18n();
  const r = useStore(route);
  const token = r.query.get('token') ?? '';
  const region = r.query.get('region') ?? '';
  const [lookup, setLookup] = useState<ResetLookup | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!token || !region) { setLookupError(new ApiError({ status: 404, code: 'password_reset_not_found' })); return; }
    api<ResetLookup>('GET', '/api/v2/auth/password/reset', { token: null, region, query: { token } }).then(setLookup, setLookupError);
  }, [token, region]);

  // a link used or replaced meanwhile (another tab): the page explains it like a dead link
  const deadNow = error instanceof ApiError && DEAD_LINKS.includes(error.code) ? error : null;
  const dead = lookupError ?? deadNow;
  if (dead) {
    const code = dead instanceof ApiError ? dead.code : '';
    return (
      <Card>
        <h1>{t.t('reset.unusable_title')}</h1>
        {DEAD_LINKS.includes(code) ? <Alert>{t.t(`reset.${code}` as 'reset.password_reset_used')}</Alert> : <ErrorAlert error={dead} />}
        <p><Link href={`/forgot-password?region=${encodeURIComponent(region)}`}>{t.t('reset.ask_again')}</Link></p>
        <p><Link href="/">{t.t('sso.back')}</Link></p>
      </Card>
    );
  }
  if (!lookup) return <Card><h1>{t.t('reset.title')}</h1><Spinner /></Card>;

  async function reset(password: string) {
    rememberRegion(region);
    const result = await api<LoginResult>('POST', '/api/v2/auth/password/reset', { token: null, region, body: { token, password } });
    await follow(result, region);
  }

  return (
    <Card>
      <h1>{t.t('reset.title')}</h1>
      <p>{t.t('reset.intro', { email: lookup.email, org: lookup.orgName })}</p>
      <dl class="facts">
        <dt>{t.t('invite.organization')}</dt><dd data-testid="reset-org">{lookup.orgName}</dd>
        <dt>{t.t('login.email')}</dt><dd data-testid="reset-email">{lookup.email}</dd>
        <dt>{t.t('invite.expires')}</dt><dd>{t.date(lookup.expiresAt)}</dd>
      </dl>
      <NewPasswordForm email={lookup.email} policy={lookup.passwordPolicy} rulesId="reset-pw-rules" submitLabel={t.t('reset.submit')}
        region={region} checkExtra={{ resetToken: token }} onSubmit={reset} onError={setError} />
    </Card>
  );
}

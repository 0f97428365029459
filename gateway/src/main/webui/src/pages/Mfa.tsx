import { useState } from 'preact/hooks';
import { api, ApiError, Enrollment, LoginResult, Validated } from '../api';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { pendingMfa } from '../session';
import { useStore } from '../store';
import { Alert, Button, Card, Checkbox, CopyButton, download, ErrorAlert, Field, Link } from '../ui';
import { follow } from './Login';

/**
 * Enrolling an authenticator: name -> QR code (and the secret as text) -> code -> recovery codes.
 * With the login's mfaToken (first login in an MFA org) or an access token (My Account). A further
 * device (`stepUp`) also asks for a current code of an existing device or a recovery code, sent as
 * X-MFA-Code.
 */
export function Enroll(props: { token?: string; stepUp?: boolean; onValidated: (v: Validated) => void; onCancel?: () => void }) {
  const t = useI18n();
  const [name, setName] = useState('');
  const [stepUpCode, setStepUpCode] = useState('');
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const opts = props.token ? { token: props.token } : {};

  async function start(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const headers: Record<string, string> = props.stepUp ? { 'X-MFA-Code': stepUpValue(stepUpCode) } : {};
      setEnrollment(await api<Enrollment>('POST', '/api/v2/mfa/enrollments', { ...opts, headers, body: { name: name.trim() } }));
      requestAnimationFrame(() => document.getElementById('mfa-step-2')?.focus());
    } catch (err) { setError(err); } finally { setBusy(false); }
  }

  async function validate(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      props.onValidated(await api<Validated>('POST', `/api/v2/mfa/enrollments/${enrollment!.id}/validate`, { ...opts, body: { code: code.replace(/\s/g, '') } }));
    } catch (err) { setError(err); setCode(''); } finally { setBusy(false); }
  }

  if (!enrollment) {
    return (
      <form onSubmit={start} class="mfa-step">
        <h2>{t.t('mfa.step1')}</h2>
        <p>{t.t('mfa.name_intro')}</p>
        <Field label={t.t('mfa.device_name')} hint={t.t('mfa.device_name_hint')} name="device-name" required maxLength={64}
          value={name} onValue={setName} autoComplete="off" />
        {props.stepUp && (
          <StepUpField value={stepUpCode} onValue={setStepUpCode} intro={t.t('account.add_device_step_up')} />
        )}
        <ErrorAlert error={error} context={{ fields: { name: t.t('mfa.device_name') } }} />
        <div class="actions">
          <Button type="submit" busy={busy}>{t.t('common.next')}</Button>
          {props.onCancel && <Button type="button" variant="secondary" onClick={props.onCancel}>{t.t('common.cancel')}</Button>}
        </div>
      </form>
    );
  }
  const grouped = enrollment.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <form onSubmit={validate} class="mfa-step">
      <h2 id="mfa-step-2" tabIndex={-1}>{t.t('mfa.step2')}</h2>
      <p>{t.t('mfa.scan')}</p>
      <div class="qr-wrap">
        <img class="qr" src={enrollment.qrCode} width={200} height={200} alt={t.t('mfa.qr_alt', { name: enrollment.name })} />
      </div>
      <p>{t.t('mfa.manual')}</p>
      <p class="secret-row">
        <code class="secret" data-testid="mfa-secret" data-secret={enrollment.secret} aria-label={t.t('mfa.secret_label')}>{grouped}</code>
        <CopyButton text={enrollment.secret} label={t.t('mfa.copy_secret')} />
      </p>
      <Field label={t.t('mfa.code')} hint={t.t('mfa.code_hint')} name="code" inputMode="numeric" autoComplete="one-time-code"
        pattern="[0-9 ]{6,7}" maxLength={7} required value={code} onValue={setCode} />
      <ErrorAlert error={error} />
      <div class="actions">
        <Button type="submit" busy={busy}>{t.t('mfa.validate')}</Button>
        {props.onCancel && <Button type="button" variant="secondary" onClick={props.onCancel}>{t.t('common.cancel')}</Button>}
      </div>
    </form>
  );
}

/** What goes into X-MFA-Code: a TOTP code without spaces, or a recovery code as typed (trimmed). */
export function stepUpValue(typed: string) {
  const compact = typed.replace(/\s/g, '');
  return /^[0-9]{6}$/.test(compact) ? compact : typed.trim();
}

/**
 * The step-up field of My Account: a current code of one of the person's authenticator apps, or
 * an unused recovery code (proves the person, not just the session, is making the change).
 */
export function StepUpField({ value, onValue, intro }: { value: string; onValue: (v: string) => void; intro?: string }) {
  const t = useI18n();
  return (
    <>
      {intro && <p>{intro}</p>}
      <Field label={t.t('account.step_up_code')} hint={t.t('account.step_up_hint')} name="step-up-code" autoComplete="one-time-code"
        required maxLength={64} value={value} onValue={onValue} />
    </>
  );
}

/** Recovery codes, shown once: copy, download, and an explicit "I saved them". */
export function RecoveryCodes({ codes, children, title, intro }: { codes: string[]; children?: preact.ComponentChildren; title?: string; intro?: string }) {
  const t = useI18n();
  const text = codes.join('\n');
  return (
    <div class="recovery">
      <h2 id="recovery-title" tabIndex={-1}>{title ?? t.t('mfa.recovery_title')}</h2>
      <Alert kind="info">{intro ?? t.t('mfa.recovery_intro')}</Alert>
      <ol class="codes" aria-labelledby="recovery-title" data-testid="recovery-codes">
        {codes.map((c) => <li key={c}><code>{c}</code></li>)}
      </ol>
      <div class="actions">
        <CopyButton text={text} label={t.t('mfa.copy_codes')} />
        <Button type="button" variant="secondary" onClick={() => download('threshold-recovery-codes.txt', text + '\n')}>{t.t('mfa.download_codes')}</Button>
      </div>
      {children}
    </div>
  );
}

/** The MFA window of a login: enrollment (first time) or the challenge, then the login completes. */
export function MfaLogin() {
  const t = useI18n();
  const pending = useStore(pendingMfa);
  const [validated, setValidated] = useState<Validated | null>(null);
  const [remember, setRemember] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!pending || pending.expiresAt < Date.now()) {
    return (
      <Card>
        <h1>{t.t('mfa.title')}</h1>
        <Alert>{t.t('problem.mfa_flow_invalid')}</Alert>
        <p><Link href="/">{t.t('invite.to_login')}</Link></p>
      </Card>
    );
  }

  async function complete(mfaProof: string) {
    const result = await api<LoginResult>('POST', '/api/v2/auth/login/mfa', {
      token: null, region: pending!.region, body: { mfaToken: pending!.mfaToken, mfaProof, rememberDevice: remember },
    });
    await follow(result, pending!.region);
  }

  async function finishEnrollment() {
    setBusy(true); setError(null);
    try { await complete(validated!.mfaProof!); } catch (err) { setError(err); } finally { setBusy(false); }
  }

  async function challenge(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const body = useRecovery ? { recoveryCode: code.trim() } : { code: code.replace(/\s/g, '') };
      const { mfaProof } = await api<{ mfaProof: string }>('POST', '/api/v2/mfa/challenge', { token: pending!.mfaToken, body });
      await complete(mfaProof);
    } catch (err) {
      setError(err); setCode('');
    } finally { setBusy(false); }
  }

  const rememberBox = (
    <Checkbox label={t.t('mfa.remember')} hint={t.t('mfa.remember_hint')} checked={remember} onChange={setRemember} name="remember" />
  );

  if (pending.enroll) {
    return (
      <Card>
        <h1>{t.t('mfa.enroll_title')}</h1>
        {pending.requiredNow && <Alert kind="info">{t.t('mfa.required_now')}</Alert>}
        <p>{t.t('mfa.enroll_intro')}</p>
        {!validated && <Enroll token={pending.mfaToken} onValidated={(v) => {
          setValidated(v);
          requestAnimationFrame(() => document.getElementById('recovery-title')?.focus());
        }} />}
        {validated && (
          <RecoveryCodes codes={validated.recoveryCodes ?? []}>
            {rememberBox}
            <ErrorAlert error={error} />
            <Button type="button" busy={busy} onClick={finishEnrollment}>{t.t('mfa.saved_continue')}</Button>
          </RecoveryCodes>
        )}
      </Card>
    );
  }

  const expired = error instanceof ApiError && (error.code === 'mfa_flow_invalid' || error.status === 401);
  return (
    <Card>
      <h1>{t.t('mfa.title')}</h1>
      {pending.requiredNow && <Alert kind="info">{t.t('mfa.required_now_challenge')}</Alert>}
      <form onSubmit={challenge}>
        <p>{useRecovery ? t.t('mfa.recovery_prompt') : t.t('mfa.challenge_prompt')}</p>
        {useRecovery
          ? <Field key="recovery" label={t.t('mfa.recovery_code')} name="recovery-code" autoComplete="off" required value={code} onValue={setCode} />
          : <Field key="totp" label={t.t('mfa.code')} hint={t.t('mfa.code_hint')} name="code" inputMode="numeric" autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}" maxLength={7} required value={code} onValue={setCode} />}
        {rememberBox}
        <ErrorAlert error={error} context={{ recovery: useRecovery }} />
        {expired && <p><Link href="/">{t.t('invite.to_login')}</Link></p>}
        <div class="actions">
          <Button type="submit" busy={busy}>{t.t('mfa.verify')}</Button>
          <Button type="button" variant="link" onClick={() => { setUseRecovery(!useRecovery); setCode(''); setError(null); }}>
            {useRecovery ? t.t('mfa.use_app') : t.t('mfa.use_recovery')}
          </Button>
        </div>
        <p class="hint" data-testid="mfa-lost-device">{t.t('mfa.lost_device')}</p>
        <p><Button type="button" variant="link" onClick={() => { pendingMfa.set(null); navigate('/'); }}>{t.t('common.cancel')}</Button></p>
      </form>
    </Card>
  );
}

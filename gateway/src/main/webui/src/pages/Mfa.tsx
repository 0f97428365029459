import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, Enrollment, LoginResult, Validated } from '../api';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { pendingMfa } from '../session';
import { useStore } from '../store';
import { Alert, Button, Card, Checkbox, CopyButton, download, ErrorAlert, Field, Link, Spinner } from '../ui';
import { AssertionOptions, createPasskey, getPasskey, passkeyStepUp, passkeysSupported, RequestOptionsJSON } from '../webauthn';
import { follow } from './Login';

/**
 * Enrolling a device: name -> kind (authenticator app or passkey). An app: QR code (and the secret
 * as text) -> code -> recovery codes; a passkey: the browser's prompt -> recovery codes. With the
 * login's mfaToken (first login in an MFA org) or an access token (My Account). A further device
 * (`stepUp`) also asks for a current code of an existing device or a recovery code, sent as
 * X-MFA-Code, or (`stepUpPasskey`: the person has one) an assertion of a passkey.
 */
export function Enroll(props: { token?: string; stepUp?: boolean; stepUpPasskey?: boolean; onValidated: (v: Validated) => void; onCancel?: () => void }) {
  const t = useI18n();
  const [name, setName] = useState('');
  const [type, setType] = useState<'totp' | 'webauthn'>('totp');
  const [stepUpCode, setStepUpCode] = useState('');
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const opts = props.token ? { token: props.token } : {};
  const supported = passkeysSupported();

  async function begin(stepUpHeader?: string) {
    setBusy(true); setError(null);
    try {
      const headers: Record<string, string> = props.stepUp ? { 'X-MFA-Code': stepUpHeader ?? stepUpValue(stepUpCode) } : {};
      const created = await api<Enrollment>('POST', '/api/v2/mfa/enrollments', { ...opts, headers, body: { name: name.trim(), type } });
      if (created.type === 'webauthn' && created.publicKey) {
        // the browser asks the person; a cancel leaves the pending enrollment to expire (a retry replaces it)
        const credential = await createPasskey(created.publicKey);
        props.onValidated(await api<Validated>('POST', `/api/v2/mfa/enrollments/${created.id}/validate`, { ...opts, body: { credential } }));
        return;
      }
      setEnrollment(created);
      requestAnimationFrame(() => document.getElementById('mfa-step-2')?.focus());
    } catch (err) { setError(err); setStepUpCode(''); } finally { setBusy(false); }
  }

  function start(e: Event) {
    e.preventDefault();
    return begin();
  }

  async function startWithPasskeyStepUp() {
    if (!name.trim()) { document.querySelector<HTMLInputElement>('input[name=device-name]')?.focus(); return; }
    setBusy(true); setError(null);
    let value: string;
    try { value = await passkeyStepUp(); } catch (err) { setError(err); setBusy(false); return; }
    await begin(value);
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
        <fieldset>
          <legend>{t.t('mfa.type_legend')}</legend>
          <div class="radio">
            <input type="radio" name="device-type" id="device-type-totp" value="totp" checked={type === 'totp'}
              onChange={() => setType('totp')} aria-describedby="device-type-totp-hint" />
            <label for="device-type-totp">{t.t('mfa.type_totp')}</label>
            <p class="hint" id="device-type-totp-hint">{t.t('mfa.type_totp_hint')}</p>
          </div>
          <div class="radio">
            <input type="radio" name="device-type" id="device-type-passkey" value="webauthn" checked={type === 'webauthn'}
              disabled={!supported} onChange={() => setType('webauthn')} aria-describedby="device-type-passkey-hint" />
            <label for="device-type-passkey">{t.t('mfa.type_passkey')}</label>
            <p class="hint" id="device-type-passkey-hint">{supported ? t.t('mfa.type_passkey_hint') : t.t('problem.passkey_unsupported')}</p>
          </div>
        </fieldset>
        {props.stepUp && (
          <StepUpField value={stepUpCode} onValue={setStepUpCode} intro={t.t('account.add_device_step_up')}
            onPasskey={props.stepUpPasskey ? startWithPasskeyStepUp : undefined} busy={busy} />
        )}
        <ErrorAlert error={error} context={{ fields: { name: t.t('mfa.device_name') } }} />
        <div class="actions">
          <Button type="submit" busy={busy}>{type === 'webauthn' ? t.t('mfa.passkey_create') : t.t('common.next')}</Button>
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
 * an unused recovery code (proves the person, not just the session, is making the change); with
 * `onPasskey` (the person has a passkey) also a button that confirms with the passkey instead.
 */
export function StepUpField({ value, onValue, intro, onPasskey, busy }: { value: string; onValue: (v: string) => void; intro?: string; onPasskey?: () => void; busy?: boolean }) {
  const t = useI18n();
  return (
    <>
      {intro && <p>{intro}</p>}
      <Field label={t.t('account.step_up_code')} hint={t.t('account.step_up_hint')} name="step-up-code" autoComplete="one-time-code"
        required={!onPasskey} maxLength={64} value={value} onValue={onValue} />
      {onPasskey && (
        <p><Button type="button" variant="secondary" busy={busy} onClick={onPasskey}>{t.t('account.step_up_passkey')}</Button></p>
      )}
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

/**
 * The MFA window of a login: enrollment (first time) or the challenge, then the login completes.
 * At the challenge a person with a passkey is offered it first; a code of an authenticator app
 * (when the person has one) and a recovery code stay one click away.
 */
export function MfaLogin() {
  const t = useI18n();
  const pending = useStore(pendingMfa);
  const [validated, setValidated] = useState<Validated | null>(null);
  const [remember, setRemember] = useState(false);
  const [mode, setMode] = useState<'loading' | 'passkey' | 'code' | 'recovery'>('loading');
  const [methods, setMethods] = useState<string[]>([]);
  const [options, setOptions] = useState<RequestOptionsJSON | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // which kinds of device the person has: passkey options when there is a passkey, else the code form
  useEffect(() => {
    if (!pending || pending.enroll || pending.expiresAt < Date.now()) return;
    api<AssertionOptions>('POST', '/api/v2/mfa/challenge/options', { token: pending.mfaToken }).then(
      // a browser without WebAuthn starts with the authenticator app when the person has one
      (o) => { setOptions(o.publicKey); setMethods(o.methods); setMode(passkeysSupported() || !o.methods.includes('totp') ? 'passkey' : 'code'); },
      () => setMode('code'));
  }, [pending?.mfaToken]);

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
      const body = mode === 'recovery' ? { recoveryCode: code.trim() } : { code: code.replace(/\s/g, '') };
      const { mfaProof } = await api<{ mfaProof: string }>('POST', '/api/v2/mfa/challenge', { token: pending!.mfaToken, body });
      await complete(mfaProof);
    } catch (err) {
      setError(err); setCode('');
    } finally { setBusy(false); }
  }

  async function withPasskey() {
    setBusy(true); setError(null);
    try {
      // each challenge works once: use the one fetched with the page, then fetch a new one per try
      const publicKey = options ?? (await api<AssertionOptions>('POST', '/api/v2/mfa/challenge/options', { token: pending!.mfaToken })).publicKey;
      setOptions(null);
      const credential = await getPasskey(publicKey);
      const { mfaProof } = await api<{ mfaProof: string }>('POST', '/api/v2/mfa/challenge', { token: pending!.mfaToken, body: { credential } });
      await complete(mfaProof);
    } catch (err) { setError(err); } finally { setBusy(false); }
  }

  function switchTo(next: 'passkey' | 'code' | 'recovery') {
    setMode(next); setCode(''); setError(null);
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
  const hasPasskey = methods.includes('webauthn');
  const hasApp = !hasPasskey || methods.includes('totp');
  const cancel = (
    <p><Button type="button" variant="link" onClick={() => { pendingMfa.set(null); navigate('/'); }}>{t.t('common.cancel')}</Button></p>
  );
  if (mode === 'loading') {
    return <Card><h1>{t.t('mfa.title')}</h1><Spinner /></Card>;
  }
  if (mode === 'passkey') {
    return (
      <Card>
        <h1>{t.t('mfa.title')}</h1>
        {passkeysSupported()
          ? <p>{t.t('mfa.passkey_prompt')}</p>
          // no WebAuthn here: say what this person can do instead (not "an authenticator app" to someone without one)
          : <Alert kind="info"><span data-testid="passkey-unsupported">{t.t(hasApp ? 'mfa.passkey_unsupported_app' : 'mfa.passkey_unsupported_recovery')}</span></Alert>}
        {rememberBox}
        <ErrorAlert error={error} />
        {expired && <p><Link href="/">{t.t('invite.to_login')}</Link></p>}
        {passkeysSupported() && (
          <div class="actions">
            <Button type="button" busy={busy} onClick={withPasskey}>{t.t('mfa.use_passkey')}</Button>
          </div>
        )}
        <div class="actions">
          {hasApp && <Button type="button" variant="link" onClick={() => switchTo('code')}>{t.t('mfa.use_app')}</Button>}
          <Button type="button" variant="link" onClick={() => switchTo('recovery')}>{t.t('mfa.use_recovery')}</Button>
        </div>
        {cancel}
      </Card>
    );
  }
  const useRecovery = mode === 'recovery';
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
          {hasPasskey && <Button type="button" variant="link" onClick={() => switchTo('passkey')}>{t.t('mfa.use_passkey_instead')}</Button>}
          {(useRecovery ? hasApp : true) && (
            <Button type="button" variant="link" onClick={() => switchTo(useRecovery ? 'code' : 'recovery')}>
              {useRecovery ? t.t('mfa.use_app') : t.t('mfa.use_recovery')}
            </Button>
          )}
        </div>
        <p class="hint" data-testid="mfa-lost-device">{t.t('mfa.lost_device')}</p>
        {cancel}
      </form>
    </Card>
  );
}

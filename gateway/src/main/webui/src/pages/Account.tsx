import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, Device, Me, RecoveryCodesStatus, Validated } from '../api';
import { LANGUAGES, setLanguage, useI18n } from '../i18n';
import { navigate } from '../router';
import { logout, session } from '../session';
import { PasswordChecklist, serverRules, ruleText, usePasswordCheck } from '../password';
import { regionName } from '../problems';
import { createStore } from '../store';
import { Alert, Button, Card, ErrorAlert, Field, Select, Spinner } from '../ui';
import { Enroll, RecoveryCodes, StepUpField, stepUpValue } from './Mfa';
import { passkeyStepUp } from '../webauthn';

/**
 * Which part of My Account acted last: every card clears its own old error or success message when
 * another one starts something, so nothing stale stays on screen after an unrelated action.
 */
const lastAction = createStore<{ by: string; n: number }>({ by: '', n: 0 });
function began(by: string) { lastAction.set({ by, n: lastAction.get().n + 1 }); }
function useClearedByOthers(me: string, clear: () => void) {
  useEffect(() => lastAction.subscribe((a) => { if (a.by !== me) clear(); }), [me]);
}

export function Account() {
  const t = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => api<Me>('GET', '/api/v2/users/me').then(setMe, setError);
  useEffect(() => { load(); }, []);
  return (
    <div class="page">
      <h1>{t.t('account.title')}</h1>
      <ErrorAlert error={error} />
      {!me && !error && <Spinner />}
      {me && (
        <>
          <Profile me={me} onSaved={setMe} />
          {me.authMethod !== 'sso' && <PasswordChange />}
          <Devices me={me} onChanged={load} />
          <SignOut />
        </>
      )}
    </div>
  );
}

/** Sign out here, or everywhere else (every other session of mine ends at once: a lost device, a stolen session). */
function SignOut() {
  const t = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [ended, setEnded] = useState<number | null>(null);
  useClearedByOthers('signout', () => { setError(null); setEnded(null); });
  async function elsewhere() {
    began('signout');
    setBusy(true); setError(null); setEnded(null);
    try {
      const result = await api<{ sessionsEnded: number }>('DELETE', '/api/v2/users/me/sessions');
      setEnded(result.sessionsEnded);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card wide>
      <h2>{t.t('account.signout_title')}</h2>
      <ErrorAlert error={error} />
      {ended !== null && <Alert kind="success">{t.t('account.signout_elsewhere_done', { count: String(ended) })}</Alert>}
      <p class="hint" id="signout-elsewhere-hint">{t.t('account.signout_elsewhere_hint')}</p>
      <div class="actions">
        <Button type="button" variant="secondary" onClick={async () => { await logout(); navigate('/', { replace: true }); }}>{t.t('nav.signout')}</Button>
        <Button type="button" variant="secondary" busy={busy} aria-describedby="signout-elsewhere-hint" onClick={elsewhere}>{t.t('account.signout_elsewhere')}</Button>
      </div>
    </Card>
  );
}

function Profile({ me, onSaved }: { me: Me; onSaved: (me: Me) => void }) {
  const t = useI18n();
  const [name, setName] = useState(me.name ?? '');
  const [locale, setLocale] = useState(me.locale);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useClearedByOthers('profile', () => { setError(null); setSaved(false); });
  async function save(e: Event) {
    e.preventDefault();
    began('profile');
    setBusy(true); setError(null); setSaved(false);
    try {
      const updated = await api<Me>('PATCH', '/api/v2/users/me', { body: { name: name.trim(), locale } });
      onSaved(updated);
      await setLanguage(locale, { chosen: true });
      session.set({ ...session.get(), user: { ...session.get().user!, name: updated.name, locale: updated.locale } });
      setSaved(true);
    } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <Card wide>
      <h2>{t.t('account.profile')}</h2>
      <dl class="facts">
        <dt>{t.t('login.email')}</dt><dd>{me.email}</dd>
        <dt>{t.t('invite.organization')}</dt><dd>{me.orgName}</dd>
        <dt>{t.t('login.region')}</dt><dd>{regionName(t, me.region)}</dd>
        <dt>{t.t('account.signed_in_with')}</dt><dd>{me.authMethod === 'sso' ? t.t('account.method_sso') : t.t('account.method_password')}</dd>
      </dl>
      <form onSubmit={save}>
        <Field label={t.t('account.name')} name="name" autoComplete="name" required maxLength={200} value={name} onValue={setName} />
        <Select label={t.t('common.language')} name="locale" value={locale} onValue={setLocale} hint={t.t('account.language_hint')}
          options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))} />
        <ErrorAlert error={error} />
        {saved && <Alert kind="success">{t.t('common.saved')}</Alert>}
        <Button type="submit" busy={busy}>{t.t('common.save')}</Button>
      </form>
    </Card>
  );
}

function PasswordChange() {
  const t = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const rules = serverRules(error);
  // The same live checklist as the invitation page, with my org's policy (from the check's answer).
  const check = usePasswordCheck(next, '/api/v2/users/me/password/check');
  const policy = check.result?.passwordPolicy;
  useClearedByOthers('password', () => { setError(null); setDone(false); });
  async function submit(e: Event) {
    e.preventDefault();
    began('password');
    setError(null); setDone(false);
    if (next !== confirm) { setError(new ApiError({ status: 400, code: 'password_mismatch' })); return; }
    setBusy(true);
    try {
      await api('POST', '/api/v2/users/me/password', { body: { currentPassword: current, newPassword: next } });
      setDone(true); setCurrent(''); setNext(''); setConfirm('');
    } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <Card wide>
      <h2>{t.t('account.password')}</h2>
      <form onSubmit={submit}>
        <input type="text" name="username" autoComplete="username" hidden readOnly value={session.get().user?.email ?? ''} />
        <Field label={t.t('account.current_password')} type="password" name="current-password" autoComplete="current-password" required value={current} onValue={setCurrent} />
        <Field label={t.t('invite.new_password')} type="password" name="new-password" autoComplete="new-password" required value={next}
          onValue={(v) => { setNext(v); if (error) setError(null); }} aria-describedby={policy ? 'account-pw-rules' : undefined} />
        <Field label={t.t('invite.confirm_password')} type="password" name="confirm-password" autoComplete="new-password" required value={confirm} onValue={setConfirm} />
        {policy && <PasswordChecklist id="account-pw-rules" policy={policy} password={next} confirm={confirm} server={rules} check={check} />}
        {rules.size > 0
          ? <Alert><p>{t.t('problem.password_policy')}</p><ul>{[...rules].map((r) => <li key={r}>{ruleText(t, r)}</li>)}</ul></Alert>
          : <ErrorAlert error={error} />}
        {done && <Alert kind="success">{t.t('account.password_changed')}</Alert>}
        <Button type="submit" busy={busy}>{t.t('account.change_password')}</Button>
      </form>
    </Card>
  );
}

function Devices({ me, onChanged }: { me: Me; onChanged: () => void }) {
  const t = useI18n();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [recovery, setRecovery] = useState<RecoveryCodesStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [validated, setValidated] = useState<Validated | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const [regenerating, setRegenerating] = useState(false);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const load = () => Promise.all([
    api<Device[]>('GET', '/api/v2/mfa/devices').then(setDevices, setError),
    api<RecoveryCodesStatus>('GET', '/api/v2/mfa/recovery-codes').then(setRecovery, setError),
  ]);
  useEffect(() => { load(); }, []);

  useClearedByOthers('devices', () => { setError(null); setMessage(''); });
  async function act(fn: () => Promise<unknown>, done: string) {
    began('devices');
    setError(null); setMessage(''); setBusy(true);
    try { await fn(); setMessage(done); await load(); onChanged(); return true; } catch (err) { setError(err); return false; } finally { setBusy(false); }
  }
  /** One open form at a time, each starting clean (no old error or message on screen). */
  function open(what: { deleting?: string; regenerating?: boolean; adding?: boolean; renaming?: string }) {
    began('devices');
    setDeleting(what.deleting ?? null); setRegenerating(what.regenerating ?? false); setAdding(what.adding ?? false);
    setRenaming(what.renaming ?? null); setCode(''); setError(null); setMessage(''); setNewCodes(null); setValidated(null);
  }
  /** The step-up value: the typed code, or (withPasskey) an assertion of one of the person's passkeys. */
  const stepUp = (withPasskey?: boolean) => withPasskey ? passkeyStepUp() : Promise.resolve(stepUpValue(code));
  async function remove(d: Device, withPasskey?: boolean) {
    if (await act(async () => api('DELETE', `/api/v2/mfa/devices/${d.id}`, { headers: { 'X-MFA-Code': await stepUp(withPasskey) } }), t.t('account.device_deleted'))) {
      setDeleting(null); setCode('');
    } else { setCode(''); }
  }
  async function regenerate(e: Event | null, withPasskey?: boolean) {
    e?.preventDefault();
    began('devices');
    setError(null); setMessage(''); setBusy(true);
    try {
      const created = await api<{ recoveryCodes: string[] }>('POST', '/api/v2/mfa/recovery-codes', { headers: { 'X-MFA-Code': await stepUp(withPasskey) } });
      setRegenerating(false); setCode(''); setNewCodes(created.recoveryCodes);
      requestAnimationFrame(() => document.getElementById('recovery-title')?.focus());
      await load();
    } catch (err) { setError(err); setCode(''); } finally { setBusy(false); }
  }

  const hasDevices = !!devices && devices.length > 0;
  const hasPasskey = !!devices && devices.some((d) => d.type === 'webauthn');
  return (
    <Card wide>
      <h2>{t.t('account.mfa')}</h2>
      <p>{me.mfa.required ? t.t('account.mfa_required') : t.t('account.mfa_optional')}</p>
      {hasDevices && <p class="hint">{t.t('account.lost_device')}</p>}
      {!devices && !error && <Spinner />}
      {devices && devices.length === 0 && <p>{t.t('account.no_devices')}</p>}
      {hasDevices && (
        <ul class="rows">
          {devices!.map((d) => (
            <li key={d.id} class="row">
              {renaming === d.id ? (
                <form class="inline" onSubmit={async (e) => {
                  e.preventDefault();
                  if (await act(() => api('PATCH', `/api/v2/mfa/devices/${d.id}`, { body: { name: newName.trim() } }), t.t('common.saved'))) setRenaming(null);
                }}>
                  <Field label={t.t('mfa.device_name')} value={newName} onValue={setNewName} required maxLength={64} />
                  <Button type="submit">{t.t('common.save')}</Button>
                  <Button type="button" variant="secondary" onClick={() => setRenaming(null)}>{t.t('common.cancel')}</Button>
                </form>
              ) : (
                <>
                  <div class="row-main">
                    <strong>{d.name}</strong>
                    <span class="muted" data-testid="device-type">{d.type === 'webauthn' ? t.t('mfa.type_passkey') : t.t('mfa.type_totp')}</span>
                    <span class="muted">{t.t('account.device_added', { date: t.date(d.createdAt) })}{d.lastUsedAt ? ' · ' + t.t('account.device_used', { date: t.date(d.lastUsedAt) }) : ''}</span>
                  </div>
                  <div class="row-actions">
                    <Button type="button" variant="secondary" aria-label={t.t('account.rename_device', { name: d.name })}
                      onClick={() => { open({ renaming: d.id }); setNewName(d.name); }}>{t.t('common.rename')}</Button>
                    <Button type="button" variant="danger" aria-label={t.t('account.delete_device', { name: d.name })}
                      aria-expanded={deleting === d.id} onClick={() => open({ deleting: d.id })}>{t.t('common.delete')}</Button>
                  </div>
                  {deleting === d.id && (
                    <form class="inline step-up" onSubmit={(e) => { e.preventDefault(); remove(d); }}
                      aria-label={t.t('account.delete_device', { name: d.name })}>
                      <StepUpField value={code} onValue={setCode} intro={t.t('account.confirm_delete_device', { name: d.name })}
                        onPasskey={hasPasskey ? () => remove(d, true) : undefined} busy={busy} />
                      <Button type="submit" variant="danger" busy={busy}>{t.t('common.delete')}</Button>
                      <Button type="button" variant="secondary" onClick={() => open({})}>{t.t('common.cancel')}</Button>
                    </form>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert error={error} context={{ fields: { name: t.t('mfa.device_name') } }} />
      {message && <Alert kind="success">{message}</Alert>}
      {validated ? (
        validated.recoveryCodes && validated.recoveryCodes.length > 0 ? (
          <RecoveryCodes codes={validated.recoveryCodes}>
            <Button type="button" onClick={() => { setValidated(null); load(); onChanged(); }}>{t.t('common.done')}</Button>
          </RecoveryCodes>
        ) : (
          <>
            <Alert kind="success">{t.t('account.further_device_added', { name: validated.device.name })}</Alert>
            <Button type="button" onClick={() => { setValidated(null); load(); onChanged(); }}>{t.t('common.done')}</Button>
          </>
        )
      ) : adding ? (
        <Enroll stepUp={hasDevices} stepUpPasskey={hasPasskey} onCancel={() => setAdding(false)} onValidated={(v) => { setAdding(false); setValidated(v); }} />
      ) : (
        <div class="actions">
          <Button type="button" onClick={() => open({ adding: true })}>{t.t('account.add_device')}</Button>
          <Button type="button" variant="secondary" onClick={() => act(() => api('DELETE', '/api/v2/users/me/remembered-devices'), t.t('account.forgot_browsers'))}>
            {t.t('account.forget_browsers')}
          </Button>
        </div>
      )}
      {hasDevices && recovery && (
        <section class="recovery-status" aria-labelledby="recovery-status-title">
          <h3 id="recovery-status-title">{t.t('account.recovery_codes')}</h3>
          <p data-testid="recovery-remaining">
            {t.t('account.recovery_left', { count: String(recovery.remaining) })}
            {recovery.createdAt ? ' · ' + t.t('account.recovery_created', { date: t.date(recovery.createdAt) }) : ''}
          </p>
          {recovery.remaining <= 3 && <Alert kind="info">{t.t('account.recovery_low')}</Alert>}
          {newCodes ? (
            <RecoveryCodes codes={newCodes} title={t.t('account.new_recovery_title')} intro={t.t('account.new_recovery_intro')}>
              <Button type="button" onClick={() => setNewCodes(null)}>{t.t('common.done')}</Button>
            </RecoveryCodes>
          ) : regenerating ? (
            <form class="step-up" onSubmit={regenerate} aria-labelledby="recovery-status-title">
              <Alert kind="info">{t.t('account.new_recovery_warning')}</Alert>
              <StepUpField value={code} onValue={setCode} onPasskey={hasPasskey ? () => regenerate(null, true) : undefined} busy={busy} />
              <div class="actions">
                <Button type="submit" busy={busy}>{t.t('account.create_recovery_codes')}</Button>
                <Button type="button" variant="secondary" onClick={() => open({})}>{t.t('common.cancel')}</Button>
              </div>
            </form>
          ) : (
            <div class="actions">
              <Button type="button" variant="secondary" onClick={() => open({ regenerating: true })}>{t.t('account.new_recovery_codes')}</Button>
            </div>
          )}
        </section>
      )}
    </Card>
  );
}

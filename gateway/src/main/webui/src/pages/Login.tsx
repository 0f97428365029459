import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, LoginResult, Region } from '../api';
import { useI18n } from '../i18n';
import { ORG_NAME_PATTERN } from '../patterns';
import { problemMessage, regionName } from '../problems';
import { linkHandler, navigate } from '../router';
import { establish, pendingMfa, rememberedRegion, rememberRegion, session } from '../session';
import { createStore, useStore } from '../store';
import { Alert, Button, Card, ErrorAlert, Field, Select, Spinner } from '../ui';

let regionsCache: Promise<Region[]> | null = null;
export function loadRegions() {
  regionsCache ??= api<Region[]>('GET', '/api/v2/regions', { token: null, region: null }).catch((e) => { regionsCache = null; throw e; });
  return regionsCache;
}

/** The regions, once loaded (null until then, or when they cannot be loaded). */
export function useRegions(): Region[] | null {
  const [regions, setRegions] = useState<Region[] | null>(null);
  useEffect(() => { loadRegions().then(setRegions, () => setRegions(null)); }, []);
  return regions;
}

/**
 * The region list, remembered for next time. Nothing is preselected in a browser that never chose
 * one: a guess would send people of another region to "wrong password".
 */
export function RegionSelect(props: { value: string; onValue: (v: string) => void }) {
  const t = useI18n();
  const [regions, setRegions] = useState<Region[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadRegions().then((list) => {
      setRegions(list);
      if (props.value && !list.some((r) => r.code === props.value)) props.onValue('');
    }, setError);
  }, []);
  if (error) return <ErrorAlert error={error} />;
  // options and value arrive together: a select rendered before its options would lose the value
  if (!regions) return <Spinner />;
  return (
    <Select label={t.t('login.region')} value={props.value} onValue={props.onValue} name="region" required
      placeholder={t.t('login.region_choose')} hint={t.t('login.region_hint')}
      options={regions.map((r) => ({ value: r.code, label: regionName(t, r.code, r.name) }))} />
  );
}

/** Where a login result leads: the session, an MFA step, or a choice of organization. */
export async function follow(result: LoginResult, region: string, onOrgs?: (orgs: { id: string; name: string }[]) => void) {
  if (result.status === 'AUTHENTICATED') {
    await establish(result, region);
    const next = new URLSearchParams(location.search).get('next');
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  } else if (result.status === 'MFA_REQUIRED' || result.status === 'MFA_ENROLLMENT_REQUIRED') {
    rememberRegion(region);
    pendingMfa.set({
      mfaToken: result.mfaToken!, enroll: result.status === 'MFA_ENROLLMENT_REQUIRED', region,
      expiresAt: Date.now() + (result.expiresIn ?? 300) * 1000,
    });
    navigate('/login/mfa');
  } else if (result.status === 'ORG_SELECTION_REQUIRED') {
    onOrgs?.(result.organizations ?? []);
  }
}

/** The email typed on the login page, handed to "Forgot your password?" in memory (never in the URL). */
export const typedEmail = createStore('');

/**
 * A failed login in words. A wrong password may just be the wrong region (the email is unknown
 * there): the message says which region was asked, by name, in the page's language.
 */
function LoginError({ error, region }: { error: unknown; region: string }) {
  const t = useI18n();
  const regions = useRegions();
  if (!(error instanceof ApiError) || error.code !== 'invalid_credentials') return <ErrorAlert error={error} />;
  const name = regionName(t, region, regions?.find((r) => r.code === region)?.name);
  return (
    <Alert>
      <p>{problemMessage(t, error)}</p>
      {region && (regions?.length ?? 2) > 1 && <p data-testid="region-hint">{t.t('login.wrong_region_hint', { region: name })}</p>}
    </Alert>
  );
}

export function Login() {
  const t = useI18n();
  const state = useStore(session);
  const [email, setEmail] = useState(typedEmail.get());
  const [password, setPassword] = useState('');
  const [region, setRegion] = useState(rememberedRegion() ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [orgs, setOrgs] = useState<{ id: string; name: string }[] | null>(null);
  const [orgId, setOrgId] = useState('');
  const [more, setMore] = useState(false);
  const [orgName, setOrgName] = useState('');

  async function submit(e: Event, chosenOrg?: string) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      rememberRegion(region);
      const result = await api<LoginResult>('POST', '/api/v2/auth/login', {
        token: null, region, body: { email: email.trim(), password, ...(chosenOrg ? { orgId: chosenOrg } : {}) },
      });
      await follow(result, region, (list) => { setOrgs(list); setOrgId(list[0]?.id ?? ''); });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (orgs) {
    return (
      <Card>
        <h1>{t.t('login.org_title')}</h1>
        <p>{t.t('login.org_intro', { email })}</p>
        <form onSubmit={(e) => submit(e, orgId)}>
          <fieldset>
            <legend>{t.t('login.org_legend')}</legend>
            {orgs.map((o) => (
              <div class="radio" key={o.id}>
                <input type="radio" name="org" id={`org-${o.id}`} value={o.id} checked={orgId === o.id} onChange={() => setOrgId(o.id)} />
                <label for={`org-${o.id}`}>{o.name}</label>
              </div>
            ))}
          </fieldset>
          <ErrorAlert error={error} />
          <div class="actions">
            <Button type="submit" busy={busy}>{t.t('common.continue')}</Button>
            <Button type="button" variant="secondary" onClick={() => { setOrgs(null); setPassword(''); }}>{t.t('common.back')}</Button>
          </div>
        </form>
      </Card>
    );
  }

  const forgotHref = `/forgot-password${region ? `?region=${encodeURIComponent(region)}` : ''}`;
  return (
    <Card>
      <h1>{t.t('login.title')}</h1>
      {state.ended === 'session_expired' && <Alert kind="info">{t.t('login.session_expired')}</Alert>}
      {state.ended && state.ended !== 'session_expired' && <Alert kind="info">{t.t('login.signed_out')}</Alert>}
      <form onSubmit={submit} noValidate={false}>
        <Field label={t.t('login.email')} type="email" name="email" autoComplete="username" required maxLength={320} value={email}
          onValue={(v) => { setEmail(v); typedEmail.set(v); }} />
        <Field label={t.t('login.password')} type="password" name="password" autoComplete="current-password" required value={password} onValue={setPassword} />
        <RegionSelect value={region} onValue={(v) => { setRegion(v); if (error) setError(null); }} />
        {error !== null && <LoginError error={error} region={region} />}
        <Button type="submit" busy={busy} class="btn btn-primary btn-block">{t.t('login.submit')}</Button>
      </form>
      <p class="forgot"><a href={forgotHref} onClick={linkHandler}>{t.t('login.forgot')}</a></p>
      <div class="more">
        <Button type="button" variant="link" aria-expanded={more} aria-controls="more-options" onClick={() => setMore(!more)}>
          {t.t('login.more_options')}
        </Button>
        {more && (
          <form id="more-options" class="more-options" onSubmit={(e) => {
            e.preventDefault();
            const name = orgName.trim().toLowerCase();
            if (name) navigate(`/login/org/${encodeURIComponent(name)}${region ? `?region=${encodeURIComponent(region)}` : ''}`);
          }}>
            <Field label={t.t('login.org_name')} hint={t.t('login.org_name_hint')} name="org" autoComplete="organization"
              required value={orgName} onValue={setOrgName} pattern={ORG_NAME_PATTERN} minLength={2} maxLength={63}
              title={t.t('login.org_name_rule')} />
            <Button type="submit" variant="secondary">{t.t('common.continue')}</Button>
          </form>
        )}
      </div>
    </Card>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, IdentityProvider } from '../api';
import { useI18n } from '../i18n';
import { regionOfQuery } from '../patterns';
import { codeMessage } from '../problems';
import { navigate, route } from '../router';
import { rememberedRegion, rememberRegion } from '../session';
import { useStore } from '../store';
import { Alert, Card, ErrorAlert, Link, Spinner } from '../ui';
import { RegionSelect } from './Login';

/** SSO: the organization's identity providers as buttons (/login/org/<name>). */
export function OrgLogin({ orgName }: { orgName: string }) {
  const t = useI18n();
  const r = useStore(route);
  const region = r.query.get('region') ?? rememberedRegion() ?? '';
  // the region lives in the URL, so a link to this page (and the back button) keeps it
  const setRegion = (next: string) => navigate(`/login/org/${encodeURIComponent(orgName)}${next ? `?region=${encodeURIComponent(next)}` : ''}`,
    { replace: true, keepFocus: true });
  const [idps, setIdps] = useState<IdentityProvider[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!region) return;
    setIdps(null);
    setError(null);
    api<IdentityProvider[]>('GET', `/api/v2/auth/orgs/${encodeURIComponent(orgName)}/identityproviders`, { token: null, region })
      .then(setIdps, setError);
  }, [orgName, region]);

  function start(idp: IdentityProvider) {
    rememberRegion(region);
    const returnTo = `${location.origin}/login/sso`;
    location.assign(`/api/v2/auth/sso/${encodeURIComponent(idp.id)}/start?returnTo=${encodeURIComponent(returnTo)}&region=${encodeURIComponent(region)}`);
  }

  const notFound = error instanceof ApiError && (error.code === 'org_not_found' || error.status === 404);
  return (
    <Card>
      <h1>{t.t('sso.title', { org: orgName })}</h1>
      <RegionSelect value={region} onValue={setRegion} />
      {!region && <p class="hint">{t.t('sso.choose_region')}</p>}
      {region && !idps && !error && <Spinner />}
      {notFound ? <Alert>{t.t('problem.org_not_found')}</Alert> : <ErrorAlert error={error} />}
      {idps && idps.length === 0 && <Alert kind="info">{t.t('sso.none')}</Alert>}
      {idps && idps.length > 0 && (
        <>
          <p>{t.t('sso.choose')}</p>
          <ul class="idp-list">
            {idps.map((idp) => (
              <li key={idp.id}>
                <button type="button" class="idp" onClick={() => start(idp)} aria-label={t.t('sso.sign_in_with', { name: idp.displayName })}>
                  {idp.iconUrl ? <img src={idp.iconUrl} alt="" width={40} height={40} referrerpolicy="no-referrer" /> : <span class="idp-initial" aria-hidden="true">{idp.displayName.slice(0, 1)}</span>}
                  <span aria-hidden="true">{idp.displayName}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p><Link href="/">{t.t('sso.back')}</Link></p>
    </Card>
  );
}

/** Where the identity provider's round trip ends: a silent refresh, or the error it brought back. */
export function SsoReturn({ onRefresh }: { onRefresh: () => Promise<boolean> }) {
  const t = useI18n();
  const r = useStore(route);
  const code = r.query.get('error');
  // an IdP-initiated (SAML) sign-in names its region: this browser may never have been here to remember one
  const region = regionOfQuery(r.query);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (code) return;
    if (region) rememberRegion(region);
    onRefresh().then((ok) => setFailed(!ok));
  }, [code, region]);
  if (code || failed) {
    return (
      <Card>
        <h1>{t.t('sso.failed_title')}</h1>
        <Alert>{codeMessage(t, code ?? 'session_expired')}</Alert>
        <p><Link href="/">{t.t('sso.back')}</Link></p>
      </Card>
    );
  }
  return <Card><h1>{t.t('sso.returning')}</h1><Spinner /></Card>;
}

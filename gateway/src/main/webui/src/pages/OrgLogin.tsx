import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, IdentityProvider } from '../api';
import { useI18n } from '../i18n';
import { route } from '../router';
import { rememberedRegion, rememberRegion } from '../session';
import { useStore } from '../store';
import { Alert, Card, ErrorAlert, Link, Spinner } from '../ui';
import { RegionSelect } from './Login';

/** SSO: the organization's identity providers as buttons (/login/org/<name>). */
export function OrgLogin({ orgName }: { orgName: string }) {
  const t = useI18n();
  const r = useStore(route);
  const [region, setRegion] = useState(r.query.get('region') ?? rememberedRegion() ?? '');
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
      {!idps && !error && <Spinner />}
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
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!code) onRefresh().then((ok) => setFailed(!ok));
  }, [code]);
  if (code || failed) {
    // SAML refusals (saml_unsigned, saml_signature_invalid, ...) share one message that names the code
    const key = code && code.startsWith('saml_') && !['saml_unsolicited', 'saml_expired', 'saml_not_yet_valid'].includes(code)
      ? 'problem.saml_refused' : `problem.${code ?? 'session_expired'}`;
    return (
      <Card>
        <h1>{t.t('sso.failed_title')}</h1>
        <Alert>{(t.t as (k: string, p?: Record<string, string>) => string)(key, { code: code ?? '' }) !== key ? (t.t as (k: string, p?: Record<string, string>) => string)(key, { code: code ?? '' }) : t.t('problem.generic', { code: code ?? '' })}</Alert>
        <p><Link href="/">{t.t('sso.back')}</Link></p>
      </Card>
    );
  }
  return <Card><h1>{t.t('sso.returning')}</h1><Spinner /></Card>;
}

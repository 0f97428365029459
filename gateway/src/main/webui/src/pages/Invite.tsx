import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, LoginResult, Lookup } from '../api';
import { languageChosen, setLanguage, supported, useI18n } from '../i18n';
import { navigate, route } from '../router';
import { rememberRegion } from '../session';
import { useStore } from '../store';
import { NewPasswordForm } from '../newPassword';
import { Alert, Button, Card, ErrorAlert, Link, Spinner } from '../ui';
import { follow } from './Login';

/** The invitation link's landing page: who and where, a new password, then logged in. */
export function Invite() {
  const t = useI18n();
  const r = useStore(route);
  const token = r.query.get('token') ?? '';
  const region = r.query.get('region') ?? '';
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);

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

  async function accept(password: string) {
    rememberRegion(region);
    const result = await api<LoginResult>('POST', '/api/v2/auth/invitations/accept', {
      token: null, region, body: { token, password, locale: t.lang },
    });
    await follow(result, region);
  }

  return (
    <Card>
      <h1>{t.t('invite.title')}</h1>
      <InvitationFacts lookup={lookup} />
      {/* the rules only the server can judge: for the policy of the invitation's org and the invitee's words */}
      <NewPasswordForm email={lookup.email} policy={lookup.passwordPolicy} rulesId="pw-rules" submitLabel={t.t('invite.register')}
        region={region} checkExtra={{ invitationToken: token }} onSubmit={accept} />
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

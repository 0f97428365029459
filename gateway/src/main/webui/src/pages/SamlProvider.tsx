import { useState } from 'preact/hooks';
import { api, IdentityProvider } from '../api';
import { useI18n } from '../i18n';
import { Alert, Button, Checkbox, CopyButton, ErrorAlert, Field, useId } from '../ui';
import { domainErrorOf, domainList, MappingFields } from './Admin';

/**
 * Admin: add a SAML 2.0 identity provider from its metadata (pasted, uploaded, or by URL), with the
 * same claim mapping as OpenID Connect providers (attribute names instead of claims).
 */
export function SamlProviderForm({ onAdded }: { onAdded: () => void }) {
  const t = useI18n();
  const xmlId = useId('saml-xml');
  const fileId = useId('saml-file');
  const empty = {
    displayName: '', metadataXml: '', metadataUrl: '', iconUrl: '',
    emailClaim: 'email', trustEmail: false, allowedDomains: '', nameClaim: 'name', jitProvisioning: false, jitRole: 'user',
  };
  type Form = typeof empty;
  const [form, setForm] = useState<Form>(empty);
  const [idpInitiated, setIdpInitiated] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const f = <K extends keyof Form>(k: K) => (v: Form[K]) => setForm({ ...form, [k]: v });
  async function add(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const body: Record<string, unknown> = {
        type: 'saml', displayName: form.displayName, allowIdpInitiated: idpInitiated,
        emailClaim: form.emailClaim.trim() || 'email', trustEmail: form.trustEmail, allowedDomains: domainList(form.allowedDomains),
        nameClaim: form.nameClaim.trim() || 'name', jitProvisioning: form.jitProvisioning, jitRoles: [form.jitRole],
      };
      if (form.metadataXml.trim()) body.metadataXml = form.metadataXml.trim();
      else body.metadataUrl = form.metadataUrl.trim();
      if (form.iconUrl.trim()) body.iconUrl = form.iconUrl.trim();
      await api('POST', '/api/v2/orgs/me/identityproviders', { body });
      setForm(empty); setIdpInitiated(false);
      onAdded();
    } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <>
      <h3>{t.t('admin.add_saml')}</h3>
      <form onSubmit={add} class="grid" data-testid="saml-form">
        <Field label={t.t('admin.idp_name')} required value={form.displayName} onValue={f('displayName')} />
        <Field label={t.t('admin.idp_icon')} type="url" value={form.iconUrl} onValue={f('iconUrl')} placeholder="https://" />
        <div class="field grid-full">
          <label for={xmlId}>{t.t('admin.saml_metadata_xml')}</label>
          <textarea id={xmlId} rows={5} value={form.metadataXml} spellcheck={false} aria-describedby={`${xmlId}-hint`}
            placeholder="<md:EntityDescriptor …>" onInput={(e) => f('metadataXml')((e.currentTarget as HTMLTextAreaElement).value)} />
          <p class="hint" id={`${xmlId}-hint`}>{t.t('admin.saml_source_hint')}</p>
        </div>
        <div class="field">
          <label for={fileId}>{t.t('admin.saml_metadata_file')}</label>
          <input id={fileId} type="file" accept=".xml,application/xml,text/xml,application/samlmetadata+xml" onChange={async (e) => {
            const file = (e.currentTarget as HTMLInputElement).files?.[0];
            if (file) setForm({ ...form, metadataXml: await file.text(), metadataUrl: '' });
          }} />
        </div>
        <Field label={t.t('admin.saml_metadata_url')} type="url" value={form.metadataUrl} onValue={f('metadataUrl')}
          placeholder="https://" disabled={form.metadataXml.trim() !== ''} />
        <MappingFields form={form} f={f} domainError={domainErrorOf(error, t)} saml />
        <div class="grid-full">
          <Checkbox label={t.t('admin.saml_idp_initiated')} hint={t.t('admin.saml_idp_initiated_hint')}
            checked={idpInitiated} onChange={setIdpInitiated} name="allowIdpInitiated" />
        </div>
        <div class="grid-full"><ErrorAlert error={domainErrorOf(error, t) ? null : error} /></div>
        <div class="grid-full"><Button type="submit" busy={busy}
          disabled={!form.metadataXml.trim() && !form.metadataUrl.trim()}>{t.t('common.add')}</Button></div>
      </form>
    </>
  );
}

/** Admin: what a SAML provider needs from us (entity id, ACS URL, metadata) and how long its certificates last. */
export function SamlProviderDetails({ idp }: { idp: IdentityProvider }) {
  const t = useI18n();
  const sp = idp.sp;
  return (
    <div class="saml-details" data-testid="saml-details">
      {idp.certificateWarning && (
        <Alert kind={idp.certificateWarning === 'certificates_expired' ? 'error' : 'info'}>
          {t.t(idp.certificateWarning === 'certificates_expired' ? 'admin.saml_warning_expired' : 'admin.saml_warning_expiring')}
        </Alert>
      )}
      <dl>
        <dt>{t.t('admin.saml_certificates')}</dt>
        <dd>
          <ul>
            {(idp.certificates ?? []).map((c) => (
              <li key={c.fingerprintSha256}>
                {t.t('admin.saml_cert_until', { date: t.date(c.notAfter) })}{c.expired ? ` (${t.t('admin.saml_cert_expired')})` : ''}
                {' '}<span class="muted"><code>{c.fingerprintSha256.slice(0, 23)}…</code></span>
              </li>
            ))}
          </ul>
        </dd>
        {sp && (
          <>
            <dt>{t.t('admin.saml_sp_entity_id')}</dt>
            <dd><code>{sp.entityId}</code> <CopyButton text={sp.entityId} label={t.t('admin.saml_copy')} /></dd>
            <dt>{t.t('admin.saml_acs_url')}</dt>
            <dd><code>{sp.acsUrl}</code> <CopyButton text={sp.acsUrl} label={t.t('admin.saml_copy')} /></dd>
            <dt>{t.t('admin.saml_sp')}</dt>
            <dd><a href={sp.metadataUrl} download="threshold-sp-metadata.xml" target="_blank" rel="noopener">{t.t('admin.saml_download_metadata')}</a></dd>
          </>
        )}
      </dl>
      {idp.allowIdpInitiated && <p class="muted">{t.t('admin.saml_idp_initiated')}</p>}
    </div>
  );
}


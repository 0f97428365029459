import { useEffect, useState } from 'preact/hooks';
import { api, ApiClient, ApiError, BulkResult, IdentityProvider, Invitation, NewInvitation, Org, OrgApp, OrgSettings, OrgUser, Page } from '../api';
import { invitationsFromCsv } from '../csv';
import { Key, LANGUAGES, useI18n } from '../i18n';
import { bulkRowText } from '../problems';
import { refresh, session } from '../session';
import { useStore } from '../store';
import { Alert, Button, Card, Checkbox, CopyButton, ErrorAlert, Field, Link, Select, Spinner } from '../ui';
import { SamlProviderDetails, SamlProviderForm } from './SamlProvider';
import { AppIcon } from './Splash';
import { applyPreset, Preset, PRESETS } from '../idpPresets';

const TABS: { path: string; key: Key }[] = [
  { path: '/admin', key: 'admin.tab.invitations' },
  { path: '/admin/users', key: 'admin.tab.users' },
  { path: '/admin/settings', key: 'admin.tab.settings' },
  { path: '/admin/apps', key: 'admin.tab.apps' },
  { path: '/admin/identity-providers', key: 'admin.tab.idps' },
  { path: '/admin/api-clients', key: 'admin.tab.clients' },
];

export function Admin({ path }: { path: string }) {
  const t = useI18n();
  const tab = TABS.find((x) => x.path === path) ?? TABS[0];
  return (
    <div class="page">
      <h1>{t.t('admin.title')}</h1>
      <nav class="tabs" aria-label={t.t('admin.sections')}>
        <ul>
          {TABS.map((x) => (
            <li key={x.path}><Link href={x.path} aria-current={x === tab ? 'page' : undefined}>{t.t(x.key)}</Link></li>
          ))}
        </ul>
      </nav>
      {tab.path === '/admin' && <Invitations />}
      {tab.path === '/admin/users' && <Users />}
      {tab.path === '/admin/settings' && <Settings />}
      {tab.path === '/admin/apps' && <Apps />}
      {tab.path === '/admin/identity-providers' && <IdentityProviders />}
      {tab.path === '/admin/api-clients' && <ApiClients />}
    </div>
  );
}

function roleOptions(t: ReturnType<typeof useI18n>) {
  return [{ value: 'user', label: t.t('admin.role.user') }, { value: 'admin', label: t.t('admin.role.admin') }];
}

function Invitations() {
  const [reload, setReload] = useState(0);
  return (
    <>
      <InviteOne onDone={() => setReload(reload + 1)} />
      <InviteMany onDone={() => setReload(reload + 1)} />
      <InvitationList reload={reload} />
    </>
  );
}

function InviteOne({ onDone }: { onDone: () => void }) {
  const t = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('user');
  const [locale, setLocale] = useState(t.lang);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null); setSent('');
    try {
      await api('POST', '/api/v2/invitations', { body: { email: email.trim(), name: name.trim(), roles: [role], locale } });
      setSent(email.trim()); setEmail(''); setName(''); onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <Card wide>
      <h2>{t.t('admin.invite_one')}</h2>
      <form onSubmit={submit} class="grid">
        <Field label={t.t('login.email')} type="email" name="invite-email" required maxLength={254} value={email} onValue={setEmail} autoComplete="off" />
        <Field label={t.t('account.name')} name="invite-name" required maxLength={200} value={name} onValue={setName} autoComplete="off" />
        <Select label={t.t('admin.role')} value={role} onValue={setRole} options={roleOptions(t)} />
        <Select label={t.t('common.language')} value={locale} onValue={setLocale} options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))} />
        <div class="grid-full">
          <ErrorAlert error={error} />
          {sent && <Alert kind="success">{t.t('admin.invited', { email: sent })}</Alert>}
          <Button type="submit" busy={busy}>{t.t('admin.send_invitation')}</Button>
        </div>
      </form>
    </Card>
  );
}

const CHUNK = 100;

function InviteMany({ onDone }: { onDone: () => void }) {
  const t = useI18n();
  const [text, setText] = useState('');
  const [rows, setRows] = useState<NewInvitation[]>([]);
  const [results, setResults] = useState<BulkResult[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  function take(csv: string) { setText(csv); setRows(invitationsFromCsv(csv)); setResults([]); setProgress(null); }

  async function send() {
    setError(null); setResults([]); setProgress(0);
    const all: BulkResult[] = [];
    try {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const res = await api<{ results: BulkResult[] }>('POST', '/api/v2/invitations/bulk', { body: { invitations: chunk } });
        all.push(...res.results.map((r, j) => ({ ...r, index: i + j })));
        setResults([...all]);
        setProgress(Math.min(rows.length, i + CHUNK));
      }
      onDone();
    } catch (err) { setError(err); }
  }

  const ok = results.filter((r) => r.status === 201).length;
  return (
    <Card wide>
      <h2>{t.t('admin.invite_many')}</h2>
      <p>{t.t('admin.csv_intro')}</p>
      <pre class="sample" aria-label={t.t('admin.csv_example')}>email,name,role,locale{'\n'}ana@example.com,Ana Silva,user,pt-BR{'\n'}kenji@example.com,Kenji Sato,admin,ja</pre>
      <div class="field">
        <label for="csv-file">{t.t('admin.csv_file')}</label>
        <input id="csv-file" type="file" accept=".csv,text/csv,text/plain" data-testid="csv-file" onChange={async (e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (file) take(await file.text());
        }} />
      </div>
      <div class="field">
        <label for="csv-text">{t.t('admin.csv_paste')}</label>
        <textarea id="csv-text" rows={5} value={text} onInput={(e) => take((e.currentTarget as HTMLTextAreaElement).value)} />
      </div>
      <p aria-live="polite">{rows.length > 0 && t.t('admin.rows_ready', { count: t.number(rows.length) })}</p>
      <Button type="button" disabled={!rows.length || (progress !== null && progress < rows.length && !error)} onClick={send}>
        {t.t('admin.send_all', { count: t.number(rows.length) })}
      </Button>
      {progress !== null && (
        <div class="progress-wrap">
          <label for="bulk-progress">{t.t('admin.progress', { done: t.number(progress), total: t.number(rows.length) })}</label>
          <progress id="bulk-progress" max={rows.length} value={progress} />
        </div>
      )}
      <ErrorAlert error={error} />
      {results.length > 0 && (
        <>
          <p role="status" data-testid="bulk-summary">{t.t('admin.bulk_summary', { ok: t.number(ok), failed: t.number(results.length - ok) })}</p>
          <div class="table-wrap">
            <table data-testid="bulk-results">
              <caption class="visually-hidden">{t.t('admin.bulk_results')}</caption>
              <thead><tr><th scope="col">#</th><th scope="col">{t.t('login.email')}</th><th scope="col">{t.t('admin.result')}</th></tr></thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.index} class={r.status === 201 ? 'ok' : 'failed'}>
                    <td>{(r.index ?? 0) + 1}</td><td>{r.email}</td>
                    <td>{r.status === 201 ? t.t('admin.row_invited') : bulkRowText(t, r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

const STATUSES = ['', 'PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED'];

function InvitationList({ reload }: { reload: number }) {
  const t = useI18n();
  const [status, setStatus] = useState('PENDING');
  const [pageNumber, setPageNumber] = useState(1);
  const [page, setPage] = useState<Page<Invitation> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const load = () => api<Page<Invitation>>('GET', '/api/v2/invitations', { query: { status, pageSize: 20, pageNumber } }).then(setPage, setError);
  useEffect(() => { load(); }, [status, pageNumber, reload]);
  async function act(fn: () => Promise<unknown>, done: string) {
    setError(null); setMessage('');
    try { await fn(); setMessage(done); load(); } catch (err) { setError(err); }
  }
  const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  return (
    <Card wide>
      <h2>{t.t('admin.invitations')}</h2>
      <Select label={t.t('admin.status')} value={status} onValue={(v) => { setStatus(v); setPageNumber(1); }}
        options={STATUSES.map((s) => ({ value: s, label: s ? t.t(`status.${s}` as Key) : t.t('admin.all') }))} />
      <ErrorAlert error={error} />
      {message && <Alert kind="success">{message}</Alert>}
      {!page && !error && <Spinner />}
      {page && page.entities.length === 0 && <p>{t.t('admin.none')}</p>}
      {page && page.entities.length > 0 && (
        <div class="table-wrap">
          <table data-testid="invitations">
            <caption class="visually-hidden">{t.t('admin.invitations')}</caption>
            <thead><tr>
              <th scope="col">{t.t('admin.invitee')}</th><th scope="col">{t.t('admin.status')}</th><th scope="col">{t.t('admin.delivery')}</th>
              <th scope="col">{t.t('invite.expires')}</th><th scope="col"><span class="visually-hidden">{t.t('admin.actions')}</span></th>
            </tr></thead>
            <tbody>
              {page.entities.map((inv) => (
                <tr key={inv.id}>
                  <td>{inv.name} <span class="muted">&lt;{inv.email}&gt;</span></td>
                  <td><span class={`badge badge-${inv.status.toLowerCase()}`}>{t.t(`status.${inv.status}` as Key)}</span></td>
                  <td>{inv.delivery ? t.t(`delivery.${inv.delivery.state}` as Key) : '—'}{inv.delivery?.sentAt ? ` · ${t.date(inv.delivery.sentAt)}` : ''}</td>
                  <td>{t.date(inv.expiresAt)}</td>
                  <td class="row-actions">
                    {inv.status === 'PENDING' && <>
                      <Button type="button" variant="secondary" aria-label={t.t('admin.resend_to', { email: inv.email })}
                        onClick={() => act(() => api('POST', `/api/v2/invitations/${inv.id}/resend`), t.t('admin.resent', { email: inv.email }))}>{t.t('admin.resend')}</Button>
                      <Button type="button" variant="danger" aria-label={t.t('admin.revoke_for', { email: inv.email })}
                        onClick={() => { if (confirm(t.t('admin.confirm_revoke', { email: inv.email }))) act(() => api('DELETE', `/api/v2/invitations/${inv.id}`), t.t('admin.revoked', { email: inv.email })); }}>{t.t('admin.revoke')}</Button>
                    </>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && pages > 1 && (
        <nav class="pager" aria-label={t.t('admin.pages')}>
          <Button type="button" variant="secondary" disabled={pageNumber <= 1} onClick={() => setPageNumber(pageNumber - 1)}>{t.t('admin.previous')}</Button>
          <span>{t.t('admin.page_of', { page: t.number(pageNumber), pages: t.number(pages) })}</span>
          <Button type="button" variant="secondary" disabled={pageNumber >= pages} onClick={() => setPageNumber(pageNumber + 1)}>{t.t('common.next')}</Button>
        </nav>
      )}
    </Card>
  );
}

function Users() {
  const t = useI18n();
  const [state, setState] = useState('');
  const [page, setPage] = useState<Page<OrgUser> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  useEffect(() => { api<Page<OrgUser>>('GET', '/api/v2/users', { query: { state, pageSize: 100 } }).then(setPage, setError); }, [state]);
  async function resetMfa(u: OrgUser) {
    if (!confirm(t.t('admin.confirm_reset_mfa', { email: u.email }))) return;
    setError(null); setMessage('');
    try {
      await api('DELETE', `/api/v2/mfa/users/${u.id}/devices`);
      setMessage(t.t('admin.mfa_reset', { email: u.email }));
      // the list's mfaEnrolled follows mfa-service's event a moment later: show the reset at once
      setPage((p) => p && { ...p, entities: p.entities.map((x) => (x.id === u.id ? { ...x, mfaEnrolled: false } : x)) });
    } catch (err) { setError(err); }
  }
  return (
    <Card wide>
      <h2>{t.t('admin.tab.users')}</h2>
      <Select label={t.t('admin.state')} value={state} onValue={setState}
        options={['', 'ACTIVE', 'INVITED', 'INVITATION_EXPIRED', 'INVITATION_REVOKED'].map((s) => ({ value: s, label: s ? t.t(`user_state.${s}` as Key) : t.t('admin.all') }))} />
      <ErrorAlert error={error} />
      {message && <Alert kind="success">{message}</Alert>}
      {!page && !error && <Spinner />}
      {page && (
        <div class="table-wrap">
          <table data-testid="users">
            <caption class="visually-hidden">{t.t('admin.tab.users')}</caption>
            <thead><tr><th scope="col">{t.t('account.name')}</th><th scope="col">{t.t('login.email')}</th><th scope="col">{t.t('admin.state')}</th>
              <th scope="col">{t.t('admin.role')}</th><th scope="col">{t.t('common.language')}</th><th scope="col">{t.t('admin.mfa')}</th>
              <th scope="col"><span class="visually-hidden">{t.t('admin.actions')}</span></th></tr></thead>
            <tbody>
              {page.entities.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td><td>{u.email}</td><td>{t.t(`user_state.${u.state}` as Key)}</td>
                  <td>{u.roles.map((r) => t.t(r === 'admin' ? 'admin.role.admin' : 'admin.role.user')).join(', ')}</td>
                  <td>{LANGUAGES.find((l) => l.code === u.locale)?.name ?? u.locale}</td>
                  <td>{u.mfaEnrolled ? t.t('admin.mfa_on') : t.t('admin.mfa_off')}</td>
                  <td class="row-actions">{u.mfaEnrolled && (
                    <Button type="button" variant="secondary" aria-label={t.t('admin.reset_mfa_for', { email: u.email })} onClick={() => resetMfa(u)}>{t.t('admin.reset_mfa')}</Button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">{t.t('admin.total', { count: t.number(page.total) })}</p>
        </div>
      )}
    </Card>
  );
}

function NumberField(props: { label: string; value: number; onValue: (n: number) => void; min: number; max: number; hint?: string }) {
  return <Field label={props.label} type="number" min={props.min} max={props.max} required hint={props.hint}
    value={String(props.value)} onValue={(v) => props.onValue(Number(v))} />;
}

function Settings() {
  const t = useI18n();
  const [org, setOrg] = useState<Org | null>(null);
  const [s, setS] = useState<OrgSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => { api<Org>('GET', '/api/v2/orgs/me').then((o) => { setOrg(o); setS(o.settings); }, setError); }, []);
  if (!s) return <Card wide><h2>{t.t('admin.tab.settings')}</h2><ErrorAlert error={error} />{!error && <Spinner />}</Card>;
  const set = (patch: Partial<OrgSettings>) => { setS({ ...s, ...patch }); setSaved(false); };
  const pp = (patch: Partial<OrgSettings['passwordPolicy']>) => set({ passwordPolicy: { ...s.passwordPolicy, ...patch } });
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null); setSaved(false);
    const turnedOnMfa = !org!.settings.mfaRequired && s!.mfaRequired;
    try {
      const o = await api<Org>('PATCH', '/api/v2/orgs/me', { body: { settings: s } });
      setOrg(o); setS(o.settings); setSaved(true);
      // required MFA applies to this admin's own session too: a session that never passed MFA gets
      // the MFA step at its next refresh, so ask for it now rather than in a few minutes
      if (turnedOnMfa) await refresh();
    } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <Card wide>
      <h2>{t.t('admin.tab.settings')}</h2>
      <p class="muted">{t.t('admin.org_line', { org: org!.name, region: org!.region })}</p>
      <form onSubmit={save}>
        <fieldset>
          <legend>{t.t('settings.security')}</legend>
          <Checkbox label={t.t('settings.mfa_required')} checked={s.mfaRequired} onChange={(v) => set({ mfaRequired: v })} name="mfaRequired"
            hint={!org!.settings.mfaRequired && s.mfaRequired ? t.t('settings.mfa_required_self') : undefined} />
          <NumberField label={t.t('settings.remember_days')} hint={t.t('settings.remember_days_hint')} min={0} max={90} value={s.mfaRememberDays} onValue={(v) => set({ mfaRememberDays: v })} />
          <Checkbox label={t.t('settings.sso_only')} hint={t.t('settings.sso_only_hint')} checked={s.ssoOnly} onChange={(v) => set({ ssoOnly: v })} name="ssoOnly" />
          <NumberField label={t.t('settings.session_idle_days')} min={1} max={90} value={s.sessionIdleDays} onValue={(v) => set({ sessionIdleDays: v })} />
          <NumberField label={t.t('settings.invitation_ttl_days')} min={1} max={30} value={s.invitationTtlDays} onValue={(v) => set({ invitationTtlDays: v })} />
          <Select label={t.t('settings.default_locale')} value={s.defaultLocale} onValue={(v) => set({ defaultLocale: v })} options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))} />
        </fieldset>
        <fieldset>
          <legend>{t.t('settings.password_policy')}</legend>
          <NumberField label={t.t('settings.min_length')} min={8} max={400} value={s.passwordPolicy.minLength} onValue={(v) => pp({ minLength: v })} />
          <NumberField label={t.t('settings.max_length')} min={8} max={400} value={s.passwordPolicy.maxLength} onValue={(v) => pp({ maxLength: v })} />
          <Checkbox label={t.t('password.rule.uppercase')} checked={s.passwordPolicy.requireUppercase} onChange={(v) => pp({ requireUppercase: v })} />
          <Checkbox label={t.t('password.rule.lowercase')} checked={s.passwordPolicy.requireLowercase} onChange={(v) => pp({ requireLowercase: v })} />
          <Checkbox label={t.t('password.rule.digit')} checked={s.passwordPolicy.requireDigit} onChange={(v) => pp({ requireDigit: v })} />
          <Checkbox label={t.t('password.rule.symbol')} checked={s.passwordPolicy.requireSymbol} onChange={(v) => pp({ requireSymbol: v })} />
          <Checkbox label={t.t('password.rule.common_password')} checked={s.passwordPolicy.rejectCommonPasswords} onChange={(v) => pp({ rejectCommonPasswords: v })} />
          <NumberField label={t.t('settings.history_size')} min={0} max={24} value={s.passwordPolicy.historySize ?? 10} onValue={(v) => pp({ historySize: v })} />
          <NumberField label={t.t('settings.max_failed')} min={1} max={100} value={s.passwordPolicy.maxFailedAttempts ?? 6} onValue={(v) => pp({ maxFailedAttempts: v })} />
          <NumberField label={t.t('settings.lockout_minutes')} min={1} max={1440} value={s.passwordPolicy.lockoutMinutes ?? 5} onValue={(v) => pp({ lockoutMinutes: v })} />
        </fieldset>
        <ErrorAlert error={error} />
        {saved && <Alert kind="success">{t.t('common.saved')}</Alert>}
        <Button type="submit" busy={busy}>{t.t('common.save')}</Button>
      </form>
    </Card>
  );
}

interface AppForm { name: string; url: string; description: string; iconUrl: string; visibleTo: string; position: string }
const EMPTY_APP: AppForm = { name: '', url: '', description: '', iconUrl: '', visibleTo: 'everyone', position: '' };

/** The organization's apps (issue 16, item 8): the tiles of everyone's splash screen, and who sees each. */
function Apps() {
  const t = useI18n();
  const [list, setList] = useState<OrgApp[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<OrgApp | null>(null);
  const load = () => api<Page<OrgApp>>('GET', '/api/v2/orgs/me/apps').then((r) => setList(r.entities), setError);
  useEffect(() => { load(); }, []);
  return (
    <Card wide>
      <h2>{t.t('admin.tab.apps')}</h2>
      <p>{t.t('apps.intro')}</p>
      <ErrorAlert error={error} />
      {list && list.length === 0 && <p>{t.t('admin.none')}</p>}
      {list && list.length > 0 && (
        <ul class="rows" data-testid="apps">
          {list.map((app) => (
            <li class="row" key={app.id}>
              <div class="row-main">
                <div class="app-row"><AppIcon app={app} /> <strong>{app.name}</strong></div>
                <span class="muted"><code class="wrap">{app.url}</code></span>
                <span class="muted" data-testid="app-audience">
                  {t.t(app.visibleTo === 'admins' ? 'apps.visible.admins' : 'apps.visible.everyone')} · {t.t('apps.position')} {app.position}
                </span>
              </div>
              <div class="row-actions">
                <Button type="button" variant="secondary" aria-label={t.t('admin.edit_named', { name: app.name })}
                  onClick={() => setEditing(app)}>{t.t('admin.edit')}</Button>
                <Button type="button" variant="danger" aria-label={t.t('admin.delete_named', { name: app.name })}
                  onClick={async () => { if (confirm(t.t('admin.confirm_delete', { name: app.name }))) { try { setError(null); await api('DELETE', `/api/v2/orgs/me/apps/${app.id}`); load(); } catch (err) { setError(err); } } }}>
                  {t.t('common.delete')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing
        ? <AppEditor key={editing.id} app={editing} onDone={() => { setEditing(null); load(); }} onCancel={() => setEditing(null)} />
        : <AppEditor key="new" onDone={load} />}
    </Card>
  );
}

function AppEditor({ app, onDone, onCancel }: { app?: OrgApp; onDone: () => void; onCancel?: () => void }) {
  const t = useI18n();
  const [form, setForm] = useState<AppForm>(app
    ? { name: app.name, url: app.url, description: app.description ?? '', iconUrl: app.iconUrl ?? '', visibleTo: app.visibleTo, position: String(app.position) }
    : EMPTY_APP);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const f = <K extends keyof AppForm>(k: K) => (v: AppForm[K]) => setForm({ ...form, [k]: v });
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null);
    const body: Record<string, unknown> = {
      name: form.name.trim(), url: form.url.trim(), description: form.description.trim(), iconUrl: form.iconUrl.trim(),
      visibleTo: form.visibleTo,
    };
    if (form.position.trim() !== '') body.position = Number(form.position);
    try {
      if (app) {
        await api('PATCH', `/api/v2/orgs/me/apps/${app.id}`, { body });
      } else {
        if (!body.description) delete body.description;
        if (!body.iconUrl) delete body.iconUrl;
        await api('POST', '/api/v2/orgs/me/apps', { body });
        setForm(EMPTY_APP);
      }
      onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <>
      <h3>{app ? t.t('admin.edit_named', { name: app.name }) : t.t('apps.add')}</h3>
      <form onSubmit={submit} class="grid" data-testid={app ? 'app-edit' : 'app-add'}>
        <Field label={t.t('apps.name')} name="name" required maxLength={60} value={form.name} onValue={f('name')} autoComplete="off" />
        <Field label={t.t('apps.url')} name="url" type="url" required maxLength={2000} pattern="[Hh][Tt][Tt][Pp][Ss]?://.+"
          hint={t.t('apps.url_hint')} placeholder="https://" value={form.url} onValue={f('url')} autoComplete="off" />
        <Field label={t.t('apps.description')} name="description" maxLength={200} hint={t.t('apps.description_hint')}
          value={form.description} onValue={f('description')} autoComplete="off" />
        <Field label={t.t('apps.icon')} name="iconUrl" type="url" hint={t.t('apps.icon_hint')} placeholder="https://"
          value={form.iconUrl} onValue={f('iconUrl')} autoComplete="off" />
        <Select label={t.t('apps.visible_to')} name="visibleTo" value={form.visibleTo} onValue={f('visibleTo')}
          options={[{ value: 'everyone', label: t.t('apps.visible.everyone') }, { value: 'admins', label: t.t('apps.visible.admins') }]} />
        <Field label={t.t('apps.position')} name="position" type="number" min={0} max={9999} hint={t.t('apps.position_hint')}
          value={form.position} onValue={f('position')} />
        <div class="grid-full">
          <ErrorAlert error={error} />
          <div class="row-actions">
            <Button type="submit" busy={busy}>{app ? t.t('common.save') : t.t('common.add')}</Button>
            {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>{t.t('common.cancel')}</Button>}
          </div>
        </div>
      </form>
    </>
  );
}

export interface ProviderForm {
  displayName: string; issuer: string; clientId: string; clientSecret: string; iconUrl: string;
  emailClaim: string; trustEmail: boolean; allowedDomains: string; nameClaim: string;
  jitProvisioning: boolean; jitRole: string;
}

const EMPTY_FORM: ProviderForm = {
  displayName: '', issuer: '', clientId: '', clientSecret: '', iconUrl: '', emailClaim: 'email', trustEmail: false,
  allowedDomains: '', nameClaim: 'name', jitProvisioning: false, jitRole: 'user',
};

function formOf(idp: IdentityProvider): ProviderForm {
  return {
    displayName: idp.displayName, issuer: idp.issuer ?? '', clientId: idp.clientId ?? '', clientSecret: '',
    iconUrl: idp.iconUrl ?? '', emailClaim: idp.emailClaim ?? 'email', trustEmail: !!idp.trustEmail,
    allowedDomains: (idp.allowedDomains ?? []).join(', '), nameClaim: idp.nameClaim ?? 'name',
    jitProvisioning: !!idp.jitProvisioning, jitRole: idp.jitRoles?.includes('admin') ? 'admin' : 'user',
  };
}

/** Domains as typed (commas, spaces or lines between them); the server normalizes and checks them. */
export function domainList(text: string) {
  return text.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);
}

/** The redirect URI the provider must know (the gateway's callback of this provider, in the org's region). */
function redirectUri(idp: IdentityProvider, region?: string) {
  return `${location.origin}/api/v2/auth/sso/${idp.id}/callback?region=${encodeURIComponent(region ?? '')}`;
}

function IdentityProviders() {
  const t = useI18n();
  const me = useStore(session);
  const [list, setList] = useState<IdentityProvider[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<IdentityProvider | null>(null);
  const load = () => api<IdentityProvider[] | Page<IdentityProvider>>('GET', '/api/v2/orgs/me/identityproviders')
    .then((r) => setList(Array.isArray(r) ? r : r.entities), setError);
  useEffect(() => { load(); }, []);
  return (
    <Card wide>
      <h2>{t.t('admin.tab.idps')}</h2>
      <ErrorAlert error={error} />
      {list && list.length === 0 && <p>{t.t('admin.none')}</p>}
      {list && list.length > 0 && (
        <ul class="rows" data-testid="idps">
          {list.map((idp) => (
            <li class="row" key={idp.id}>
              <div class="row-main">
                <div>
                  {idp.iconUrl && <img src={idp.iconUrl} alt="" width={24} height={24} referrerpolicy="no-referrer" />}
                  <strong>{idp.displayName}</strong> <span class="muted">{idp.type.toUpperCase()} {idp.issuer ?? ''}</span>
                </div>
                <span class="muted" data-testid="idp-mapping">
                  {t.t('admin.idp_email_from', { claim: idp.emailClaim ?? 'email' })}
                  {' · '}{idp.trustEmail ? t.t('admin.idp_trusted') : t.t('admin.idp_verified')}
                  {' · '}{idp.allowedDomains?.length ? idp.allowedDomains.join(', ') : t.t('admin.idp_any_domain')}
                </span>
                {idp.type === 'saml'
                  ? <SamlProviderDetails idp={idp} />
                  : <span class="muted">{t.t('admin.idp_redirect_uri')}: <code data-testid="idp-redirect-uri">{redirectUri(idp, me.user?.region)}</code></span>}
              </div>
              <div class="row-actions">
                {idp.type !== 'saml' && <CopyButton text={redirectUri(idp, me.user?.region)} label={t.t('admin.idp_copy_redirect')} />}
                <Button type="button" variant="secondary" aria-label={t.t('admin.edit_named', { name: idp.displayName })}
                  onClick={() => setEditing(idp)}>{t.t('admin.edit')}</Button>
                <Button type="button" variant="danger" aria-label={t.t('admin.delete_named', { name: idp.displayName })}
                  onClick={async () => { if (confirm(t.t('admin.confirm_delete', { name: idp.displayName }))) { try { await api('DELETE', `/api/v2/orgs/me/identityproviders/${idp.id}`); load(); } catch (err) { setError(err); } } }}>
                  {t.t('common.delete')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing
        ? <ProviderEditor key={editing.id} idp={editing} onDone={() => { setEditing(null); load(); }} onCancel={() => setEditing(null)} />
        : <>
          <ProviderEditor key="new" onDone={load} />
          <SamlProviderForm onAdded={load} />
        </>}
    </Card>
  );
}

/** Add a provider (with a preset), or change one; the claim mapping with a short explanation of each field. */
function ProviderEditor({ idp, onDone, onCancel }: { idp?: IdentityProvider; onDone: () => void; onCancel?: () => void }) {
  const t = useI18n();
  const [preset, setPreset] = useState<Preset>('custom');
  const [form, setForm] = useState<ProviderForm>(idp ? formOf(idp) : EMPTY_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  // a SAML provider is edited here too: its name, icon and claim mapping (its metadata is replaced by the API)
  const saml = idp?.type === 'saml';
  const f = <K extends keyof ProviderForm>(k: K) => (v: ProviderForm[K]) => { setForm({ ...form, [k]: v }); setSaved(false); };
  function choose(p: Preset) {
    setPreset(p);
    setForm(applyPreset(form, p));
  }
  const domainError = domainErrorOf(error, t);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null); setSaved(false);
    const body: Record<string, unknown> = {
      displayName: form.displayName.trim(), issuer: form.issuer.trim(), clientId: form.clientId.trim(),
      emailClaim: form.emailClaim.trim() || 'email', trustEmail: form.trustEmail, allowedDomains: domainList(form.allowedDomains),
      nameClaim: form.nameClaim.trim() || 'name', jitProvisioning: form.jitProvisioning, jitRoles: [form.jitRole],
    };
    if (form.clientSecret) body.clientSecret = form.clientSecret;
    if (saml) { delete body.issuer; delete body.clientId; }
    try {
      if (idp) {
        body.iconUrl = form.iconUrl.trim();
        // only what changed: the other admins are told which fields an admin changed
        const before: Record<string, unknown> = {
          displayName: idp.displayName, issuer: idp.issuer ?? '', clientId: idp.clientId ?? '', iconUrl: idp.iconUrl ?? '',
          emailClaim: idp.emailClaim ?? 'email', trustEmail: !!idp.trustEmail, allowedDomains: idp.allowedDomains ?? [],
          nameClaim: idp.nameClaim ?? 'name', jitProvisioning: !!idp.jitProvisioning, jitRoles: idp.jitRoles ?? ['user'],
        };
        for (const key of Object.keys(before)) {
          if (JSON.stringify(before[key]) === JSON.stringify(body[key])) delete body[key];
        }
        if (Object.keys(body).length > 0) await api('PATCH', `/api/v2/orgs/me/identityproviders/${idp.id}`, { body });
        setSaved(true);
      } else {
        if (form.iconUrl.trim()) body.iconUrl = form.iconUrl.trim();
        await api('POST', '/api/v2/orgs/me/identityproviders', { body: { type: 'oidc', ...body } });
        setForm(EMPTY_FORM); setPreset('custom');
      }
      onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <>
      <h3>{idp ? t.t('admin.edit_named', { name: idp.displayName }) : t.t('admin.add_idp')}</h3>
      <form onSubmit={submit} class="grid" data-testid={idp ? 'idp-edit' : 'idp-add'}>
        {!idp && (
          <div class="grid-full">
            <Select label={t.t('admin.idp_preset')} name="preset" value={preset} onValue={(v) => choose(v as Preset)}
              hint={t.t(`admin.idp_preset_hint.${preset}` as Key)}
              options={(Object.keys(PRESETS) as Preset[]).map((p) => ({ value: p, label: t.t(`admin.idp_preset.${p}` as Key) }))} />
          </div>
        )}
        <Field label={t.t('admin.idp_name')} name="displayName" required value={form.displayName} onValue={f('displayName')} />
        {!saml && (
          <>
            <Field label={t.t('admin.idp_issuer')} name="issuer" type="url" required value={form.issuer} onValue={f('issuer')}
              placeholder={idp ? 'https://' : PRESETS[preset].issuerPattern} />
            <Field label={t.t('admin.idp_client_id')} name="clientId" required value={form.clientId} onValue={f('clientId')} autoComplete="off" />
            <Field label={idp ? t.t('admin.idp_secret_keep') : t.t('admin.idp_client_secret')} name="clientSecret" type="password"
              required={!idp} value={form.clientSecret} onValue={f('clientSecret')} autoComplete="off" />
          </>
        )}
        <Field label={t.t('admin.idp_icon')} name="iconUrl" type="url" value={form.iconUrl} onValue={f('iconUrl')} placeholder="https://" />
        <MappingFields form={form} f={f} domainError={domainError} saml={saml} />
        <div class="grid-full">
          {/* a bad domain is said at its field, not as the generic validation message */}
          <ErrorAlert error={domainError ? null : error} />
          {saved && <Alert kind="success">{t.t('common.saved')}</Alert>}
          <div class="row-actions">
            <Button type="submit" busy={busy}>{idp ? t.t('common.save') : t.t('common.add')}</Button>
            {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>{t.t('common.cancel')}</Button>}
          </div>
        </div>
      </form>
    </>
  );
}

/** A bad allowed domain, said at its field rather than as the generic validation message. */
export function domainErrorOf(error: unknown, t: ReturnType<typeof useI18n>) {
  return error instanceof ApiError && (error.problem.errors ?? []).some((e) => e.pointer?.startsWith('/allowedDomains'))
    && error.code === 'validation_failed' ? t.t('admin.idp_domains_invalid') : undefined;
}

/** The claim mapping's fields (docs/sso.md, "Claim mapping"), for OIDC claims or SAML attributes. */
export function MappingFields<F extends Pick<ProviderForm, 'emailClaim' | 'trustEmail' | 'allowedDomains' | 'nameClaim' | 'jitProvisioning' | 'jitRole'>>(
  { form, f, domainError, saml }: { form: F; f: <K extends keyof F>(k: K) => (v: F[K]) => void; domainError?: string; saml?: boolean },
) {
  const t = useI18n();
  return (
    <fieldset class="grid-full">
      <legend>{t.t('admin.idp_mapping')}</legend>
      <Field label={t.t(saml ? 'admin.saml_email_attribute' : 'admin.idp_email_claim')} name="emailClaim"
        hint={t.t(saml ? 'admin.saml_email_attribute_hint' : 'admin.idp_email_claim_hint')} required={!saml}
        value={form.emailClaim} onValue={f('emailClaim')} autoComplete="off" />
      <Checkbox label={t.t('admin.idp_trust_email')} name="trustEmail"
        hint={t.t(saml ? 'admin.saml_trust_email_hint' : 'admin.idp_trust_email_hint')}
        checked={form.trustEmail} onChange={f('trustEmail')} />
      <Field label={t.t('admin.idp_domains')} name="allowedDomains" hint={t.t('admin.idp_domains_hint')} placeholder="acme.com"
        required={form.trustEmail} error={domainError} value={form.allowedDomains} onValue={f('allowedDomains')} autoComplete="off" />
      <Field label={t.t(saml ? 'admin.saml_name_attribute' : 'admin.idp_name_claim')} name="nameClaim"
        hint={t.t(saml ? 'admin.saml_name_attribute_hint' : 'admin.idp_name_claim_hint')}
        value={form.nameClaim} onValue={f('nameClaim')} autoComplete="off" />
      <Checkbox label={t.t('admin.idp_jit')} name="jitProvisioning" hint={t.t('admin.idp_jit_hint')}
        checked={form.jitProvisioning} onChange={f('jitProvisioning')} />
      {form.jitProvisioning && (
        <Select label={t.t('admin.idp_jit_role')} name="jitRole" value={form.jitRole} onValue={f('jitRole')} options={roleOptions(t)} />
      )}
    </fieldset>
  );
}

function ApiClients() {
  const t = useI18n();
  const [page, setPage] = useState<Page<ApiClient> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState('admin');
  const [created, setCreated] = useState<ApiClient | null>(null);
  const load = () => api<Page<ApiClient>>('GET', '/api/v2/oauth/clients').then(setPage, setError);
  useEffect(() => { load(); }, []);
  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    try { setCreated(await api<ApiClient>('POST', '/api/v2/oauth/clients', { body: { name: name.trim(), roles: [role] } })); setName(''); load(); } catch (err) { setError(err); }
  }
  return (
    <Card wide>
      <h2>{t.t('admin.tab.clients')}</h2>
      <p>{t.t('admin.clients_intro')}</p>
      <ErrorAlert error={error} />
      {created && (
        <Alert kind="success">
          <p>{t.t('admin.client_created')}</p>
          <dl class="facts">
            <dt>client_id</dt><dd><code>{created.clientId}</code></dd>
            <dt>client_secret</dt><dd><code data-testid="client-secret">{created.clientSecret}</code> <CopyButton text={created.clientSecret ?? ''} label={t.t('admin.copy_secret')} /></dd>
          </dl>
        </Alert>
      )}
      {page && page.entities.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t.t('admin.tab.clients')}</caption>
            <thead><tr><th scope="col">{t.t('account.name')}</th><th scope="col">client_id</th><th scope="col">{t.t('admin.role')}</th>
              <th scope="col">{t.t('admin.last_used')}</th><th scope="col"><span class="visually-hidden">{t.t('admin.actions')}</span></th></tr></thead>
            <tbody>
              {page.entities.map((c) => (
                <tr key={c.clientId}>
                  <td>{c.name}</td><td><code>{c.clientId}</code></td><td>{c.roles.join(', ')}</td><td>{t.date(c.lastUsedAt)}</td>
                  <td class="row-actions"><Button type="button" variant="danger" aria-label={t.t('admin.delete_named', { name: c.name })}
                    onClick={async () => { if (confirm(t.t('admin.confirm_delete', { name: c.name }))) { try { await api('DELETE', `/api/v2/oauth/clients/${encodeURIComponent(c.clientId)}`); load(); } catch (err) { setError(err); } } }}>{t.t('common.delete')}</Button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && page.entities.length === 0 && <p>{t.t('admin.none')}</p>}
      <h3>{t.t('admin.new_client')}</h3>
      <form onSubmit={create} class="grid">
        <Field label={t.t('account.name')} required maxLength={100} value={name} onValue={setName} autoComplete="off" />
        <Select label={t.t('admin.role')} value={role} onValue={setRole} options={roleOptions(t)} />
        <div class="grid-full"><Button type="submit">{t.t('admin.create_client')}</Button></div>
      </form>
    </Card>
  );
}

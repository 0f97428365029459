import { useEffect, useState } from 'preact/hooks';
import { api, OrgApp, Page } from '../api';
import { useI18n } from '../i18n';
import { regionName } from '../problems';
import { isAdmin, session } from '../session';
import { useStore } from '../store';
import { Link } from '../ui';

interface AppConfig { workAppUrl?: string; workAppName?: string }
let configCache: Promise<AppConfig> | null = null;
export function appConfig(): Promise<AppConfig> {
  configCache ??= fetch('/app-config.json', { cache: 'no-store' }).then((r) => (r.ok ? r.json() : {}), () => ({}));
  return configCache;
}

/** Only web addresses become links (the server allows nothing else; a second guard costs nothing). */
export function webAddress(url: string | undefined): string | undefined {
  return url && /^https?:\/\/[^\s]+$/i.test(url) ? url : undefined;
}

/** An app's icon: its picture, or its initial. */
export function AppIcon({ app }: { app: Pick<OrgApp, 'name' | 'iconUrl'> }) {
  return app.iconUrl
    ? <img class="tile-img" src={app.iconUrl} alt="" width={40} height={40} referrerpolicy="no-referrer" />
    : <span class="tile-icon tile-initial" aria-hidden="true">{app.name.trim().slice(0, 1).toUpperCase()}</span>;
}

/** After login: the organization's apps meant for this person (issue 16, item 8), My Account, Admin. */
export function Splash() {
  const t = useI18n();
  const { user } = useStore(session);
  const [config, setConfig] = useState<AppConfig>({});
  const [apps, setApps] = useState<OrgApp[] | null>(null);
  useEffect(() => { appConfig().then(setConfig); }, []);
  useEffect(() => {
    if (!user) return;
    api<Page<OrgApp>>('GET', '/api/v2/users/me/apps').then((page) => setApps(page.entities), () => setApps([]));
  }, [user?.id]);
  if (!user) return null;
  const work = webAddress(config.workAppUrl);
  const admin = isAdmin(user);
  return (
    <section class="splash">
      <h1>{t.t('splash.welcome', { name: user.name || user.email })}</h1>
      <p class="sub">{t.t('splash.org', { org: user.orgName, region: regionName(t, user.region) })}</p>
      <ul class="tiles" data-testid="tiles" aria-busy={apps === null ? true : undefined}>
        {(apps ?? []).map((app) => {
          const href = webAddress(app.url);
          return href && (
            <li key={app.id}>
              <a class="tile" href={href} rel="noopener noreferrer" data-testid="app-tile">
                <AppIcon app={app} />
                <span class="tile-title">{app.name}</span>
                {app.description && <span class="tile-text">{app.description}</span>}
              </a>
            </li>
          );
        })}
        {work && (
          <li>
            <a class="tile" href={work} rel="noopener">
              <span class="tile-icon" aria-hidden="true">▣</span>
              <span class="tile-title">{config.workAppName || t.t('splash.work')}</span>
              <span class="tile-text">{t.t('splash.work_text')}</span>
            </a>
          </li>
        )}
        <li>
          <Link class="tile" href="/account">
            <span class="tile-icon" aria-hidden="true">◉</span>
            <span class="tile-title">{t.t('splash.account')}</span>
            <span class="tile-text">{t.t('splash.account_text')}</span>
          </Link>
        </li>
        {admin && (
          <li>
            <Link class="tile" href="/admin">
              <span class="tile-icon" aria-hidden="true">⚙</span>
              <span class="tile-title">{t.t('splash.admin')}</span>
              <span class="tile-text">{t.t('splash.admin_text')}</span>
            </Link>
          </li>
        )}
      </ul>
      {apps && apps.length === 0 && !work && (
        <p class="sub" data-testid="no-apps">
          {admin
            ? <>{t.t('splash.no_apps_admin')} <Link href="/admin/apps">{t.t('splash.add_apps')}</Link></>
            : t.t('splash.no_apps')}
        </p>
      )}
    </section>
  );
}

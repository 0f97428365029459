import { useEffect, useState } from 'preact/hooks';
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

/** After login: the apps of this person. */
export function Splash() {
  const t = useI18n();
  const { user } = useStore(session);
  const [config, setConfig] = useState<AppConfig>({});
  useEffect(() => { appConfig().then(setConfig); }, []);
  if (!user) return null;
  return (
    <section class="splash">
      <h1>{t.t('splash.welcome', { name: user.name || user.email })}</h1>
      <p class="sub">{t.t('splash.org', { org: user.orgName, region: regionName(t, user.region) })}</p>
      <ul class="tiles">
        <li>
          {config.workAppUrl
            ? <a class="tile" href={config.workAppUrl} rel="noopener">
                <span class="tile-icon" aria-hidden="true">▣</span>
                <span class="tile-title">{config.workAppName || t.t('splash.work')}</span>
                <span class="tile-text">{t.t('splash.work_text')}</span>
              </a>
            : <div class="tile tile-disabled" aria-disabled="true">
                <span class="tile-icon" aria-hidden="true">▣</span>
                <span class="tile-title">{t.t('splash.work')}</span>
                <span class="tile-text">{t.t('splash.work_unset')}</span>
              </div>}
        </li>
        <li>
          <Link class="tile" href="/account">
            <span class="tile-icon" aria-hidden="true">◉</span>
            <span class="tile-title">{t.t('splash.account')}</span>
            <span class="tile-text">{t.t('splash.account_text')}</span>
          </Link>
        </li>
        {isAdmin(user) && (
          <li>
            <Link class="tile" href="/admin">
              <span class="tile-icon" aria-hidden="true">⚙</span>
              <span class="tile-title">{t.t('splash.admin')}</span>
              <span class="tile-text">{t.t('splash.admin_text')}</span>
            </Link>
          </li>
        )}
      </ul>
    </section>
  );
}

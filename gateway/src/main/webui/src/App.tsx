import { useEffect } from 'preact/hooks';
import { api } from './api';
import { useI18n } from './i18n';
import { navigate, route } from './router';
import { isAdmin, logout, refresh, session } from './session';
import { useStore } from './store';
import { Button, LanguagePicker, Link, Spinner } from './ui';
import { Account } from './pages/Account';
import { Admin } from './pages/Admin';
import { ForgotPassword, ResetPassword } from './pages/Reset';
import { Invite } from './pages/Invite';
import { Login } from './pages/Login';
import { MfaLogin } from './pages/Mfa';
import { OrgLogin, SsoReturn } from './pages/OrgLogin';
import { Splash } from './pages/Splash';

function Screen() {
  const r = useStore(route);
  const s = useStore(session);
  const path = r.path;
  const signedIn = s.status === 'authenticated';

  useEffect(() => {
    if (signedIn && path.startsWith('/login') && path !== '/login/sso') navigate('/', { replace: true });
  }, [signedIn, path]);

  if (path === '/invite') return <Invite />;
  if (path === '/reset-password') return <ResetPassword />;
  if (path === '/forgot-password') return <ForgotPassword />;
  if (path === '/login/sso') return signedIn ? <Splash /> : <SsoReturn onRefresh={refresh} />;
  if (s.status === 'starting') return <Spinner />;
  if (!signedIn) {
    if (path.startsWith('/login/org/')) return <OrgLogin orgName={decodeURIComponent(path.slice('/login/org/'.length))} />;
    if (path === '/login/mfa') return <MfaLogin />;
    return <Login />;
  }
  if (path === '/account') return <Account />;
  if (path === '/admin' || path.startsWith('/admin/')) return isAdmin(s.user) ? <Admin path={path} /> : <Splash />;
  return <Splash />;
}

export function App() {
  const t = useI18n();
  const s = useStore(session);
  return (
    <>
      <a class="skip" href="#main">{t.t('nav.skip')}</a>
      <header class="top">
        <Link href="/" class="brand"><span class="logo" aria-hidden="true">T</span>Threshold</Link>
        {s.status === 'authenticated' && (
          <nav aria-label={t.t('nav.main')}>
            <ul>
              <li><Link href="/">{t.t('nav.apps')}</Link></li>
              <li><Link href="/account">{t.t('splash.account')}</Link></li>
              {isAdmin(s.user) && <li><Link href="/admin">{t.t('splash.admin')}</Link></li>}
              <li><Button type="button" variant="link" onClick={async () => { await logout(); navigate('/', { replace: true }); }}>{t.t('nav.signout')}</Button></li>
            </ul>
          </nav>
        )}
      </header>
      <main id="main">
        <Screen />
      </main>
      <footer class="foot">
        <LanguagePicker onChange={(lang) => {
          // signed in: the choice goes to the account too (it drives the emails)
          const user = session.get().user;
          if (session.get().status === 'authenticated' && user && user.locale !== lang) {
            api('PATCH', '/api/v2/users/me', { body: { locale: lang } })
              .then(() => session.set({ ...session.get(), user: { ...user, locale: lang } }), () => undefined);
          }
        }} />
      </footer>
    </>
  );
}

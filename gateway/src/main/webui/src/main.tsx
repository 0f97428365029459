import { render } from 'preact';
import { setRegionHint } from './api';
import { App } from './App';
import { initialLanguage, setLanguage } from './i18n';
import { refresh, rememberedRegion, session } from './session';
import './styles.css';

async function start() {
  await setLanguage(initialLanguage(), { remember: false });
  setRegionHint(rememberedRegion());
  render(<App />, document.getElementById('app')!);
  const path = location.pathname;
  if (path === '/invite' || path === '/reset-password' || path === '/login/sso') {
    // an emailed link is about its own person: no silent sign-in of whoever used this browser before
    if (path !== '/login/sso') session.set({ status: 'anonymous' });
    return;
  }
  // the next visit opens without credentials: the refresh cookie of the remembered region
  await refresh();
}

void start();

// The session: the access token lives in memory only; the refresh token is an HttpOnly cookie
// (threshold_refresh_<region>, Path=/api/v2/auth) the page never sees. Only the region and the
// language are remembered in localStorage, neither is secret.
import { api, ApiError, LoginResult, setAccessToken, setRegionHint, setUnauthorizedHandler, User } from './api';
import { navigate } from './router';
import { createStore } from './store';
import { i18n, languageChosen, setLanguage, supported } from './i18n';

const REGION_KEY = 'threshold.region';

export interface SessionState {
  status: 'starting' | 'anonymous' | 'authenticated';
  user?: User;
  /** why the last silent refresh failed (session_expired after the idle limit, ...) */
  ended?: string;
}

export const session = createStore<SessionState>({ status: 'starting' });

/**
 * A login between the password step and MFA: the flow's mfaToken, never stored. `requiredNow`: the
 * open session had to stop because the org started requiring MFA (the refresh answered the MFA step).
 */
export interface PendingMfa { mfaToken: string; enroll: boolean; region: string; expiresAt: number; requiredNow?: boolean }
export const pendingMfa = createStore<PendingMfa | null>(null);

let refreshTimer: number | undefined;

export function rememberedRegion(): string | null {
  try { return localStorage.getItem(REGION_KEY); } catch { return null; }
}
export function rememberRegion(region: string) {
  try { localStorage.setItem(REGION_KEY, region); } catch { /* not remembered */ }
  setRegionHint(region);
}

function schedule(expiresIn: number | undefined) {
  clearTimeout(refreshTimer);
  if (!expiresIn) return;
  // renew well before the access token runs out
  refreshTimer = window.setTimeout(() => { void refresh(); }, Math.max(10, expiresIn * 0.8) * 1000);
}

/** Takes a login result: AUTHENTICATED starts the session; the other statuses are for the caller. */
export async function establish(result: LoginResult, region: string) {
  if (result.status !== 'AUTHENTICATED' || !result.accessToken || !result.user) return false;
  rememberRegion(result.user.region || region);
  setAccessToken(result.accessToken);
  schedule(result.expiresIn);
  pendingMfa.set(null);
  session.set({ status: 'authenticated', user: result.user });
  await reconcileLanguage(result.user);
  return true;
}

/** A language picked on the page is saved to the account; otherwise the account's language wins. */
async function reconcileLanguage(user: User) {
  const lang = i18n.get().lang;
  if (languageChosen()) {
    if (user.locale !== lang) {
      try {
        await api('PATCH', '/api/v2/users/me', { body: { locale: lang } });
        session.set({ ...session.get(), user: { ...user, locale: lang } });
      } catch { /* the page keeps its language */ }
    }
  } else if (supported(user.locale) && supported(user.locale) !== lang) {
    await setLanguage(user.locale);
  }
}

let inFlight: Promise<boolean> | null = null;

/** The silent re-open: the cookie of the remembered region buys a new access token. */
export function refresh(): Promise<boolean> {
  if (inFlight) return inFlight;
  const region = rememberedRegion();
  if (!region) {
    session.set({ status: 'anonymous' });
    return Promise.resolve(false);
  }
  inFlight = (async () => {
    try {
      const result = await api<LoginResult>('POST', '/api/v2/auth/refresh', {
        token: null, region, headers: { 'X-Requested-With': 'fetch' },
      });
      if (result.status === 'MFA_REQUIRED' || result.status === 'MFA_ENROLLMENT_REQUIRED') {
        // the org requires MFA now and this session never passed it: the server ended it; the MFA
        // step opens a new one (identity-service, LoginCompletion.afterRefresh)
        setAccessToken(null);
        clearTimeout(refreshTimer);
        pendingMfa.set({
          mfaToken: result.mfaToken!, enroll: result.status === 'MFA_ENROLLMENT_REQUIRED', region,
          expiresAt: Date.now() + (result.expiresIn ?? 300) * 1000, requiredNow: true,
        });
        session.set({ status: 'anonymous' });
        navigate('/login/mfa');
        return false;
      }
      return await establish(result, region);
    } catch (e) {
      setAccessToken(null);
      clearTimeout(refreshTimer);
      const code = e instanceof ApiError ? e.code : 'network_error';
      const wasIn = session.get().status === 'authenticated';
      session.set({ status: 'anonymous', ended: wasIn || code === 'session_expired' ? code : undefined });
      return false;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

setUnauthorizedHandler(refresh);

export async function logout() {
  const region = session.get().user?.region ?? rememberedRegion();
  // the server must end the session (else the cookie would sign the next visit in): one retry on a failure
  // that is not an answer about the session itself
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await api('POST', '/api/v2/auth/logout', { token: null, region, headers: { 'X-Requested-With': 'fetch' } });
      break;
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 0 && e.status < 500)) break;
    }
  }
  setAccessToken(null);
  clearTimeout(refreshTimer);
  session.set({ status: 'anonymous' });
}

export function isAdmin(user?: User) { return !!user?.roles?.includes('admin'); }

// The one place that talks to the API: JSON in and out, problem+json errors as ApiError with the
// stable `code`, the access token (memory only) and the region on every call.

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  errors?: { pointer?: string; code?: string; detail?: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem, readonly retryAfter?: number) {
    super(problem.code);
  }
  get code() { return this.problem.code; }
  get status() { return this.problem.status; }
}

export interface RequestOptions {
  body?: unknown;
  token?: string | null;
  region?: string | null;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined | null>;
}

/** Bearer for calls that need one; set by the session module, never persisted. */
let accessToken: string | null = null;
let regionHint: string | null = null;
let language = 'en';
let onUnauthorized: (() => Promise<boolean>) | null = null;

export function setAccessToken(token: string | null) { accessToken = token; }
export function getAccessToken() { return accessToken; }
export function setRegionHint(region: string | null) { regionHint = region; }
export function setApiLanguage(lang: string) { language = lang; }
/** Called once when a bearer call answers 401: refresh and say whether to retry. */
export function setUnauthorizedHandler(handler: () => Promise<boolean>) { onUnauthorized = handler; }

function url(path: string, query?: RequestOptions['query']) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': language, ...options.headers };
  const token = options.token === undefined ? accessToken : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  const region = options.region === undefined ? (token ? null : regionHint) : options.region;
  if (region && !token) headers['X-Region'] = region;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network_error' });
  }
  if (response.status === 401 && token && token === accessToken && !retried && onUnauthorized && options.token === undefined) {
    if (await onUnauthorized()) return api<T>(method, path, options, true);
  }
  if (!response.ok) {
    let problem: Problem;
    try {
      const body = await response.json();
      problem = { ...body, status: body.status ?? response.status, code: body.code ?? 'http_' + response.status };
    } catch {
      problem = { status: response.status, code: 'http_' + response.status };
    }
    const retry = Number(response.headers.get('Retry-After'));
    throw new ApiError(problem, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  if (response.status === 204 || response.status === 202) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// ---- shapes of the contract (API.md) ----

export interface Region { code: string; name: string }
export interface User {
  id: string; email: string; name: string; orgId: string; orgName: string; region: string; locale: string;
  roles: string[]; authMethod: string;
}
export interface LoginResult {
  status: 'AUTHENTICATED' | 'ORG_SELECTION_REQUIRED' | 'MFA_REQUIRED' | 'MFA_ENROLLMENT_REQUIRED';
  accessToken?: string; expiresIn?: number; user?: User;
  organizations?: { id: string; name: string }[];
  mfaToken?: string;
}
export interface PasswordPolicy {
  minLength: number; maxLength: number; requireUppercase: boolean; requireLowercase: boolean;
  requireDigit: boolean; requireSymbol: boolean; rejectCommonPasswords: boolean; historySize?: number;
  maxFailedAttempts?: number; lockoutMinutes?: number;
}
/** GET /api/v2/auth/password/reset?token=: whose reset link it is. */
export interface ResetLookup {
  email: string; name?: string; orgName: string; region: string; passwordPolicy: PasswordPolicy; expiresAt: string;
}
export interface Lookup {
  email: string; name?: string; orgName: string; region: string; ssoOnly: boolean;
  passwordPolicy: PasswordPolicy; expiresAt: string; locale?: string;
}
/** type totp: secret, otpauthUri, qrCode; type webauthn (a passkey): publicKey, the creation options. */
export interface Enrollment {
  id: string; name: string; type?: 'totp' | 'webauthn'; secret: string; otpauthUri: string; qrCode: string;
  publicKey?: import('./webauthn').CreationOptionsJSON;
}
export interface Device { id: string; name: string; type?: 'totp' | 'webauthn'; createdAt: string; lastUsedAt?: string; default?: boolean }
/** recoveryCodes only for a person's first device: a further one never replaces them. */
export interface Validated { device: Device; recoveryCodes?: string[]; mfaProof?: string }
export interface RecoveryCodesStatus { remaining: number; createdAt?: string }
export interface Me extends User { mfa: { enrolled: boolean; required: boolean } }
export interface Page<T> { entities: T[]; pageSize: number; pageNumber: number; total: number }
export interface OrgSettings {
  mfaRequired: boolean; mfaRememberDays: number; ssoOnly: boolean; defaultLocale: string;
  passwordPolicy: PasswordPolicy; invitationTtlDays: number; sessionIdleDays: number;
}
export interface Org { id: string; name: string; region: string; settings: OrgSettings; createdAt?: string }
export interface Invitation {
  id: string; email: string; name: string; roles: string[]; locale: string; status: string; expiresAt: string;
  createdAt: string; acceptedAt?: string; revokedAt?: string;
  delivery?: { state: string; attempts: number; lastAttemptAt?: string; lastError?: string; nextAttemptAt?: string; sentAt?: string };
}
export interface NewInvitation { email: string; name: string; roles?: string[]; locale?: string }
export interface BulkResult {
  index?: number; email: string; status: number; id?: string; code?: string;
  errors?: { pointer?: string; code?: string; detail?: string }[];
}
export interface OrgUser {
  id: string; email: string; name: string; state: string; roles: string[]; locale: string; createdAt: string;
  /** has a validated MFA device (what an admin can reset) */
  mfaEnrolled?: boolean;
}
export interface IdentityProvider {
  id: string; displayName: string; type: string; iconUrl?: string; issuer?: string; clientId?: string;
  scopes?: string[]; jitProvisioning?: boolean;
  /** claim mapping (docs/sso.md): where the address is, whether it is trusted, which domains, name, JIT roles */
  emailClaim?: string; trustEmail?: boolean; allowedDomains?: string[]; nameClaim?: string; jitRoles?: string[];
  // SAML 2.0 providers
  entityId?: string; ssoUrl?: string; metadataUrl?: string; allowIdpInitiated?: boolean;
  certificates?: { subject: string; notBefore: string; notAfter: string; fingerprintSha256: string; expired: boolean }[];
  certificateWarning?: 'certificates_expiring' | 'certificates_expired';
  sp?: { entityId: string; acsUrl: string; metadataUrl: string; certificateNotAfter: string };
}
export interface ApiClient { clientId: string; clientSecret?: string; name: string; roles: string[]; createdAt: string; lastUsedAt?: string }
/** An app of the organization: a tile of the splash screen (GET /api/v2/users/me/apps, admins: /api/v2/orgs/me/apps). */
export interface OrgApp {
  id: string; name: string; url: string; description?: string; iconUrl?: string;
  visibleTo: 'everyone' | 'admins'; position: number; createdAt?: string; updatedAt?: string;
}

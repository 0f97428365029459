// Failures in words: our own translation of each problem `code` (docs/problems.md), the field errors of
// a 400 validation_failed one by one ("Role: must be user or admin."), and otherwise the server's own
// `detail` (localized by Accept-Language) rather than a bare code.
import { ApiError, Problem } from './api';
import { hasKey, Key, Translator } from './i18n';

export interface MessageContext {
  /** the code typed was a recovery code: a wrong one is not "wait for the next code" */
  recovery?: boolean;
  /** a limit on requests (forgotten password), not the lockout of an account */
  requests?: boolean;
  /** labels for fields whose name is ambiguous here (e.g. `name` of a device) */
  fields?: Record<string, string>;
}

type FieldError = NonNullable<Problem['errors']>[number];

/** The body field a JSON pointer names: its last segment that is not an index (`/invitations/3/roles/0` -> roles). */
export function fieldOf(pointer?: string): string {
  const parts = (pointer ?? '').split('/').filter((p) => p !== '' && !/^\d+$/.test(p));
  return (parts[parts.length - 1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

const LABELS: Record<string, Key> = {
  email: 'login.email', adminEmail: 'login.email', name: 'account.name', adminName: 'account.name',
  roles: 'admin.role', role: 'admin.role', locale: 'common.language', defaultLocale: 'settings.default_locale',
  password: 'login.password', newPassword: 'invite.new_password', currentPassword: 'account.current_password',
  minLength: 'settings.min_length', maxLength: 'settings.max_length', historySize: 'settings.history_size',
  maxFailedAttempts: 'settings.max_failed', lockoutMinutes: 'settings.lockout_minutes',
  mfaRememberDays: 'settings.remember_days', sessionIdleDays: 'settings.session_idle_days',
  invitationTtlDays: 'settings.invitation_ttl_days', displayName: 'admin.idp_name', issuer: 'admin.idp_issuer',
  clientId: 'admin.idp_client_id', clientSecret: 'admin.idp_client_secret', iconUrl: 'admin.idp_icon',
  code: 'mfa.code', recoveryCode: 'mfa.recovery_code', token: 'field.token', invitations: 'admin.invite_many',
  url: 'apps.url', description: 'apps.description', visibleTo: 'apps.visible_to', position: 'apps.position',
};

const RULES = ['required', 'size', 'email', 'pattern', 'range', 'enum', 'unknown_field', 'invalid_type'];

/** One field error as a sentence: the field's label and what is wrong with it. */
export function fieldErrorText(t: Translator, error: FieldError, context: MessageContext = {}): string {
  const field = fieldOf(error.pointer);
  const label = context.fields?.[field] ?? (LABELS[field] ? t.t(LABELS[field]) : field || t.t('field.request'));
  const code = error.code ?? '';
  if (field === 'minLength' && code === 'range' && /maxLength/.test(error.detail ?? '')) return t.t('field.min_over_max', { field: label });
  if ((field === 'roles' || field === 'role') && (code === 'pattern' || code === 'enum')) return t.t('field.role', { field: label });
  if ((field === 'locale' || field === 'defaultLocale') && (code === 'pattern' || code === 'enum')) return t.t('field.locale', { field: label });
  if (field === 'url' && code === 'pattern') return t.t('field.url', { field: label });
  if (field === 'iconUrl' && (code === 'pattern' || code === 'icon_url')) return t.t('field.icon_url', { field: label });
  if (RULES.includes(code)) return t.t(`field.${code}` as Key, { field: label });
  if (error.detail) return `${label}: ${error.detail}`;
  return `${label}: ${code}`;
}

/** The sentences of a 400 validation_failed (or of a bulk row's errors), in order, without repeats. */
export function fieldErrorTexts(t: Translator, errors: FieldError[] | undefined, context: MessageContext = {}): string[] {
  return [...new Set((errors ?? []).map((e) => fieldErrorText(t, e, context)))];
}

/** A localized sentence for any failure. */
export function problemMessage(t: Translator, error: unknown, context: MessageContext = {}): string {
  if (!(error instanceof ApiError)) return t.t('problem.unexpected');
  const code = error.code;
  if (code === 'too_many_attempts') {
    if (context.requests) {
      return error.retryAfter ? t.t('problem.too_many_requests_wait', { when: t.relative(error.retryAfter) }) : t.t('problem.too_many_requests');
    }
    return error.retryAfter ? t.t('problem.too_many_attempts_wait', { when: t.relative(error.retryAfter) }) : t.t('problem.too_many_attempts');
  }
  if (code === 'invalid_code' && context.recovery) return t.t('problem.invalid_recovery_code');
  if (code === 'validation_failed') {
    const lines = fieldErrorTexts(t, error.problem.errors, context);
    if (lines.length > 0) return `${t.t('problem.validation_fields')} ${lines.join(' ')}`;
    return error.problem.detail || t.t('problem.validation_failed');
  }
  const key = `problem.${code}`;
  if (hasKey(key)) return t.t(key);
  if (error.status >= 500 || error.status === 0) return t.t('problem.unavailable');
  // a code we have no text for: the server's own sentence, in the language we asked for when it has it
  if (error.problem.detail) return error.problem.detail;
  return t.t('problem.generic', { code });
}

/** A code carried in a URL (SSO's `?error=`): our text for it, or the generic one naming it. */
export function codeMessage(t: Translator, code: string): string {
  const key = `problem.${code}`;
  if (hasKey(key)) return t.t(key, { code });
  // SAML refusals (saml_unsigned, saml_signature_invalid, ...) without words of their own share one message
  if (code.startsWith('saml_')) return t.t('problem.saml_refused', { code });
  return t.t('problem.generic', { code });
}

/** A bulk invitation row that failed: its code in words, and each field error for validation failures. */
export function bulkRowText(t: Translator, row: { code?: string; errors?: FieldError[] }): string {
  if (row.errors && row.errors.length > 0) return fieldErrorTexts(t, row.errors).join(' ');
  return codeMessage(t, row.code ?? '');
}

/** A region's name in the page's language (the gateway's name for regions we have no translation of). */
export function regionName(t: Translator, code: string, fallback?: string): string {
  const key = `region.${code}`;
  return hasKey(key) ? t.t(key) : fallback ?? code;
}

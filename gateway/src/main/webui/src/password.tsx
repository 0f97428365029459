import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, PasswordPolicy, Problem } from './api';
import { Key, useI18n } from './i18n';

/** The policy's rules as the server counts them (NFKC, code points, Unicode categories). */
export function unmetRules(policy: PasswordPolicy, password: string): Set<string> {
  const p = password.normalize('NFKC');
  const length = [...p].length;
  const unmet = new Set<string>();
  if (length < policy.minLength) unmet.add('min_length');
  if (policy.maxLength > 0 && length > policy.maxLength) unmet.add('max_length');
  if (policy.requireUppercase && !/[\p{Lu}\p{Lt}]/u.test(p)) unmet.add('uppercase');
  if (policy.requireLowercase && !/\p{Ll}/u.test(p)) unmet.add('lowercase');
  if (policy.requireDigit && !/\p{Nd}/u.test(p)) unmet.add('digit');
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}]/u.test(p)) unmet.add('symbol');
  return unmet;
}

/** Rule codes of a 400 password_policy answer (errors[].code). */
export function serverRules(error: unknown): Set<string> {
  if (error instanceof ApiError && error.code === 'password_policy') {
    return new Set((error.problem.errors ?? []).map((e) => e.code ?? '').filter(Boolean));
  }
  return new Set();
}

const RULE_KEYS: Record<string, Key> = {
  min_length: 'password.rule.min_length', max_length: 'password.rule.max_length', uppercase: 'password.rule.uppercase',
  lowercase: 'password.rule.lowercase', digit: 'password.rule.digit', symbol: 'password.rule.symbol',
  common_password: 'password.rule.common_password', personal_info: 'password.rule.personal_info',
  too_guessable: 'password.rule.too_guessable', reused: 'password.rule.reused', match: 'password.rule.match',
};

/** The rules only the server can judge (offline list, the person's words, zxcvbn): the checklist's "not common" item. */
export const GUESSABILITY_RULES = ['common_password', 'personal_info', 'too_guessable'];

/** The answer of POST /api/v2/auth/password/check and /api/v2/users/me/password/check. */
export interface PasswordCheck {
  errors: NonNullable<Problem['errors']>; score: number; minScore: number; passwordPolicy: PasswordPolicy;
}

/**
 * What the server says about the password being typed: `pending` until it has answered for
 * exactly this password (debounced), so "not common" is never ticked before the server knows.
 * `failed`: the check could not be made (network, 503); the item stays unticked and the
 * submit still gets the server's verdict.
 */
export interface ServerCheck { pending: boolean; failed: boolean; rules: Set<string>; result?: PasswordCheck }

export const CHECK_DELAY_MS = 350;

/** Debounced live check; the password goes only to Threshold's own API, in a POST body, never a URL. */
export function usePasswordCheck(password: string, path: string, { extra = {}, token, region, enabled = true }:
  { extra?: Record<string, unknown>; token?: string | null; region?: string | null; enabled?: boolean } = {}): ServerCheck {
  const [state, setState] = useState<{ for: string; failed: boolean; result?: PasswordCheck }>({ for: '\u0000', failed: false });
  const extraKey = JSON.stringify(extra);
  useEffect(() => {
    if (!enabled) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      api<PasswordCheck>('POST', path, { body: { ...extra, password }, token, region }).then(
        (result) => { if (!cancelled) setState({ for: password, failed: false, result }); },
        () => { if (!cancelled) setState({ for: password, failed: true }); });
    }, password === '' ? 0 : CHECK_DELAY_MS);
    return () => { cancelled = true; clearTimeout(timer); };
  }, [password, path, extraKey, token, region, enabled]);
  return checkState(state, password);
}

/** The hook's state for the password typed now (exported so that it can be tested without a browser). */
export function checkState(state: { for: string; failed: boolean; result?: PasswordCheck }, password: string): ServerCheck {
  if (state.for !== password) return { pending: true, failed: false, rules: new Set(), result: state.result };
  if (state.failed || !state.result) return { pending: false, failed: true, rules: new Set() };
  return { pending: false, failed: false, rules: new Set(state.result.errors.map((e) => e.code ?? '').filter(Boolean)), result: state.result };
}

export function ruleText(t: ReturnType<typeof useI18n>, rule: string, policy?: PasswordPolicy) {
  const key = RULE_KEYS[rule];
  if (!key) return rule;
  return t.t(key, { min: t.number(policy?.minLength ?? 8), max: t.number(policy?.maxLength ?? 400), count: policy?.historySize ?? 10 });
}

type ItemState = 'ok' | 'todo' | 'pending';

/** The checklist's items and their states (exported so that it can be tested without a browser). */
export function checklistItems(policy: PasswordPolicy, password: string, confirm: string, server: Set<string>,
  check?: ServerCheck): { rule: string; state: ItemState }[] {
  const unmet = unmetRules(policy, password);
  const rules: string[] = ['min_length'];
  if (policy.maxLength > 0) rules.push('max_length');
  if (policy.requireUppercase) rules.push('uppercase');
  if (policy.requireLowercase) rules.push('lowercase');
  if (policy.requireDigit) rules.push('digit');
  if (policy.requireSymbol) rules.push('symbol');
  const items: { rule: string; state: ItemState }[] = rules.map((r) => ({ rule: r, state: !unmet.has(r) && !server.has(r) ? 'ok' : 'todo' }));
  if (policy.rejectCommonPasswords) {
    const failed = GUESSABILITY_RULES.filter((r) => server.has(r) || (check && !check.pending && check.rules.has(r)));
    let state: ItemState;
    if (failed.length > 0 || password.length === 0) state = 'todo';
    else if (!check) state = 'todo'; // no live check: only a successful submit tells
    else if (check.pending) state = 'pending';
    else state = check.failed ? 'todo' : 'ok';
    // Judged only once the length rules are met: until then the server names none of them.
    if (state === 'ok' && (unmet.has('min_length') || unmet.has('max_length'))) state = 'todo';
    items.push({ rule: 'common_password', state });
    for (const r of failed) if (r !== 'common_password') items.push({ rule: r, state: 'todo' });
  }
  if (server.has('reused')) items.push({ rule: 'reused', state: 'todo' });
  items.push({ rule: 'match', state: password.length > 0 && password === confirm ? 'ok' : 'todo' });
  return items;
}

/**
 * What the new-password form (newPassword.tsx) shows for what was typed and answered (exported so that it can be
 * tested without a browser): the rules the server refused, whether it may be sent, and which of
 * its three messages is up.
 */
export function newPasswordState(policy: PasswordPolicy, password: string, confirm: string, touched: boolean, error: unknown) {
  const server = serverRules(error);
  const canSubmit = unmetRules(policy, password).size === 0 && password === confirm;
  return {
    server,
    canSubmit,
    /** the confirmation differs, said once the person tried to send */
    mismatch: touched && confirm !== password,
    /** any failure but the policy's, which the checklist and its own line explain */
    showError: !!error && !(error instanceof ApiError && error.code === 'password_policy'),
    /** the server refused the password: the checklist marks which rules */
    showPolicyRefusal: server.size > 0,
    /** sent while the checklist still has open items */
    showFixHint: touched && !canSubmit && server.size === 0,
  };
}

/** A live checklist: each rule says whether it is met, for sight and for screen readers. */
export function PasswordChecklist(props: { policy: PasswordPolicy; password: string; confirm: string; server: Set<string>; id: string;
  check?: ServerCheck }) {
  const t = useI18n();
  const { policy, password, confirm, server, check } = props;
  const items = checklistItems(policy, password, confirm, server, check);
  return (
    <div class="checklist" id={props.id}>
      <p class="checklist-title">{t.t('password.checklist')}</p>
      <ul>
        {items.map(({ rule, state }) => (
          <li key={rule} class={state} data-rule={rule} data-state={state} aria-busy={state === 'pending' ? 'true' : undefined}>
            <span aria-hidden="true" class="mark">{state === 'ok' ? '✓' : state === 'pending' ? '…' : '•'}</span>
            {ruleText(t, rule, policy)}
            {state === 'pending' && <span class="checking"> ({t.t('password.checking')})</span>}
            <span class="visually-hidden">{state === 'ok' ? t.t('password.met') : state === 'pending' ? '' : t.t('password.not_met')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

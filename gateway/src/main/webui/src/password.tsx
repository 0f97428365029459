import { ApiError, PasswordPolicy } from './api';
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
  common_password: 'password.rule.common_password', reused: 'password.rule.reused', match: 'password.rule.match',
};

export function ruleText(t: ReturnType<typeof useI18n>, rule: string, policy?: PasswordPolicy) {
  const key = RULE_KEYS[rule];
  if (!key) return rule;
  return t.t(key, { min: t.number(policy?.minLength ?? 8), max: t.number(policy?.maxLength ?? 400), count: policy?.historySize ?? 10 });
}

/** A live checklist: each rule says whether it is met, for sight and for screen readers. */
export function PasswordChecklist(props: { policy: PasswordPolicy; password: string; confirm: string; server: Set<string>; id: string }) {
  const t = useI18n();
  const { policy, password, confirm, server } = props;
  const unmet = unmetRules(policy, password);
  const rules: string[] = ['min_length'];
  if (policy.maxLength > 0) rules.push('max_length');
  if (policy.requireUppercase) rules.push('uppercase');
  if (policy.requireLowercase) rules.push('lowercase');
  if (policy.requireDigit) rules.push('digit');
  if (policy.requireSymbol) rules.push('symbol');
  const items = rules.map((r) => ({ rule: r, ok: !unmet.has(r) && !server.has(r) }));
  if (policy.rejectCommonPasswords) items.push({ rule: 'common_password', ok: !server.has('common_password') && password.length > 0 });
  if (server.has('reused')) items.push({ rule: 'reused', ok: false });
  items.push({ rule: 'match', ok: password.length > 0 && password === confirm });
  return (
    <div class="checklist" id={props.id}>
      <p class="checklist-title">{t.t('password.checklist')}</p>
      <ul>
        {items.map(({ rule, ok }) => (
          <li key={rule} class={ok ? 'ok' : 'todo'} data-rule={rule}>
            <span aria-hidden="true" class="mark">{ok ? '✓' : '•'}</span>
            {ruleText(t, rule, policy)}
            <span class="visually-hidden">{ok ? t.t('password.met') : t.t('password.not_met')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

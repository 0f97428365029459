import { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api';
import { Key, LANGUAGES, setLanguage, useI18n } from './i18n';
import { fieldErrorTexts, MessageContext, problemMessage } from './problems';
import { linkHandler } from './router';

let ids = 0;
export function useId(prefix = 'f') {
  const [id] = useState(() => `${prefix}-${++ids}`);
  return id;
}

export function Alert(props: { kind?: 'error' | 'info' | 'success'; children: ComponentChildren; id?: string }) {
  const kind = props.kind ?? 'error';
  return (
    <div id={props.id} class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/**
 * A failure in words: a validation failure lists each field's problem, anything else is one
 * sentence (our text for its code, else the server's detail).
 */
export function ErrorAlert({ error, id, context }: { error: unknown; id?: string; context?: MessageContext }) {
  const t = useI18n();
  if (!error) return null;
  if (error instanceof ApiError && error.code === 'validation_failed' && (error.problem.errors?.length ?? 0) > 0) {
    return (
      <Alert id={id}>
        <p>{t.t('problem.validation_fields')}</p>
        <ul>{fieldErrorTexts(t, error.problem.errors, context).map((line) => <li key={line}>{line}</li>)}</ul>
      </Alert>
    );
  }
  return <Alert id={id}>{problemMessage(t, error, context)}</Alert>;
}

interface FieldProps extends Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'onInput' | 'value'> {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onValue: (value: string) => void;
}

/**
 * A labelled input. A password field has a Show/Hide button beside it (ASVS 2.1.12: a person can
 * check what they typed); its name ends with the field's label (visually hidden), and it has no
 * aria-label, so the field is still found by its label alone.
 */
export function Field({ label, hint, error, value, onValue, ...input }: FieldProps) {
  const t = useI18n();
  const id = useId('in');
  const [shown, setShown] = useState(false);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const secret = input.type === 'password';
  const field = (
    <input id={id} value={value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
      aria-describedby={described} aria-invalid={error ? true : undefined} {...input} type={secret && shown ? 'text' : input.type} />
  );
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {secret ? (
        <div class="reveal">
          {field}
          <button type="button" class="btn btn-secondary" aria-controls={id} aria-pressed={shown} onClick={() => setShown(!shown)}>
            {t.t(shown ? 'common.hide_password' : 'common.show_password')}<span class="visually-hidden"> {label}</span>
          </button>
        </div>
      ) : field}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-err`}>{error}</p>}
    </div>
  );
}

/** A labelled select; `placeholder` is an empty first choice (with `required`, the form cannot be sent with it). */
export function Select(props: { label: string; value: string; onValue: (v: string) => void; options: { value: string; label: string }[]; hint?: string; name?: string;
  required?: boolean; placeholder?: string }) {
  const id = useId('sel');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} required={props.required} onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}>
        {props.placeholder !== undefined && <option value="" disabled={props.value !== ''}>{props.placeholder}</option>}
        {props.options.map((o) => <option value={o.value} key={o.value}>{o.label}</option>)}
      </select>
      {props.hint && <p class="hint" id={`${id}-hint`}>{props.hint}</p>}
    </div>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string; name?: string }) {
  const id = useId('cb');
  return (
    <div class="check">
      <input type="checkbox" id={id} name={props.name} checked={props.checked}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
        aria-describedby={props.hint ? `${id}-hint` : undefined} />
      <label for={id}>{props.label}</label>
      {props.hint && <p class="hint" id={`${id}-hint`}>{props.hint}</p>}
    </div>
  );
}

export function Button(props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; variant?: 'primary' | 'secondary' | 'danger' | 'link' }) {
  const { busy, variant = 'primary', children, disabled, ...rest } = props;
  return (
    <button class={`btn btn-${variant}`} disabled={busy || (disabled as boolean)} aria-busy={busy ? true : undefined} {...rest}>
      {children}
    </button>
  );
}

export function Link(props: JSX.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} onClick={linkHandler} />;
}

export function Card(props: { children: ComponentChildren; wide?: boolean; class?: string }) {
  return <section class={`card${props.wide ? ' card-wide' : ''}${props.class ? ' ' + props.class : ''}`}>{props.children}</section>;
}

export function LanguagePicker(props: { onChange?: (lang: string) => void }) {
  const t = useI18n();
  const id = useId('lang');
  return (
    <div class="language">
      <label for={id}>{t.t('common.language')}</label>
      <select id={id} value={t.lang} data-testid="language"
        onChange={async (e) => {
          const lang = (e.currentTarget as HTMLSelectElement).value;
          await setLanguage(lang, { chosen: true });
          props.onChange?.(lang);
        }}>
        {LANGUAGES.map((l) => <option value={l.code} lang={l.code} key={l.code}>{l.name}</option>)}
      </select>
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  const t = useI18n();
  return <p class="loading" role="status"><span class="spinner" aria-hidden="true" />{label ?? t.t('common.loading')}</p>;
}

/** Copy to clipboard with a visible, announced confirmation. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useI18n();
  const [done, setDone] = useState(false);
  return (
    <Button type="button" variant="secondary" onClick={async () => {
      try { await navigator.clipboard.writeText(text); setDone(true); setTimeout(() => setDone(false), 2500); } catch { setDone(false); }
    }}>
      {done ? t.t('common.copied') : label}
      <span class="visually-hidden" aria-live="polite">{done ? t.t('common.copied') : ''}</span>
    </Button>
  );
}

export function download(filename: string, text: string, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type { Key };
export { problemMessage };

// Languages: English is bundled (and the fallback for a missing key); the others load on demand.
// To add one of the reference platform's other languages: add src/i18n/<code>.ts (typed as
// Dictionary, so the compiler lists every missing key) and one line in LANGUAGES and LOADERS.
import { createStore, useStore } from '../store';
import { setApiLanguage } from '../api';
import en from './en';

export type Key = keyof typeof en;
export type Dictionary = Record<Key, string>;

export const LANGUAGES: { code: string; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'it', name: 'Italiano' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'ja', name: '日本語' },
  { code: 'pt-BR', name: 'Português (Brasil)' },
];

const LOADERS: Record<string, () => Promise<{ default: Dictionary }>> = {
  de: () => import('./de'),
  fr: () => import('./fr'),
  es: () => import('./es'),
  it: () => import('./it'),
  nl: () => import('./nl'),
  ja: () => import('./ja'),
  'pt-BR': () => import('./pt-BR'),
};

const STORAGE_KEY = 'threshold.locale';
const CHOSEN_KEY = 'threshold.localeChosen';

interface State { lang: string; dict: Dictionary }
export const i18n = createStore<State>({ lang: 'en', dict: en });

export function supported(code: string | null | undefined): string | null {
  if (!code) return null;
  const exact = LANGUAGES.find((l) => l.code.toLowerCase() === code.toLowerCase());
  if (exact) return exact.code;
  const base = code.split('-')[0].toLowerCase();
  if (base === 'pt') return 'pt-BR';
  return LANGUAGES.find((l) => l.code === base)?.code ?? null;
}

function fromStorage(key: string) {
  try { return localStorage.getItem(key); } catch { return null; }
}
function toStorage(key: string, value: string) {
  try { localStorage.setItem(key, value); } catch { /* private mode: not remembered */ }
}

/** The remembered language, else the browser's first supported one, else English. */
export function initialLanguage(): string {
  return supported(fromStorage(STORAGE_KEY))
    ?? navigator.languages?.map(supported).find((c): c is string => !!c)
    ?? 'en';
}

/** Whether the person picked a language themselves (then it wins over the account's, which gets updated). */
export function languageChosen() { return fromStorage(CHOSEN_KEY) === '1'; }

export async function setLanguage(code: string, options: { chosen?: boolean; remember?: boolean } = {}) {
  const lang = supported(code) ?? 'en';
  const dict = lang === 'en' ? en : (await LOADERS[lang]()).default;
  document.documentElement.lang = lang;
  setApiLanguage(lang);
  if (options.remember !== false) toStorage(STORAGE_KEY, lang);
  if (options.chosen) toStorage(CHOSEN_KEY, '1');
  i18n.set({ lang, dict });
}

function interpolate(text: string, vars?: Record<string, string | number>) {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

export function translate(key: Key, vars?: Record<string, string | number>) {
  const { dict } = i18n.get();
  return interpolate(dict[key] ?? en[key] ?? key, vars);
}

export function hasKey(key: string): key is Key { return key in en; }

export interface Translator {
  lang: string;
  t: (key: Key, vars?: Record<string, string | number>) => string;
  date: (iso?: string | null, withTime?: boolean) => string;
  number: (n: number) => string;
  relative: (seconds: number) => string;
}

export function translator(state: State): Translator {
  const { lang, dict } = state;
  return {
    lang,
    t: (key, vars) => interpolate(dict[key] ?? en[key] ?? key, vars),
    date: (iso, withTime = true) => {
      if (!iso) return '—';
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return '—';
      return new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' }).format(d);
    },
    number: (n) => new Intl.NumberFormat(lang).format(n),
    relative: (seconds) => {
      const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
      if (seconds < 90) return rtf.format(Math.max(1, Math.round(seconds)), 'second');
      if (seconds < 90 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
      if (seconds < 36 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
      return rtf.format(Math.round(seconds / 86400), 'day');
    },
  };
}

export function useI18n(): Translator {
  return translator(useStore(i18n));
}

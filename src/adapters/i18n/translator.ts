// Every word a person reads comes from locales/ and the schemes' locale fragments through here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import type { Explanation } from '../../domain/case.js';
import { locales } from '../../domain/locale.js';
import type { Locale } from '../../domain/locale.js';
import type { DomainError } from '../../domain/result.js';
import { localeKeysNeeded } from '../../domain/schemes/locale-keys.js';
import { onSchemeRegistered } from '../../domain/schemes/registry.js';
import type { Scheme } from '../../domain/schemes/scheme.js';
import type { MessageKey } from './message-keys.js';

// The languages are domain/locale.ts's one list; the keys are message-keys.ts's.
export { locales };
export type { Locale, MessageKey };

export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, params?: Readonly<Record<string, unknown>>): string;
  /** A domain error in words; a code missing from locales/ is a bug and shows as its code. */
  error(error: DomainError): string;
  explain(explanation: Explanation): string;
}

/** zh for any Chinese variant (zh, zh-hans, zh-TW…), English otherwise. */
export function pickLocale(tag: string | null | undefined): Locale {
  return tag && /^zh\b/i.test(tag.replace('_', '-')) ? 'zh-CN' : 'en';
}

let shared: I18n | null = null;

function instance(): I18n {
  if (shared) return shared;
  const load = (name: Locale) =>
    JSON.parse(readFileSync(fileURLToPath(new URL(`../../../locales/${name}.json`, import.meta.url)), 'utf8')) as Record<string, unknown>;
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    resources: Object.fromEntries(locales.map((name) => [name, { translation: load(name) }])),
    lng: 'en',
    fallbackLng: false,
    // Codes such as "case/not-found" contain '/', and ':' appears in sentences.
    nsSeparator: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // Each scheme brings its own words (its folder's locale fragments), merged here as it is registered.
  onSchemeRegistered((scheme) => {
    for (const locale of locales) created.addResourceBundle(locale, 'translation', scheme.locale[locale], true, true);
    // Prepared sentences may have changed: prepare them again from the merged words.
    for (const templates of templatesOf.values()) templates.clear();
  });
  shared = created;
  return created;
}

/** The keys a scheme needs (locale-keys.ts) that a language lacks, shared words and its fragment merged. */
export function missingSchemeWords(scheme: Scheme): { locale: Locale; key: string }[] {
  const i18n = instance();
  return locales.flatMap((locale) => localeKeysNeeded(scheme).filter((key) => !i18n.exists(key, { lng: locale })).map((key) => ({ locale, key })));
}

/** What only i18next does: unescaped `{{- x}}`, formatted `{{x, format}}`, nested `$t(key)`. */
const I18NEXT_ONLY = /\{\{\s*-|\{\{[^}]*,[^}]*\}\}|\$t\(/;

type Params = Readonly<Record<string, unknown>> | undefined;

/**
 * A sentence prepared once: its text split at the {{placeholders}}, filled as i18next fills them (a
 * missing value keeps its placeholder, null is empty). A plan renders some 250,000 obligations, and
 * asking i18next for each sentence of each one was most of its time.
 */
function compile(text: string): (params: Params) => string {
  const parts = text.split(/(\{\{[^{}]+\}\})/);
  if (parts.length === 1) return () => text;
  const names = parts.map((part, i) => (i % 2 === 1 ? part.slice(2, -2).trim() : ''));
  return (params) => {
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const value = params?.[names[i]!];
      out += (value === undefined ? parts[i] : value === null ? '' : String(value)) + parts[i + 1]!;
    }
    return out;
  };
}

// Per language, each key's template, prepared on first use; null where i18next must answer itself (a
// missing key, a key with plural forms, an object, formatting).
const templatesOf = new Map<Locale, Map<string, ((params: Params) => string) | null>>();

export function translator(locale: Locale): Translator {
  const i18n = instance();
  const t = i18n.getFixedT(locale);
  let templates = templatesOf.get(locale);
  if (!templates) templatesOf.set(locale, (templates = new Map()));
  const prepared = (key: string) => {
    let template = templates.get(key);
    if (template === undefined) {
      const text: unknown = i18n.getResource(locale, 'translation', key);
      const plural = i18n.getResource(locale, 'translation', `${key}_other`) !== undefined;
      template = typeof text === 'string' && !plural && !I18NEXT_ONLY.test(text) ? compile(text) : null;
      templates.set(key, template);
    }
    return template;
  };
  const translate = (key: string, params?: Readonly<Record<string, unknown>>) => {
    const template = prepared(key);
    return template ? template(params) : (t(key, { ...params }) as string);
  };
  // Explanations read from the database are shared objects (one per distinct text): each is rendered
  // once per translator.
  const explained = new WeakMap<Explanation, string>();
  const explain = (e: Explanation): string => {
    let text = explained.get(e);
    if (text === undefined) {
      text = [translate(`explanation.${e.key}`, e.params), ...(e.notes ?? []).map(explain)].join(locale === 'en' ? ' ' : '');
      explained.set(e, text);
    }
    return text;
  };
  return {
    locale,
    t: translate,
    error: (e) => translate(`error.${e.code}`, e.params),
    explain,
  };
}

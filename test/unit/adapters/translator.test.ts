// The translator fills sentences from templates prepared once per language; every sentence of both
// locales must read exactly as i18next itself would write it, whatever values are given or missing.
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { locales, translator } from '../../../src/adapters/i18n/translator.js';
import type { MessageKey } from '../../../src/adapters/i18n/translator.js';

const resources = Object.fromEntries(locales.map((l) => [l, { translation: JSON.parse(readFileSync(`locales/${l}.json`, 'utf8')) as Record<string, unknown> }]));
const reference = i18next.createInstance();
void reference.init({ initAsync: false, resources, lng: 'en', fallbackLng: false, nsSeparator: false, interpolation: { escapeValue: false }, returnNull: false });

function leaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('translator', () => {
  it.each(locales)('writes every %s sentence as i18next does, with values given, missing, null or numbers', (locale) => {
    const tr = translator(locale);
    const t = reference.getFixedT(locale);
    const keys = leaves(resources[locale]!.translation);
    expect(keys.length).toBeGreaterThan(300);
    for (const [key, text] of keys) {
      const names = [...text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((m) => m[1]!);
      const variants: Record<string, unknown>[] = [
        {},
        Object.fromEntries(names.map((n, i) => [n, `«${n}»`.repeat(1 + (i % 2))])),
        Object.fromEntries(names.map((n, i) => [n, i % 2 ? null : 2027 - i])),
        Object.fromEntries(names.slice(1).map((n) => [n, '{{placeholder}}'])),
      ];
      // Read from the file at run time, `_one`/`_other` forms included: not keys the compiler can know.
      for (const params of variants) expect(tr.t(key as MessageKey, params), `${locale} ${key} ${JSON.stringify(params)}`).toBe(t(key, { ...params }));
    }
  });

  it('answers a missing key or an object as i18next does', () => {
    const tr = translator('en');
    const t = reference.getFixedT('en');
    // @ts-expect-error a key missing from locales/en.json fails the type check
    expect(tr.t('no.such.key')).toBe(t('no.such.key'));
    // @ts-expect-error so does a key naming a group of sentences rather than one
    expect(tr.t('service')).toBe(t('service', {}));
  });

  it('takes the keys of locales/en.json, plural keys without their suffix, and the families schemes fill', () => {
    const tr = translator('en');
    expect(tr.t('web.calendar.total', { count: 1 })).toBe(reference.getFixedT('en')('web.calendar.total', { count: 1 }));
    expect(tr.t(`kind.${'digest'}`)).toBe('Digest');
    // @ts-expect-error a misspelt key
    tr.t('web.calendar.totl', { count: 1 });
    // @ts-expect-error a misspelt family: schemes fill kind.*, not kinds.*
    tr.t(`kinds.${'digest'}`);
  });
});

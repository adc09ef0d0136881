// The registry is the one list of schemes: ids, rule prefixes and obligation kinds come from it, and
// every scheme brings all the words it needs in both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingSchemeWords } from '../../../src/adapters/i18n/translator.js';
import { localeKeysNeeded } from '../../../src/domain/schemes/locale-keys.js';
import { allSchemes, defaultReminderPolicy, obligationKinds, registerScheme, schemeFor, schemeOfRule } from '../../../src/domain/schemes/registry.js';
import type { Scheme } from '../../../src/domain/schemes/scheme.js';

const shared = (locale: string) => JSON.parse(readFileSync(new URL(`../../../locales/${locale}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

function leaves(tree: Readonly<Record<string, unknown>>, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') for (const [k, v] of leaves(value as Record<string, unknown>, path)) found.set(k, v);
    else found.set(path, value);
  }
  return found;
}

describe('the scheme registry', () => {
  it('derives rule prefixes and obligation kinds from the schemes it lists', () => {
    expect(allSchemes().map((s) => [s.id, s.rulePrefix])).toEqual([
      ['cnce-ns', 'CN'],
      ['wal', 'WA'],
    ]);
    expect(schemeOfRule('CN-12')?.id).toBe('cnce-ns');
    expect(schemeOfRule('WA-5')?.id).toBe('wal');
    expect(obligationKinds()).toEqual([
      'material-review',
      'assessment',
      'pledge',
      'annual-inspection',
      'renewal',
      'inspection-decision',
      'certificate-lapsed',
      'lapse-review',
      'surveillance-info',
      'surveillance-audit',
      'suspension-end',
      'revocation-review',
      'recertification',
      'nonconformity-correction',
      'suspension-decision',
    ]);
    // Staff-side kinds are escalated, never reminded.
    expect(Object.keys(defaultReminderPolicy()).sort()).toEqual(['annual-inspection', 'certificate-lapsed', 'nonconformity-correction', 'pledge', 'renewal', 'surveillance-audit', 'surveillance-info', 'suspension-end']);
  });

  it('refuses a second scheme with a taken id or rule prefix', () => {
    const wal = schemeFor('wal');
    expect(() => registerScheme({ ...wal })).toThrow(/already registered/);
    expect(() => registerScheme({ ...wal, id: 'copy' })).toThrow(/rule prefix WA/);
  });
});

describe('every scheme brings its words', () => {
  it.each(allSchemes().map((s) => [s.id, s] as const))('%s has every key it needs in zh-CN and en', (_id, scheme) => {
    expect(missingSchemeWords(scheme)).toEqual([]);
  });

  it('a scheme that lacks a key it needs is caught, in the language that lacks it', () => {
    const cnce = schemeFor('cnce-ns');
    // The same scheme with one more stage, worded in English only.
    const stage = { id: 'appeal', order: 10, nextActor: 'staff' as const, rules: ['CN-16' as const] };
    const extended: Scheme = { ...cnce, id: 'cnce-ns-appeal', stages: [...cnce.stages, stage] };
    expect(localeKeysNeeded(extended)).toContain('stage.cnce-ns-appeal.appeal');
    const missing = missingSchemeWords(extended);
    expect(missing).toContainEqual({ locale: 'zh-CN', key: 'stage.cnce-ns-appeal.appeal' });
    expect(missing).toContainEqual({ locale: 'en', key: 'next.cnce-ns-appeal.appeal' });
  });

  it.each(['zh-CN', 'en'] as const)('%s: a scheme word lives in its folder only, and two schemes word a shared key alike', (locale) => {
    const base = leaves(shared(locale));
    const seen = new Map<string, unknown>();
    for (const scheme of allSchemes()) {
      for (const [key, text] of leaves(scheme.locale[locale])) {
        expect(base.has(key), `${scheme.id}: ${key} is also in locales/${locale}.json`).toBe(false);
        if (seen.has(key)) expect(text, `${scheme.id}: ${key}`).toBe(seen.get(key));
        seen.set(key, text);
      }
    }
  });
});

// Both languages carry the same keys, plural forms included: i18next falls back to English for a key
// Chinese lacks, and a Chinese reader would then meet an English line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Tree = { readonly [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)));
}

const load = (locale: string) => JSON.parse(readFileSync(`locales/${locale}.json`, 'utf8')) as Tree;

describe('the locale files', () => {
  it('have exactly the same keys in Chinese and in English', () => {
    const zh = new Set(keysOf(load('zh-CN')));
    const en = new Set(keysOf(load('en')));
    expect({ onlyInChinese: [...zh].filter((k) => !en.has(k)), onlyInEnglish: [...en].filter((k) => !zh.has(k)) }).toEqual({ onlyInChinese: [], onlyInEnglish: [] });
  });
});

// docs/rules.md is the rulebook the code cites: every rule id named in src/, locales/, the README or
// docs/ must have an entry there, with the source section it comes from and how certbell applies it.
// A new citation without an entry fails here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The rule ids a text cites. A case reference such as "CN-2026-0001" or a certificate number such as
 * "CNCE-NS-2026-0001" is not a rule id: a rule id is not followed by another "-" or digit.
 */
function citedIds(text: string): string[] {
  return [...text.matchAll(/\b(?:CN|WA)-\d+(?![-\d])/g)].map((m) => m[0]);
}

function filesUnder(dir: string, extensions: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // Generated Prisma clients are build output, not cited text.
    if (entry.isDirectory()) {
      if (entry.name !== 'generated') found.push(...filesUnder(path, extensions));
    } else if (extensions.some((ext) => entry.name.endsWith(ext))) {
      found.push(path);
    }
  }
  return found;
}

interface RuleEntry {
  readonly id: string;
  readonly body: string;
}

/** The entries of docs/rules.md: a "### CN-12 — title" heading and the text up to the next heading. */
function ruleEntries(doc: string): RuleEntry[] {
  return doc
    .split(/^(?=#{2,3} )/m)
    .map((section) => /^### ((?:CN|WA)-\d+) — \S.*\n([\s\S]*)$/.exec(section))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1] ?? '', body: m[2] ?? '' }));
}

/** Each citing file with the ids it cites that have no entry. */
function unexplained(files: readonly { path: string; text: string }[], entries: readonly RuleEntry[]): Record<string, string[]> {
  const known = new Set(entries.map((e) => e.id));
  const missing: Record<string, string[]> = {};
  for (const { path, text } of files) {
    const ids = [...new Set(citedIds(text))].filter((id) => !known.has(id));
    if (ids.length) missing[path] = ids;
  }
  return missing;
}

const rulesDoc = readFileSync(join(root, 'docs/rules.md'), 'utf8');
const entries = ruleEntries(rulesDoc);
const citingFiles = [
  ...filesUnder(join(root, 'src'), ['.ts', '.json']),
  ...filesUnder(join(root, 'locales'), ['.json']),
  ...filesUnder(join(root, 'docs'), ['.md']),
  join(root, 'README.md'),
].map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

describe('docs/rules.md explains every rule id the project cites', () => {
  it('finds rule ids and ignores case references and certificate numbers', () => {
    expect(citedIds('CN-2026-0001, CNCE-NS-2026-0001, WAL-2: CN-12 and WA-4/WA-5 (CN-6；WA-12）')).toEqual([
      'CN-12',
      'WA-4',
      'WA-5',
      'CN-6',
      'WA-12',
    ]);
  });

  it('reports a citation without an entry', () => {
    const files = [{ path: 'src/new.ts', text: '// CN-12 and the new CN-99' }];
    expect(unexplained(files, entries)).toEqual({ 'src/new.ts': ['CN-99'] });
  });

  it('has an entry for every rule id cited in src/, locales/, docs/ and the README', () => {
    expect(citingFiles.some((f) => f.path.startsWith('src/domain/') && citedIds(f.text).includes('CN-12'))).toBe(true);
    // A scheme's words live in its folder (src/domain/schemes/<id>/locale.*.json).
    expect(citingFiles.some((f) => f.path.endsWith('.json') && citedIds(f.text).includes('WA-5'))).toBe(true);
    expect(unexplained(citingFiles, entries)).toEqual({});
  });

  it('has each rule once, in order, with no gap in either scheme', () => {
    for (const prefix of ['CN', 'WA']) {
      const numbers = entries.filter((e) => e.id.startsWith(`${prefix}-`)).map((e) => Number(e.id.slice(3)));
      expect(numbers.length, prefix).toBeGreaterThan(0);
      expect(numbers, prefix).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it('names only files and folders of the repository that exist', () => {
    const paths = [...rulesDoc.matchAll(/`((?:src|test|locales|docs)\/[^`*\s]*)`/g)].map((m) => m[1] ?? '');
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('gives every entry its source section, what it says and how certbell applies it', () => {
    for (const { id, body } of entries) {
      const seed = id.startsWith('CN-') ? 'seed 000' : 'seed 002';
      expect(body, id).toMatch(new RegExp(`^- \\*\\*Source:\\*\\* ${seed} (§|\\d)`, 'm'));
      expect(body, id).toMatch(/^- \*\*Says:\*\* \S/m);
      expect(body, id).toMatch(/^- \*\*certbell:\*\* \S/m);
    }
  });
});

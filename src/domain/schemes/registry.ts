// The one list of schemes. Everything else asks here: which ids exist, their rule prefixes, their
// obligation kinds, their default reminders. A scheme is one folder plus one line below; a scheme
// kept elsewhere (a test's fixture) is added at composition with registerScheme.
import type { ObligationKind } from '../case.js';
import { locales } from '../locale.js';
import type { ReminderPolicy, ReminderRule } from '../reminders.js';
import { contactIn } from './contacts.js';
import type { ContactAnswer } from './contacts.js';
import { cnceNs } from './cnce-ns/scheme.js';
import type { Scheme } from './scheme.js';
import { wal } from './wal/scheme.js';

const builtIn: readonly Scheme[] = [cnceNs, wal];

const schemes = new Map<string, Scheme>(builtIn.map((s) => [s.id, s]));
const listeners: ((scheme: Scheme) => void)[] = [];

/**
 * Adds a scheme defined outside src/ (a test fixture) or replaces nothing: an id or rule prefix
 * already taken, or a reminder schedule that contradicts another scheme's for a shared kind, is a bug.
 */
export function registerScheme(scheme: Scheme): void {
  const existing = schemes.get(scheme.id);
  if (existing === scheme) return;
  if (existing) throw new Error(`scheme ${scheme.id} is already registered`);
  const prefix = allSchemes().find((s) => s.rulePrefix === scheme.rulePrefix);
  if (prefix) throw new Error(`scheme ${scheme.id}: rule prefix ${scheme.rulePrefix} is already ${prefix.id}'s`);
  const policy = defaultReminderPolicy();
  for (const k of scheme.obligationKinds) {
    const other = policy[k.id];
    if (k.reminders && other && JSON.stringify(other) !== JSON.stringify(k.reminders)) {
      throw new Error(`scheme ${scheme.id}: the reminders of ${k.id} differ from another scheme's`);
    }
  }
  for (const other of allSchemes()) {
    const clash = clashingWord(scheme, other);
    if (clash) throw new Error(`scheme ${scheme.id}: ${clash} is worded differently by ${other.id}`);
  }
  schemes.set(scheme.id, scheme);
  for (const listener of listeners) listener(scheme);
}

/** A key both schemes word (an event both record, say), worded differently: the words are shared, so one would overwrite the other. */
function clashingWord(a: Scheme, b: Scheme): string | null {
  for (const locale of locales) {
    const theirs = leaves(b.locale[locale]);
    for (const [key, text] of leaves(a.locale[locale])) if (theirs.has(key) && theirs.get(key) !== text) return `${locale} ${key}`;
  }
  return null;
}

function leaves(tree: Readonly<Record<string, unknown>>, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') leaves(value as Record<string, unknown>, path, into);
    else into.set(path, value);
  }
  return into;
}

/** Calls back for every scheme registered now and later (the translator merges their words). */
export function onSchemeRegistered(listener: (scheme: Scheme) => void): void {
  listeners.push(listener);
  for (const scheme of schemes.values()) listener(scheme);
}

export function isSchemeId(value: string): boolean {
  return schemes.has(value);
}

export function findScheme(id: string): Scheme | undefined {
  return schemes.get(id);
}

export function schemeFor(id: string): Scheme {
  const scheme = schemes.get(id);
  if (!scheme) throw new Error(`no scheme ${id} is registered`);
  return scheme;
}

export function allSchemes(): Scheme[] {
  return [...schemes.values()];
}

/** The scheme whose rule ids a rule id belongs to ("CN-12" → cnce-ns). */
export function schemeOfRule(rule: string): Scheme | undefined {
  const prefix = rule.replace(/-\d+$/, '');
  return allSchemes().find((s) => s.rulePrefix === prefix);
}

/** Every obligation kind of every scheme, each once, in scheme order. */
export function obligationKinds(): ObligationKind[] {
  return [...new Set(allSchemes().flatMap((s) => s.obligationKinds.map((k) => k.id)))];
}

/** A kind's position among its scheme's kinds, for display (unknown kinds last). */
/** Whether the kind is a notice of something that happened (an expired certificate), not a deadline. */
export function isNotice(o: { readonly scheme: string; readonly kind: ObligationKind }): boolean {
  return Boolean(findScheme(o.scheme)?.obligationKinds.find((k) => k.id === o.kind)?.notice);
}

export function kindRank(scheme: string, kind: ObligationKind): number {
  const index = findScheme(scheme)?.obligationKinds.findIndex((k) => k.id === kind) ?? -1;
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

/** The reminder schedules the schemes declare; staff-side kinds have none and are escalated instead. */
export function defaultReminderPolicy(): ReminderPolicy {
  const policy: Record<string, ReminderRule> = {};
  for (const scheme of allSchemes()) for (const k of scheme.obligationKinds) if (k.reminders && !policy[k.id]) policy[k.id] = k.reminders;
  return policy;
}

/** Whether the applicant hears of an obligation (digests, reminders): their own, or a staff-side one their scheme tells them of. */
export function toldToApplicant(o: { readonly scheme: string; readonly kind: ObligationKind; readonly audience: string }): boolean {
  return o.audience === 'applicant' || Boolean(findScheme(o.scheme)?.obligationKinds.find((k) => k.id === o.kind)?.toldToApplicant);
}

/** Whom the applicant of a case of the scheme contacts, by its registered province (the scheme's published directory, null without one). */
export function contactFor(scheme: string, province: string | null): ContactAnswer | null {
  const directory = schemeFor(scheme).contacts;
  return directory ? contactIn(directory, province) : null;
}

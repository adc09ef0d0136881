// The one answer to "whom do I contact": every reminder, digest item, Telegram answer and Slack
// escalation asks here, so that they cannot disagree. The answer comes from the scheme's own directory
// (its folder's contacts.ts; CN-17 for CNCE-NS, WA-18 for 网安联), with any entry the operator
// overrides (CERTBELL_CONTACTS_FILE) replaced field by field. A scheme without a directory answers
// with no body, and every surface then says to ask the staff who handle the application.
import { contactIn } from '../../domain/schemes/contacts.js';
import type { Association, ContactAnswer, ContactDirectory } from '../../domain/schemes/contacts.js';
import { allSchemes, findScheme } from '../../domain/schemes/registry.js';

/** What the operator may change of a directory entry; a field left out keeps the published value. */
export interface ContactOverride {
  readonly name?: string;
  readonly phone?: string | null;
  readonly fax?: string | null;
  readonly email?: string | null;
  readonly address?: string | null;
}

/** By entry id ("wal-centre", "beijing", "cnce-ns-centre"). */
export type ContactOverrides = Readonly<Record<string, ContactOverride>>;

/** Whom a case's applicant contacts, with what was asked. */
export interface ContactBookAnswer {
  readonly scheme: string;
  /** The province asked about, as stored on the organisation. */
  readonly province: string | null;
  /** Null when the scheme publishes no directory. */
  readonly association: Association | null;
  /** False when the scheme works through regional bodies and none is listed for the province. */
  readonly provinceListed: boolean;
}

export interface ContactBook {
  answer(scheme: string, province: string | null): ContactBookAnswer;
  /** The scheme's directory with the operator's overrides applied, or null when it has none. */
  directory(scheme: string): ContactDirectory | null;
}

/** Every entry id of every registered scheme's directory, for checking an override file. */
export function directoryEntryIds(): string[] {
  return allSchemes().flatMap((s) => (s.contacts ? [s.contacts.centre.id, ...s.contacts.regional.map((a) => a.id)] : []));
}

function applied(a: Association, overrides: ContactOverrides): Association {
  const o = overrides[a.id];
  return o ? { ...a, ...o } : a;
}

export function createContactBook(overrides: ContactOverrides = {}): ContactBook {
  const cache = new Map<string, ContactDirectory>();
  const directory = (scheme: string): ContactDirectory | null => {
    const known = cache.get(scheme);
    if (known) return known;
    const published = findScheme(scheme)?.contacts;
    if (!published) return null;
    const merged = { centre: applied(published.centre, overrides), regional: published.regional.map((a) => applied(a, overrides)) };
    cache.set(scheme, merged);
    return merged;
  };
  return {
    directory,
    answer(scheme, province) {
      const found = directory(scheme);
      if (!found) return { scheme, province, association: null, provinceListed: true };
      const { association, provinceListed }: ContactAnswer = contactIn(found, province);
      return { scheme, province, association, provinceListed };
    },
  };
}

let current: ContactBook = createContactBook();

/** The book every surface asks: the published directories until the composition root sets the operator's. */
export function contactBook(): ContactBook {
  return current;
}

/** Set once at start from the configuration (as schemes are registered once). */
export function useContactBook(book: ContactBook): void {
  current = book;
}

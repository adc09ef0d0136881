// What an import needs from the outside world: a file read chunk by chunk (as often as asked), and a
// store that looks cases up and writes them in bulk, set-based, in one transaction.
import type { CaseEventInput, CaseState, SchemeId } from '../domain/case.js';
import type { DomainError } from '../domain/result.js';
import type { AuditInput, ContactInput, ContactRecord, OrganizationInput } from './ports.js';
import type { CaseHeaderInput, EventInputFields } from './validate-case.js';

/** Where in a file something came from, so that an error can point at it. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based line of a CSV row, or row of a spreadsheet. */
  readonly line?: number;
  /** A JSON path such as "cases[3].events[1]". */
  readonly path?: string;
}

export interface ImportItem {
  readonly source: SourceLocation;
  readonly header: CaseHeaderInput;
  readonly events: readonly { readonly source: SourceLocation; readonly fields: EventInputFields }[];
}

/** Some items of the file, and how far through it they are (bytes, or items when that is all there is). */
export interface ImportChunk {
  readonly items: readonly ImportItem[];
  readonly done: number;
  readonly total: number;
}

/**
 * An import file. `chunks()` reads it from the start each time it is called (an import reads it once
 * to check it and once to write it, so that memory stays flat at any size). A file that cannot be
 * read as a whole (undecodable bytes, broken CSV, changed between the two readings) ends the
 * iteration with an error chunk.
 */
export interface ImportSource {
  readonly file: string;
  chunks(): AsyncIterable<ImportChunk | { readonly error: DomainError }>;
}

/** A stored case as an import compares it with a file. */
export interface StoredCase {
  readonly id: string;
  readonly ref: string;
  readonly scheme: SchemeId;
  readonly organizationId: string;
  readonly organization: OrganizationInput;
  readonly serviceType: string | null;
  readonly level: number;
  readonly version: number;
  readonly state: CaseState;
  readonly contacts: readonly ContactRecord[];
  readonly events: readonly CaseEventInput[];
}

export interface ImportLookup {
  /** The stored cases among these refs, by ref. */
  casesByRef(refs: readonly string[]): Promise<Map<string, StoredCase>>;
  /** Which case holds each of these certificate numbers, by `${scheme} ${certificateNo}`. */
  certificateHolders(certificates: readonly { readonly scheme: SchemeId; readonly certificateNo: string }[]): Promise<Map<string, string>>;
}

/** A case to write: created whole, or an existing one extended (and, when asked, changed). */
export interface ImportWrite {
  readonly ref: string;
  readonly scheme: SchemeId;
  readonly organization: OrganizationInput;
  readonly serviceType: string | null;
  readonly level: number;
  /** Contacts to link to the case (created when the organisation has no such address yet). */
  readonly contacts: readonly ContactInput[];
  /** True when the file's contacts replace the case's (an applied change): others are unlinked. */
  readonly replaceContacts: boolean;
  readonly newEvents: readonly CaseEventInput[];
  readonly state: CaseState;
  /** Absent for a new case. */
  readonly stored?: { readonly id: string; readonly version: number; readonly organizationId: string };
}

export interface ImportWriter extends ImportLookup {
  write(writes: readonly ImportWrite[], audit: readonly AuditInput[]): Promise<void>;
}

export interface ImportStore extends ImportLookup {
  /**
   * One database transaction with no time limit: `work` writes chunk after chunk, then the
   * obligations of every organisation written are recomputed, and it all commits or none of it does.
   * A stored case whose version moved, or a ref or certificate number taken meanwhile, rolls it back
   * with 'case/concurrent-change'.
   */
  transaction(work: (tx: ImportWriter) => Promise<void>, at: Date, actor: string): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: DomainError }>;
}

/** How far an import has got, for a progress display. */
export interface ImportProgress {
  readonly phase: 'checking' | 'writing' | 'obligations';
  readonly rows: number;
  readonly done: number;
  readonly total: number;
}

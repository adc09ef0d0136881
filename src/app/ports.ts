// What the use cases need from the outside world. Adapters implement these; tests use fakes.
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput, CaseState, SchemeId } from '../domain/case.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { Policy } from '../domain/policy.js';
import type { DomainError, Result } from '../domain/result.js';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.js';

export interface Clock {
  now(): Date;
}

export interface OrganizationInput {
  readonly name: string;
  readonly province: string | null;
}

export interface ContactInput {
  readonly name: string;
  readonly email: string;
  readonly locale: string;
}

export interface ContactRecord extends ContactInput {
  readonly id: string;
}

export interface RecordedEvent extends CaseEventInput {
  readonly seq: number;
  readonly recordedAt: Date;
  readonly recordedBy: string;
}

export interface CaseRecord {
  readonly id: string;
  readonly ref: string;
  readonly scheme: SchemeId;
  readonly organizationId: string;
  readonly organization: OrganizationInput;
  readonly serviceType: string | null;
  readonly level: number;
  readonly state: CaseState;
  /** The number of events recorded; appends must name it. */
  readonly version: number;
  readonly contacts: readonly ContactRecord[];
}

/** What a case is, as checked input gives it: the header every write of a case carries. */
export interface CaseHeader {
  readonly ref: string;
  readonly scheme: SchemeId;
  readonly organization: OrganizationInput;
  readonly serviceType: string | null;
  readonly level: number;
  readonly contacts: readonly ContactInput[];
}

/** A whole case to be written: its header, contacts and the events to append, with the state they fold to. */
export interface CaseWrite extends CaseHeader {
  /** Events beyond those already stored (all of them for a new case). */
  readonly newEvents: readonly CaseEventInput[];
  readonly state: CaseState;
  /** True to create the case (refused with 'case/exists' if the ref is taken); false to append to it. */
  readonly create: boolean;
  /** The version the write was computed from: 0 for a new case. */
  readonly expectedVersion: number;
}

export interface AuditInput {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface ObligationQuery {
  /** Only obligations already shown on this day (WA-12 revocation review appears once an audit is late). */
  readonly asOf: IsoDate;
  /** Only obligations due on or before this day. */
  readonly dueBy?: IsoDate;
  readonly caseRef?: string;
  /**
   * In case order rather than by due date, each page a short query of its own, nothing held open
   * between pages: the caller may write as it reads (the sweep enqueues page by page), and a page's
   * cases sit together in the indexes of what it looks up next.
   */
  readonly byCase?: boolean;
}

export interface CaseRepository {
  findByRef(ref: string): Promise<CaseRecord | null>;
  history(caseId: string): Promise<RecordedEvent[]>;
  /**
   * Writes every case in one transaction with its audit entries and the recomputed obligations of
   * the organisations it touches: all or nothing. A case whose stored version is no longer
   * expectedVersion fails the whole write with 'case/concurrent-change'; a new case whose ref exists
   * fails with 'case/exists'; a certificate number held by another case fails with 'certificate/duplicate'.
   */
  save(writes: readonly CaseWrite[], audit: readonly AuditInput[], at: Date): Promise<Result<void, DomainError & { readonly ref?: string }>>;
  /** Stored obligations as seen on query.asOf, ordered by due date, case ref and kind, page by page (a plan may hold 250,000). */
  obligations(query: ObligationQuery): AsyncIterable<PlannedObligation[]>;
  /**
   * Recomputes every stored obligation, unless they were last computed under this fingerprint (the
   * rules version, the policy and the holiday data), and records it.
   */
  refreshObligations(fingerprint: string): Promise<{ readonly refreshed: boolean; readonly cases: number; readonly obligations: number }>;
  /** Set-based look-ups and bulk writes for imports of register size. */
  readonly imports: ImportStore;
}

// The import side of the case store: set-based look-ups and bulk writes for registers of 100,000 rows.

/** A stored case as an import compares it with a file: the case with its history. */
export interface StoredCase extends CaseRecord {
  readonly events: readonly CaseEventInput[];
}

export interface ImportLookup {
  /** The stored cases among these refs, by ref. */
  casesByRef(refs: readonly string[]): Promise<Map<string, StoredCase>>;
  /** Which case holds each of these certificate numbers, by `${scheme} ${certificateNo}`. */
  certificateHolders(certificates: readonly { readonly scheme: SchemeId; readonly certificateNo: string }[]): Promise<Map<string, string>>;
}

/**
 * A case to write: created whole, or an existing one extended (and, when asked, changed). Its contacts
 * are linked to it, and created when the organisation has no such address yet.
 */
export interface ImportWrite extends CaseHeader {
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

export interface Deps {
  readonly cases: CaseRepository;
  readonly clock: Clock;
  readonly calendar: WorkingDayCalendar;
  readonly policy: Policy;
  /** The zone whose calendar days the rules count in (Asia/Shanghai). */
  readonly zone: string;
}

export type { IsoDate };

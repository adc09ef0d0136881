// What the use cases need from the outside world. Adapters implement these; tests use fakes.
import type { IsoDate } from '../domain/calendar-date.js';
import type { CaseEventInput, CaseState, SchemeId } from '../domain/case.js';
import type { PlannedCase } from '../domain/obligations.js';
import type { Policy } from '../domain/policy.js';
import type { DomainError, Result } from '../domain/result.js';
import type { WorkingDayCalendar } from '../domain/working-days.js';

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

/** A whole case to be written: its header, contacts and the events to append, with the state they fold to. */
export interface CaseWrite {
  readonly ref: string;
  readonly scheme: SchemeId;
  readonly organization: OrganizationInput;
  readonly serviceType: string | null;
  readonly level: number;
  readonly contacts: readonly ContactInput[];
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

export interface CaseRepository {
  findByRef(ref: string): Promise<CaseRecord | null>;
  history(caseId: string): Promise<RecordedEvent[]>;
  /**
   * Writes every case in one transaction with its audit entries: all or nothing. A case whose stored
   * version is no longer expectedVersion fails the whole write with 'case/concurrent-change'; a new
   * case whose ref exists fails with 'case/exists'; a certificate number held by another case fails
   * with 'certificate/duplicate'.
   */
  save(writes: readonly CaseWrite[], audit: readonly AuditInput[], at: Date): Promise<Result<void, DomainError & { readonly ref?: string }>>;
  /** The cases of one organisation, for rules that look across them (WA-6). */
  organizationCases(organizationId: string): Promise<PlannedCase[]>;
  /** Every case, in batches grouped so that one organisation's cases arrive together (WA-6). */
  planningBatches(batchSize: number): AsyncIterable<PlannedCase[]>;
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

// What the web console reads: set-based queries over the whole register, implemented in the
// database adapter with the indexes that keep them fast at 100,000 cases.
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { ObligationKind, SchemeId } from '../../domain/case.js';
import type { PlannedObligation } from '../../domain/obligations.js';

export interface KindCount {
  readonly kind: ObligationKind;
  readonly scheme: SchemeId;
  readonly count: number;
}

export interface DueDayCount {
  readonly dueOn: IsoDate;
  readonly kind: ObligationKind;
  readonly count: number;
}

/** An obligation with what a list needs to show beside it. */
export interface ListedObligation extends PlannedObligation {
  readonly organization: string;
}

export interface ConsoleQueries {
  /** Overdue obligations on asOf (shown by then), counted by kind and scheme. */
  overdueCounts(asOf: IsoDate): Promise<KindCount[]>;
  /** Obligations shown by asOf and due from `from` to `to` (inclusive), counted by day and kind. */
  dueCounts(asOf: IsoDate, from: IsoDate, to: IsoDate): Promise<DueDayCount[]>;
  /** The oldest overdue obligations first. */
  oldestOverdue(asOf: IsoDate, limit: number): Promise<ListedObligation[]>;
  /** Escalations not yet resolved, and outbox messages that failed for good. */
  openEscalationCount(): Promise<number>;
  failedDeliveryCount(): Promise<number>;
}

export type CaseStatusFilter = 'overdue' | 'due-soon' | 'expired' | 'suspended';
export type CaseSort = 'ref' | 'organization' | 'due';

/** What the case list is narrowed to; every part optional but the sort and the page. */
export interface CaseFilter {
  /** A piece of a ref, organisation name, certificate number or contact email. */
  readonly text?: string;
  readonly scheme?: SchemeId;
  readonly level?: number;
  readonly stage?: string;
  readonly province?: string;
  readonly status?: CaseStatusFilter;
  /** With status overdue or a due range: only obligations of this kind count. */
  readonly kind?: ObligationKind;
  /** Cases owing an obligation due in this range (inclusive). */
  readonly dueFrom?: IsoDate;
  readonly dueTo?: IsoDate;
  readonly sort: CaseSort;
  /** From 1. */
  readonly page: number;
}

export interface ListedCase {
  readonly ref: string;
  readonly scheme: SchemeId;
  readonly level: number;
  readonly stage: string;
  readonly organization: string;
  readonly province: string | null;
  readonly certificateNo: string | null;
  readonly expiresOn: IsoDate | null;
  /** The case's earliest obligation shown by asOf, if any. */
  readonly next: { readonly kind: ObligationKind; readonly dueOn: IsoDate } | null;
}

export interface CasePage {
  readonly rows: readonly ListedCase[];
  readonly total: number;
}

export interface CaseQueries {
  /** One page of the cases matching the filter, as seen on asOf (overdue, due soon, expired). */
  findCases(filter: CaseFilter, asOf: IsoDate, pageSize: number): Promise<CasePage>;
  /** Every province an organisation is in, for the filter. */
  provinces(): Promise<string[]>;
  /** Obligations of the cases matching the filter (its due range aside), shown by asOf and due from..to, counted by day and kind. */
  dueCalendar(filter: CaseFilter, asOf: IsoDate, from: IsoDate, to: IsoDate): Promise<DueDayCount[]>;
  /** Obligations shown by asOf and due from..to, by due date, of the cases a feed covers; at most `limit`. */
  feedObligations(scope: FeedScope, asOf: IsoDate, from: IsoDate, to: IsoDate, limit: number): Promise<ListedObligation[]>;
}

/** Whose deadlines a calendar feed carries: the cases matching a staff member's filter, or one contact's cases. */
export type FeedScope = { readonly kind: 'filter'; readonly filter: CaseFilter } | { readonly kind: 'contact'; readonly contactId: string };

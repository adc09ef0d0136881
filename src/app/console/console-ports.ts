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

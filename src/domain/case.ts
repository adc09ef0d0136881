import type { IsoDate } from './calendar/calendar-date.js';

/**
 * The id of a scheme in the registry (schemes/registry.ts, the one list). Schemes can be registered
 * at composition, so the type is a string checked against the registry where input enters.
 */
export type SchemeId = string;

/** A rule id of docs/rules.md, such as "CN-12" or "WA-5": the scheme's rule prefix and a number. */
export type RuleId = `${string}-${number}`;

export type Audience = 'applicant' | 'staff';

/** Who moves a case out of its current stage. */
export type Actor = 'applicant' | 'staff';

/** One of the obligation kinds a registered scheme declares (Scheme.obligationKinds). */
export type ObligationKind = string;

/** Optional facts an event may carry, by event type (validated by the scheme). */
export interface EventData {
  readonly certificateNo?: string;
  readonly expires?: IsoDate;
  readonly level?: number;
  readonly note?: string;
  /** CN-14: an operator's explicit override, recorded in the audit log, for a renewal applied before its window opens. */
  readonly outsideWindow?: boolean;
  /** WA-15: the surveillance audit date 网安联 fixed. */
  readonly scheduledFor?: IsoDate;
  /** WA-16: the date by which nonconformities found at a surveillance audit are closed. */
  readonly correctBy?: IsoDate;
}

export interface CaseEventInput {
  readonly type: string;
  readonly date: IsoDate;
  readonly data?: EventData;
}

export interface CertificateFacts {
  readonly certificateNo: string;
  readonly issuedOn: IsoDate;
  readonly expiresOn: IsoDate;
  readonly level: number;
  /** CN-11, WA-9 [policy]: no expiry was printed, so it was computed from the issue date; staff confirm it. */
  readonly expiryComputed?: boolean;
}

/**
 * Everything the rules need to know about a case, folded from its events. Plain JSON, so that it
 * can be stored beside the event history and read back without replaying it.
 */
export interface CaseState {
  readonly scheme: SchemeId;
  readonly stage: string;
  readonly level: number;
  readonly serviceType: string | null;
  readonly lastEventOn: IsoDate | null;
  readonly certificate: CertificateFacts | null;
  /** The latest date of each fact the scheme tracks, e.g. { materialsReceived: "2025-09-26" }. */
  readonly on: Readonly<Record<string, IsoDate>>;
  /** Small counters and flags the scheme tracks, e.g. { inspectionsCovered: 1 }. */
  readonly marks: Readonly<Record<string, number>>;
}

export interface Explanation {
  /** A key under "explanation." in locales/, rendered with params. */
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
  /** Further sentences that qualify the first (e.g. WA-6: audited together with another certificate). */
  readonly notes?: readonly Explanation[];
}

export interface Obligation {
  readonly kind: ObligationKind;
  /** The rules the obligation comes from; the first is the one it is filed under. */
  readonly rules: readonly RuleId[];
  readonly audience: Audience;
  /** The day its window opens, when the rule gives one (e.g. CN-12: a month before the anniversary). */
  readonly opensOn: IsoDate | null;
  readonly dueOn: IsoDate;
  /** Not shown before this day: an obligation that only arises once another is overdue (WA-12). */
  readonly shownFrom?: IsoDate;
  readonly counting: 'calendar-days' | 'working-days';
  /** Years without holiday data that a working-day count had to treat as plain weeks: the date is an estimate. */
  readonly estimatedYears: readonly number[];
  /** Distinguishes repeated obligations of one kind (the 1st and 2nd annual inspection). Stable for the same facts. */
  readonly occurrence: string;
  readonly explanation: Explanation;
}

export type ObligationStatus = 'upcoming' | 'open' | 'overdue';

/** An obligation of a named case, true whatever the day: what is stored and re-read. */
export interface CaseObligation extends Obligation {
  readonly caseRef: string;
  readonly scheme: SchemeId;
}

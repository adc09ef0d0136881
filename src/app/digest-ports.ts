// What email digests need besides the case store and the outbox: the contacts they go to, where a
// rejected address or an unsubscription is recorded, and a renderer that turns a digest into email.
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { ObligationKind, SchemeId } from '../domain/case.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { TimeLeft } from '../domain/time-left.js';
import type { MessageContent } from './delivery.js';
import type { OutboxRepository } from './reminder-ports.js';
import type { Deps } from './ports.js';

export interface DigestContact {
  readonly contactId: string;
  readonly name: string;
  readonly email: string;
  readonly locale: string;
  readonly organization: string;
  /** The registered province of the organisation (CN-17: whom to contact). */
  readonly province: string | null;
  /** The cases this contact is a contact of, by ref. */
  readonly caseRefs: readonly string[];
  /** A mail server refused the address for good: no more digests. */
  readonly emailRejectedAt: Date | null;
  readonly emailRejectedReason: string | null;
  readonly digestUnsubscribedAt: Date | null;
  /** The contact's calendar feed that staff made and nobody revoked, if any: digests link to it. */
  readonly feedId?: string | null;
}

/** A reminder that no channel delivered (a failed outbox row), for the staff digest. */
export interface UndeliveredReminder {
  readonly caseRef: string;
  readonly kind: ObligationKind;
  readonly occurrence: string;
  readonly step: string;
  readonly channel: string;
  readonly address: string;
  readonly reason: string;
  readonly failedAt: Date;
}

export interface DigestDirectory {
  contact(contactId: string): Promise<DigestContact | null>;
  /** Every contact with this address (one per organisation), ordered by organisation name. */
  contactsByEmail(email: string): Promise<DigestContact[]>;
  /** The contacts of these cases, each once, with all of their cases. */
  contactsOf(caseRefs: readonly string[]): Promise<DigestContact[]>;
  markEmailRejected(contactId: string, reason: string, at: Date): Promise<void>;
  /** False when there is no such contact; unsubscribing twice keeps the first date. */
  markDigestUnsubscribed(contactId: string, at: Date): Promise<boolean>;
  /** Undoes an unsubscription: digests come again. False when there is no such contact. */
  markDigestResubscribed(contactId: string, at: Date): Promise<boolean>;
  /** Failed reminders, latest first, for which no email fallback got through. */
  undeliveredReminders(limit: number): Promise<UndeliveredReminder[]>;
}

/** An obligation in a digest, with the days left on the digest's day (negative: overdue by that many). */
export interface DigestItem {
  readonly obligation: PlannedObligation;
  readonly daysLeft: number;
  /** As the rule counts (working days for CN-6, CN-7); calendar days when absent. */
  readonly left?: TimeLeft;
}

export interface ContactDigest {
  readonly asOf: IsoDate;
  /** The period the digest covers, e.g. "2026-W48" for a weekly digest. */
  readonly period: string;
  readonly horizonDays: number;
  readonly contact: DigestContact;
  /** Overdue first, then by due date. */
  readonly items: readonly DigestItem[];
}

export interface StaffDigestGroup {
  readonly scheme: SchemeId;
  readonly kind: ObligationKind;
  readonly count: number;
  /** The first items of the group by due date; `count` tells how many there are in all. */
  readonly items: readonly DigestItem[];
}

export type StaffSectionId = 'overdue' | 'this-week' | 'next-30-days';

export interface StaffDigestSection {
  readonly id: StaffSectionId;
  readonly count: number;
  readonly groups: readonly StaffDigestGroup[];
}

export interface StaffDigest {
  readonly asOf: IsoDate;
  readonly period: string;
  /** The last day of "this week" (Sunday) and of the 30-day window. */
  readonly weekEndsOn: IsoDate;
  readonly windowEndsOn: IsoDate;
  readonly sections: readonly StaffDigestSection[];
  /** Reminders no channel delivered whose obligation is still open, latest first. */
  readonly undelivered: readonly UndeliveredReminder[];
}

/** Staff are told that a contact's address was refused and that digests to it have stopped. */
export interface RejectedAddressReport {
  readonly contactId: string;
  readonly name: string;
  readonly organization: string;
  readonly address: string;
  readonly reason: string;
  readonly caseRefs: readonly string[];
}

export interface DigestRenderer {
  contactDigest(digest: ContactDigest, at: Date): MessageContent;
  staffDigest(digest: StaffDigest, locale: string, at: Date): MessageContent;
  rejectedAddress(report: RejectedAddressReport, locale: string): MessageContent;
}

export interface DigestSettings {
  /** Applicant digests list what is due within this many days, plus anything overdue. */
  readonly horizonDays: number;
  /** The staff digest's window after this week. */
  readonly staffWindowDays: number;
  /** At most this many items are listed per kind and scheme in the staff digest; the count says the rest. */
  readonly staffItemsPerGroup: number;
  readonly staffEmails: readonly string[];
  readonly staffLocale: string;
}

export interface DigestDeps extends Deps {
  readonly digests: DigestDirectory;
  readonly outbox: OutboxRepository;
  readonly renderer: DigestRenderer;
  readonly settings: DigestSettings;
}

// What the reminder sweep and the dispatcher need besides the case store.
import type { ChannelId, ContactAddresses, ContactChannelId, DeliveryChannel, MessageContent } from './delivery.js';
import type { Deps } from './ports.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { ReminderPolicy, ReminderStep } from '../domain/reminders.js';
import type { TimeLeft } from '../domain/time-left.js';
import type { ContactBookAnswer } from './contacts/contact-book.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * reminder: a deadline reminder to an applicant; staff-report: a reminder that could not be delivered;
 * digest: an email digest; escalation: a staff escalation posted to Slack.
 */
export type OutboxPurpose = 'reminder' | 'staff-report' | 'digest' | 'escalation';

/** What the dispatcher does with a claimed row: send this message, or cancel it (no longer needed). */
export type Composition =
  /** contact: whom a reminder is for, so that a channel that blocks it can fall back to another of theirs. */
  | { readonly kind: 'send'; readonly message: MessageContent; readonly contact?: ContactAddresses | null }
  | { readonly kind: 'cancel'; readonly reason: string };

/**
 * Turns an outbox row of one purpose into a message just before it is sent. Purposes other than
 * reminders and staff reports (digests, escalations) plug in their composer here.
 */
export interface OutboxComposer {
  compose(row: OutboxEntry, now: Date): Promise<Composition>;
  /** After the provider accepted the message (an escalation remembers where it was posted). */
  delivered?(row: OutboxEntry, providerId: string | undefined, at: Date): Promise<void>;
  /** After the row failed for good (a digest records the rejected address on the contact). */
  failed?(row: OutboxEntry, reason: string, at: Date): Promise<void>;
}

/** Staff reports go to the staff's email addresses (CERTBELL_STAFF_EMAILS). */
export const STAFF_REPORT_CHANNEL: ChannelId = 'email';

/** What a staff report says about the reminder that could not be delivered. */
export interface StaffReportDetail {
  /** What could not be delivered: a reminder to an applicant (the default), or a staff escalation Slack refused. */
  readonly about?: 'reminder' | 'escalation';
  readonly caseRef: string;
  readonly kind: string;
  readonly step: string;
  readonly channel: string;
  readonly address: string;
  readonly reason: string;
}

export interface NewOutboxEntry {
  readonly key: string;
  readonly reminder: string;
  readonly purpose: OutboxPurpose;
  /** For a staff report, a StaffReportDetail as JSON. */
  readonly detail: string | null;
  readonly caseRef: string;
  readonly kind: string;
  readonly occurrence: string;
  readonly step: string;
  readonly contactId: string;
  readonly channel: ChannelId | 'none';
  readonly address: string;
  readonly locale: string;
  readonly status: 'pending' | 'failed';
  readonly lastError: string | null;
  readonly notBefore: Date;
}

export interface OutboxEntry extends Omit<NewOutboxEntry, 'status'> {
  readonly id: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export interface OutboxRepository {
  /** Inserts the entries whose reminder (and key) has no row yet; returns how many were inserted. */
  enqueue(entries: readonly NewOutboxEntry[], at: Date): Promise<number>;
  /** Adds a row for another channel of an existing reminder (a blocked chat's email fallback); false if it exists. */
  enqueueFallback(entry: NewOutboxEntry, at: Date): Promise<boolean>;
  /**
   * Atomically takes up to `limit` rows that are due (pending with notBefore ≤ now, or sending whose
   * lease expired because their dispatcher died) and leases them to `instance` until now + leaseMs.
   */
  claim(instance: string, now: Date, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /**
   * Records a final outcome; attempts counts a delivery attempt when `attempted`. False when the row
   * is no longer this instance's (its lease ran out and another instance took it over): nothing is written.
   */
  finish(id: string, instance: string, outcome: { status: 'sent' | 'failed' | 'cancelled'; error?: string; attempted: boolean; providerRef?: string }, at: Date): Promise<boolean>;
  /** Puts a leased row back to pending until notBefore; attempts counts a delivery attempt when `attempted`. False as for finish. */
  postpone(id: string, instance: string, notBefore: Date, reason: string | null, attempted: boolean): Promise<boolean>;
  /**
   * Gives back rows this instance claimed and has not started (the service is stopping): pending again,
   * their lease cleared, notBefore and attempts as they were. Returns how many it gave back.
   */
  release(ids: readonly string[], instance: string): Promise<number>;
  /**
   * Extends this instance's lease on the rows of its batch not yet done (the one about to be sent
   * first); returns those still its own. A live dispatcher keeps its whole batch however slow the
   * provider, and a row another instance has taken over is not sent twice.
   */
  renew(ids: readonly string[], instance: string, until: Date): Promise<ReadonlySet<string>>;
  /** The channel of every row of these reminders ('none' when the sweep found no way to reach the contact); a reminder with no row is absent. */
  channelsOf(reminders: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
  /**
   * Oldest first, or newest first when asked (a case page shows the latest), or the latest attempted
   * first (the console's delivery list: with a status, answered from the (status, notBefore) index).
   */
  list(filter: {
    readonly status?: OutboxStatus;
    readonly caseRef?: string;
    readonly limit?: number;
    readonly offset?: number;
    readonly newestFirst?: boolean;
    readonly latestAttemptFirst?: boolean;
  }): Promise<OutboxEntry[]>;
}

export interface RecipientChat {
  readonly chatId: string;
  readonly status: 'active' | 'blocked';
  /** The language chosen in the chat with /lang; reminders to the chat follow it. */
  readonly locale?: string | null;
}

export interface Recipient extends ContactAddresses {
  readonly contactId: string;
  /** The registered province of the case's organisation (CN-17: whom to contact). */
  readonly province: string | null;
  readonly name: string;
  readonly email: string;
  readonly locale: string;
  readonly chats: readonly RecipientChat[];
}

export interface RecipientDirectory {
  /** The contacts of each case, with their bound chats. */
  recipientsOf(caseRefs: readonly string[]): Promise<Map<string, Recipient[]>>;
  markChatBlocked(chatId: string, at: Date): Promise<void>;
}

/** Everything a message needs: the reminder, the obligation as seen on the day it is sent, and whom it goes to. */
export interface ReminderMessageInput {
  readonly step: Pick<ReminderStep, 'id' | 'overdue'>;
  readonly obligation: PlannedObligation;
  readonly recipient: Pick<Recipient, 'name' | 'locale' | 'province'>;
  readonly caseRef: string;
  readonly today: IsoDate;
  /** As the rule counts (working days for CN-6, CN-7); calendar days when absent. */
  readonly left?: TimeLeft;
  /** Whom to contact (the contact book's answer); asked of the book when absent. */
  readonly contact?: ContactBookAnswer;
}

export interface MessageRenderer {
  render(input: ReminderMessageInput): { subject: string; text: string };
  renderStaffReport(detail: StaffReportDetail, locale: string): { subject: string; text: string };
}

export interface ReminderDeps extends Deps {
  readonly outbox: OutboxRepository;
  readonly recipients: RecipientDirectory;
  readonly reminderPolicy: ReminderPolicy;
  /** The channels that are configured; a missing one is simply not used. */
  readonly channels: Partial<Record<ChannelId, DeliveryChannel>>;
  /** Which channels a reminder tries, in order: the first that is configured and reaches the contact. */
  readonly channelPreference: readonly ContactChannelId[];
  /** Where reminders that could not be delivered are reported (by email), in the staff's language. */
  readonly staff: { readonly emails: readonly string[]; readonly locale: string };
}

// What the staff escalations need besides the case store and the outbox.
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { ObligationKind, RuleId, SchemeId } from '../domain/case.js';
import type { EscalationKind, EscalationStage } from '../domain/escalations.js';
import type { MessageContent } from './delivery.js';
import type { AuditInput } from './ports.js';
import type { ContactBookAnswer } from './contacts/contact-book.js';
import type { DigestDirectory } from './digest-ports.js';
import type { OutboxRepository, RecipientDirectory } from './reminder-ports.js';
import type { Deps } from './ports.js';

export type EscalationStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

/** What an escalation says, kept with it so that every later version of its message says the same. */
export interface EscalationDetail {
  readonly scheme: SchemeId;
  readonly organization: string;
  /** The obligation watched (for an undelivered reminder, the reminder's): resolved once it is no longer owed. */
  readonly obligationKind: ObligationKind;
  readonly obligationOccurrence: string;
  readonly rules: readonly RuleId[];
  readonly facts: Readonly<Record<string, string | number>>;
  /** The day it was raised on (Asia/Shanghai). */
  readonly raisedOn: IsoDate;
}

export interface NewEscalation {
  readonly key: string;
  readonly kind: EscalationKind;
  readonly caseRef: string;
  readonly occurrence: string;
  readonly stage: EscalationStage;
  readonly detail: EscalationDetail;
}

export interface EscalationRecord extends NewEscalation {
  readonly id: string;
  readonly status: EscalationStatus;
  readonly raisedAt: Date;
  readonly channelId: string | null;
  readonly messageTs: string | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: Date | null;
  readonly snoozedUntil: Date | null;
  readonly reescalatedAt: Date | null;
  readonly resolvedAt: Date | null;
}

export interface EscalationRepository {
  /** Inserts those whose key is new and returns them; an escalation already raised is left alone. */
  raise(escalations: readonly NewEscalation[], at: Date): Promise<EscalationRecord[]>;
  byId(id: string): Promise<EscalationRecord | null>;
  /** Every escalation not yet resolved, optionally of one case. */
  unresolved(caseRef?: string): Promise<EscalationRecord[]>;
  /** Remembers where the first message was posted, so that later versions replace it. */
  posted(id: string, channelId: string, messageTs: string, at: Date): Promise<void>;
  /** Only from open or snoozed; null when it was not (already acknowledged, resolved, or unknown). Writes the audit entry with it. */
  acknowledge(id: string, by: string, at: Date, audit: AuditInput): Promise<EscalationRecord | null>;
  /** Only from open or snoozed; null otherwise. Writes the audit entry with it. */
  snooze(id: string, until: Date, at: Date, audit: AuditInput): Promise<EscalationRecord | null>;
  /**
   * The open escalations nobody acknowledged in time: raised before `raisedBefore` and never
   * re-escalated, or snoozed until `now` or earlier and not re-escalated since the snooze ended.
   */
  dueForReescalation(now: Date, raisedBefore: Date): Promise<EscalationRecord[]>;
  /** Atomic: true for the one caller that moved it (so that two instances never re-escalate it twice). */
  markReescalated(id: string, expected: { readonly reescalatedAt: Date | null }, at: Date): Promise<boolean>;
  /** Only from a status other than resolved; null when it already was. */
  resolve(id: string, at: Date): Promise<EscalationRecord | null>;
}

/** How the escalation's message looks in each of its versions. Implemented with Block Kit in the Slack adapter. */
export interface EscalationView {
  readonly escalation: EscalationRecord;
  /** post: the first message; reescalate: re-posted to the escalation channel, mentioning the group; update: a new version of a posted one. */
  readonly mode: 'post' | 'reescalate' | 'update';
  readonly today: IsoDate;
  /** Why it was resolved, when it is. */
  readonly resolution?: { readonly lastEvent: { readonly type: string; readonly date: IsoDate } | null };
  /** What staff look up first: the certificate, the responsible body, and whether each contact can be reached. */
  readonly about?: EscalationAbout;
}

/** A case contact and how certbell can reach them. */
export interface ContactReach {
  readonly name: string;
  readonly email: string;
  /** A bound Telegram chat: active, blocked (the contact blocked the bot), or none. */
  readonly chat: 'active' | 'blocked' | 'none';
  /** Their email: usable, refused for good by a mail server, or unsubscribed from digests (reminders still go). */
  readonly emailState: 'ok' | 'refused' | 'unsubscribed';
  /** Unsubscribed from digests, said apart from a refusal (a refused address may have been unsubscribed too). */
  readonly digestsUnsubscribed?: boolean;
  /** What the mail server answered when it refused the address for good. */
  readonly refusedReason?: string | null;
}

export interface EscalationAbout {
  readonly certificateNo: string | null;
  /** The contact book's answer for the case (the same every surface gives). */
  readonly body: ContactBookAnswer;
  readonly contacts: readonly ContactReach[];
}

export interface EscalationRenderer {
  render(view: EscalationView, locale: string): MessageContent;
  /** One message for the reminders a dispatch could not deliver, gathered (not one message each). */
  renderGathered(escalations: readonly EscalationRecord[], locale: string): MessageContent;
}

/** Replaces a posted message with a new version (Slack chat.update). */
export interface EscalationBoard {
  /** False when the message could not be updated (the adapter logs why); the escalation's state stands either way. */
  update(channelId: string, messageTs: string, content: MessageContent): Promise<boolean>;
}

export interface EscalationSettings {
  /** Where escalations are posted, and where unacknowledged ones are re-posted (Slack channel ids). */
  readonly staffChannel: string;
  readonly escalationChannel: string;
  /** Unacknowledged for this long: re-posted. */
  readonly acknowledgeWithinMs: number;
  /** CN-9 [policy]: days after the public notice ended by which an unreturned pledge is escalated. */
  readonly pledgeEscalateDays: number;
  readonly locale: string;
}

export interface EscalationDeps extends Deps {
  readonly escalations: EscalationRepository;
  /** Where a case's contacts' chats and email state are read, for the escalation's contact lines; without them, the contacts are listed unqualified. */
  readonly reach?: { readonly recipients: RecipientDirectory; readonly digests: Pick<DigestDirectory, 'contactsOf'> };
  readonly outbox: OutboxRepository;
  readonly renderer: EscalationRenderer;
  readonly board: EscalationBoard;
  readonly settings: EscalationSettings;
}

/** The outbox row's detail for an escalation message. */
export interface EscalationOutboxDetail {
  readonly escalationId: string;
  readonly mode: 'post' | 'reescalate';
}

/** The outbox row of gathered notices of undelivered reminders: the escalations it lists. */
export interface GatheredNoticeDetail {
  readonly mode: 'gathered';
  readonly escalationIds: readonly string[];
}

// The Today page's two queues as lists: the escalations staff have not seen through, and the
// messages certbell could not deliver. Read by the database adapter a page at a time, from the
// indexes on Escalation.status and OutboxMessage (status, notBefore).
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { EscalationRecord } from '../escalation-ports.js';
import type { OutboxEntry, OutboxStatus } from '../reminder-ports.js';

/** The states an unresolved escalation can be in. */
export const ESCALATION_STATES = ['open', 'snoozed', 'acknowledged'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

/** The outbox states the delivery list can show; failed (for good) is the Today page's count. */
export const DELIVERY_STATES = ['failed', 'pending', 'sent'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number] & OutboxStatus;

export interface QueuedEscalation {
  readonly escalation: EscalationRecord;
  /** The due date of the obligation it is about, while the case still owes it. */
  readonly dueOn: IsoDate | null;
  /** When its message was last sent to Slack (first post or re-escalation); null while none was. */
  readonly lastPostedAt: Date | null;
}

export interface QueuePage<T> {
  readonly rows: readonly T[];
  readonly total: number;
}

export interface QueueQueries {
  /** Unresolved escalations (of one state, or all), open first, then snoozed, then acknowledged; newest first within each. */
  escalations(state: EscalationState | null, offset: number, limit: number): Promise<QueuePage<QueuedEscalation>>;
  /** Outbox messages in this state, the latest attempted first. */
  deliveries(state: DeliveryState, offset: number, limit: number): Promise<QueuePage<OutboxEntry>>;
}

// An escalation record as the repository returns it, for tests of what is written about one.
import type { EscalationRecord, NewEscalation } from '../../src/app/escalation-ports.js';

/** Raised and not yet posted or handled (open, every later field empty), unless `fields` says otherwise. */
export function escalationRecord(fields: NewEscalation & Pick<EscalationRecord, 'id' | 'raisedAt'> & Partial<EscalationRecord>): EscalationRecord {
  return { status: 'open', channelId: null, messageTs: null, acknowledgedBy: null, acknowledgedAt: null, snoozedUntil: null, reescalatedAt: null, resolvedAt: null, ...fields };
}

// What the console's case page reads beyond the case itself, and the one write it adds (a failed
// delivery sent again). The database adapter implements these with the indexes on caseRef and subject.
import type { AuditInput } from '../ports.js';
import type { EscalationRecord } from '../escalation-ports.js';
import type { OutboxEntry } from '../reminder-ports.js';

export interface AuditRecord {
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface CaseDetailQueries {
  /** The case's outbox messages, newest first. */
  deliveries(caseRef: string, limit: number): Promise<OutboxEntry[]>;
  /** The case's escalations in every state, newest first. */
  escalations(caseRef: string, limit: number): Promise<EscalationRecord[]>;
  /** The audit entries about the case, newest first. */
  audit(caseRef: string, limit: number): Promise<AuditRecord[]>;
}

export interface FailedDeliveries {
  /**
   * Puts a message of this case that failed for good back to pending, due at once with its attempts
   * counted afresh, and writes the audit entry with it. Null when there is no such failed message
   * (another member retried it first, or it belongs to another case): nothing is written then.
   */
  retry(id: string, caseRef: string, at: Date, audit: AuditInput): Promise<OutboxEntry | null>;
}

// An escalation nobody acknowledged in time (or whose snooze ended) is re-posted to the escalation
// channel, mentioning the escalation group: an alert must not die quietly.
import { superseded } from '../domain/escalations.js';
import { escalationOutboxEntry } from './escalation-outbox.js';
import type { EscalationDeps, EscalationRecord } from './escalation-ports.js';

export async function reescalateEscalations(deps: EscalationDeps): Promise<EscalationRecord[]> {
  const now = deps.clock.now();
  const due = await deps.escalations.dueForReescalation(now, new Date(now.getTime() - deps.settings.acknowledgeWithinMs));
  const unresolved = due.length ? await deps.escalations.unresolved() : [];
  const reescalated: EscalationRecord[] = [];
  for (const escalation of due) {
    // A warning overtaken by its breach is chased through the breach alone.
    if (superseded(escalation, unresolved)) continue;
    // Notices of undelivered reminders were posted gathered and are followed in the staff digest:
    // re-posted one by one, an outage would flood the escalation channel a day later.
    if (escalation.kind === 'undelivered-reminder') continue;
    // Written first and idempotent by key, then marked: a crash in between re-enqueues nothing new,
    // and of two instances only one marks it.
    await deps.outbox.enqueue([escalationOutboxEntry(deps, escalation, 'reescalate', now)], now);
    if (await deps.escalations.markReescalated(escalation.id, { reescalatedAt: escalation.reescalatedAt }, now)) reescalated.push(escalation);
  }
  return reescalated;
}

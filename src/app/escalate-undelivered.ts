// A reminder that no channel could deliver to the applicant becomes an escalation staff can act on.
import { todayIn } from '../domain/calendar/calendar-date.js';
import type { ObligationKind, RuleId } from '../domain/case.js';
import { escalationKey } from '../domain/escalations.js';
import { escalationOutboxEntry } from './escalation-outbox.js';
import type { EscalationDeps } from './escalation-ports.js';
import type { OutboxEntry } from './reminder-ports.js';

/** True when a new escalation was raised (a reminder is escalated once, however often its failure is seen). */
export async function escalateUndelivered(deps: EscalationDeps, row: OutboxEntry, reason: string, at: Date): Promise<boolean> {
  const base = { kind: 'undelivered-reminder' as const, caseRef: row.caseRef, occurrence: row.reminder, stage: 'failed' as const };
  const record = await deps.cases.findByRef(row.caseRef);
  // The message cites the rule of the obligation the reminder was about.
  let rules: readonly RuleId[] = [];
  for await (const page of deps.cases.obligations({ asOf: todayIn(at, deps.zone), caseRef: row.caseRef })) {
    rules = page.find((o) => o.kind === row.kind && o.occurrence === row.occurrence)?.rules ?? rules;
  }
  const [raised] = await deps.escalations.raise(
    [
      {
        ...base,
        key: escalationKey(base),
        detail: {
          // A reminder's case always exists; should it not, the message names no scheme rather than a wrong one.
          scheme: record?.scheme ?? '',
          organization: record?.organization.name ?? '',
          obligationKind: row.kind as ObligationKind,
          obligationOccurrence: row.occurrence,
          rules,
          facts: { step: row.step, channel: row.channel, address: row.address, reason },
          raisedOn: todayIn(at, deps.zone),
        },
      },
    ],
    at,
  );
  if (!raised) return false;
  await deps.outbox.enqueue([escalationOutboxEntry(deps, raised, 'post', at)], at);
  return true;
}

// A reminder that no channel could deliver to the applicant becomes an escalation staff can act on.
// The notices of one dispatch are gathered into one Slack message, not posted one by one: an outage
// of the mail server must not bury the channel under hundreds of them, nor hold up the escalations.
import { todayIn } from '../domain/calendar/calendar-date.js';
import type { ObligationKind, RuleId } from '../domain/case.js';
import { escalationKey } from '../domain/escalations.js';
import type { EscalationDeps, EscalationRecord, GatheredNoticeDetail } from './escalation-ports.js';
import type { OutboxEntry } from './reminder-ports.js';

/** The escalation raised, or null when it was raised before (a reminder is escalated once, however often its failure is seen). */
export async function escalateUndelivered(deps: EscalationDeps, row: OutboxEntry, reason: string, at: Date): Promise<EscalationRecord | null> {
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
  return raised ?? null;
}

/** One outbox row that posts the notices raised by a dispatch, together, to the staff channel. */
export async function postGatheredNotices(deps: EscalationDeps, raised: readonly EscalationRecord[], at: Date): Promise<void> {
  const first = raised[0];
  if (!first) return;
  const detail: GatheredNoticeDetail = { mode: 'gathered', escalationIds: raised.map((e) => e.id) };
  // Named by its first notice, which belongs to no other gathering: written once however often retried.
  const key = `escalation|undelivered-gathered|${first.id}`;
  await deps.outbox.enqueue(
    [
      {
        key,
        reminder: key,
        purpose: 'escalation',
        detail: JSON.stringify(detail),
        caseRef: first.caseRef,
        kind: first.detail.obligationKind,
        occurrence: first.detail.obligationOccurrence,
        step: 'gathered',
        contactId: '',
        channel: 'slack',
        address: deps.settings.staffChannel,
        locale: deps.settings.locale,
        status: 'pending',
        lastError: null,
        notBefore: at,
      },
    ],
    at,
  );
}

// The daily escalation pass: raise what became due, post it through the outbox, and resolve what was met.
import { todayIn } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import { escalates, escalationKey, escalationsDue } from '../domain/escalations.js';
import type { EscalationDue } from '../domain/escalations.js';
import type { CaseObligation } from '../domain/obligations.js';
import { escalationOutboxEntry } from './escalation-outbox.js';
import type { EscalationDeps, EscalationRecord, NewEscalation } from './escalation-ports.js';
import { resolveMetEscalations } from './resolve-escalations.js';

export interface EscalationSweep {
  readonly asOf: IsoDate;
  readonly raised: readonly EscalationRecord[];
  readonly resolved: readonly EscalationRecord[];
  /** Outbox rows written (new posts, and posts of escalations a crash left unposted). */
  readonly enqueued: number;
}


export async function sweepEscalations(deps: EscalationDeps, options: { readonly asOf?: IsoDate } = {}): Promise<EscalationSweep> {
  const now = deps.clock.now();
  const asOf = options.asOf ?? todayIn(now, deps.zone);
  const resolved = await resolveMetEscalations(deps);
  const relevant: CaseObligation[] = [];
  for await (const page of deps.cases.obligations({ asOf })) {
    // Only what a scheme escalates, and of the applicant's obligations only those whose window has opened;
    // the rest of a plan is not kept in memory.
    for (const o of page) if (escalates(o) && (o.status !== 'upcoming' || o.audience === 'staff')) relevant.push(o);
  }
  const due = escalationsDue(relevant, asOf, { calendar: deps.calendar, pledgeEscalateDays: deps.settings.pledgeEscalateDays });
  const known = new Set((await deps.escalations.unresolved()).map((e) => e.key));
  const fresh = due.filter((d) => !known.has(escalationKey(d)));
  const raised = await deps.escalations.raise(await describe(deps, fresh, asOf), now);
  // Every unresolved escalation not yet posted gets its post row; the unique key makes this a no-op
  // for those already in the outbox, and heals a sweep that died between raising and enqueueing.
  const unposted = (await deps.escalations.unresolved()).filter((e) => !e.messageTs);
  const enqueued = unposted.length ? await deps.outbox.enqueue(unposted.map((e) => escalationOutboxEntry(deps, e, 'post', now)), now) : 0;
  return { asOf, raised, resolved, enqueued };
}

/** Adds what the message needs besides the rule's facts: the organisation, the day it was raised. */
async function describe(deps: EscalationDeps, due: readonly EscalationDue[], asOf: IsoDate): Promise<NewEscalation[]> {
  const organizations = new Map<string, string>();
  for (const ref of new Set(due.map((d) => d.caseRef))) organizations.set(ref, (await deps.cases.findByRef(ref))?.organization.name ?? '');
  return due.map((d) => ({
    key: escalationKey(d),
    kind: d.kind,
    caseRef: d.caseRef,
    occurrence: d.occurrence,
    stage: d.stage,
    detail: {
      scheme: d.scheme,
      organization: organizations.get(d.caseRef) ?? '',
      obligationKind: d.obligationKind,
      obligationOccurrence: d.occurrence,
      rules: d.rules,
      facts: d.facts,
      raisedOn: asOf,
    },
  }));
}

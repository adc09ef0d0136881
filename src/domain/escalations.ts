// Which staff escalations are due on a day, read from the stored obligations (docs/rules.md, "How
// certbell reads every rule": certbell reminds and escalates, it never decides). Each escalation names
// the obligation it watches, so that it can be resolved once that obligation is no longer owed. The
// rules are the schemes' own (Scheme.escalations); this module applies them.
import { compareDates } from './calendar/calendar-date.js';
import type { IsoDate } from './calendar/calendar-date.js';
import type { CaseObligation } from './case.js';
import type { EscalationDue, EscalationOptions } from './schemes/escalating.js';
import { allSchemes, findScheme } from './schemes/registry.js';

export type { EscalationDue, EscalationKind, EscalationOptions, EscalationStage } from './schemes/escalating.js';

/** A reminder no channel could deliver: raised by the outbox, whatever the scheme. */
export const undeliveredReminder = { kind: 'undelivered-reminder', stages: ['failed'] } as const;

/** Whether the scheme escalates obligations of this kind at all (a sweep keeps only those in memory). */
export function escalates(o: Pick<CaseObligation, 'scheme' | 'kind'>): boolean {
  return Boolean(findScheme(o.scheme)?.escalations[o.kind]);
}

/** A stage's place in its kind's progression, as the scheme lists it (0 when unknown). */
function stageRank(kind: string, stage: string): number {
  for (const scheme of allSchemes()) {
    const stages = scheme.escalationStages[kind];
    if (stages) return Math.max(0, stages.indexOf(stage));
  }
  return 0;
}

/**
 * Whether a later stage of the same escalation (kind, case, occurrence) was raised too: the earlier
 * one (a CN-6 80% warning once the period is breached) then needs no reminding of its own.
 */
export function superseded(e: Pick<EscalationDue, 'kind' | 'caseRef' | 'occurrence' | 'stage'>, others: readonly Pick<EscalationDue, 'kind' | 'caseRef' | 'occurrence' | 'stage'>[]): boolean {
  const rank = stageRank(e.kind, e.stage);
  return others.some((o) => o.kind === e.kind && o.caseRef === e.caseRef && o.occurrence === e.occurrence && stageRank(o.kind, o.stage) > rank);
}

/** The identity of an escalation: raised once per kind, case, occurrence and stage. */
export function escalationKey(e: Pick<EscalationDue, 'kind' | 'caseRef' | 'occurrence' | 'stage'>): string {
  return [e.kind, e.caseRef, e.occurrence, e.stage].join('|');
}

/**
 * The escalations due on asOf for the given obligations (of any number of cases). Only each
 * obligation's furthest stage reached is returned: a first sweep after a week's downtime raises the
 * breach, not the warning that preceded it.
 */
export function escalationsDue(obligations: readonly CaseObligation[], asOf: IsoDate, options: EscalationOptions): EscalationDue[] {
  const due: EscalationDue[] = [];
  for (const o of obligations) {
    if (o.shownFrom && compareDates(asOf, o.shownFrom) < 0) continue;
    const rule = findScheme(o.scheme)?.escalations[o.kind];
    if (!rule) continue;
    const found = rule(o, asOf, options);
    if (found) due.push(found);
  }
  return due;
}

// Staff acknowledge or snooze an escalation from its case's page: the same use cases Slack's
// buttons call, refused when the escalation is not this case's, so that a page never acts on
// another case's escalation and then shows its own.
import { acknowledgeEscalation } from '../acknowledge-escalation.js';
import type { EscalationDeps, EscalationRecord } from '../escalation-ports.js';
import { snoozeEscalation } from '../snooze-escalation.js';
import { fail } from '../../domain/result.js';
import type { Result } from '../../domain/result.js';

interface CaseEscalation {
  readonly ref: string;
  readonly id: string;
  readonly actor: string;
}

async function ofCase(deps: EscalationDeps, input: CaseEscalation): Promise<boolean> {
  return (await deps.escalations.byId(input.id))?.caseRef === input.ref;
}

export async function acknowledgeCaseEscalation(deps: EscalationDeps, input: CaseEscalation): Promise<Result<EscalationRecord>> {
  if (!(await ofCase(deps, input))) return fail('escalation/not-found', { id: input.id });
  return acknowledgeEscalation(deps, { id: input.id, actor: input.actor });
}

export async function snoozeCaseEscalation(deps: EscalationDeps, input: CaseEscalation & { readonly days: number }): Promise<Result<EscalationRecord>> {
  if (!(await ofCase(deps, input))) return fail('escalation/not-found', { id: input.id });
  return snoozeEscalation(deps, { id: input.id, days: input.days, actor: input.actor });
}

// Staff put an escalation off for a day or three; when the snooze ends unacknowledged, it is re-escalated.
import type { Result } from '../domain/result.js';
import { fail } from '../domain/result.js';
import { refusalFor, showState } from './acknowledge-escalation.js';
import type { MessageRef } from './acknowledge-escalation.js';
import type { EscalationDeps, EscalationRecord } from './escalation-ports.js';

export const snoozeChoices = [1, 3] as const;

export async function snoozeEscalation(
  deps: EscalationDeps,
  input: { readonly id: string; readonly days: number; readonly actor: string; readonly clicked?: MessageRef },
): Promise<Result<EscalationRecord>> {
  if (!(snoozeChoices as readonly number[]).includes(input.days)) return fail('escalation/bad-snooze', { days: input.days, choices: snoozeChoices.join(', ') });
  const now = deps.clock.now();
  const before = await deps.escalations.byId(input.id);
  if (!before || before.status === 'resolved' || before.status === 'acknowledged') return refusalFor(before, input.id);
  const until = new Date(now.getTime() + input.days * 86_400_000);
  const after = await deps.escalations.snooze(input.id, until, now, {
    actor: input.actor,
    action: 'escalation.snooze',
    subject: before.caseRef,
    details: { escalation: before.key, days: input.days, until: until.toISOString() },
  });
  if (!after) return refusalFor(await deps.escalations.byId(input.id), input.id);
  await showState(deps, after, now, input.clicked);
  return { ok: true, value: after };
}

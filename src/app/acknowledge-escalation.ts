// A staff member takes an escalation in hand: it stops being re-escalated, and its message says who and when.
import { escalationAbout } from './escalation-about.js';
import { todayIn } from '../domain/calendar/calendar-date.js';
import { fail } from '../domain/result.js';
import type { Result } from '../domain/result.js';
import type { EscalationDeps, EscalationRecord } from './escalation-ports.js';

export interface MessageRef {
  readonly channelId: string;
  readonly messageTs: string;
}

/** Why an escalation cannot be acted on, as a translated refusal. */
export function refusalFor(escalation: EscalationRecord | null, id: string): ReturnType<typeof fail> {
  if (!escalation) return fail('escalation/not-found', { id });
  if (escalation.status === 'resolved') return fail('escalation/resolved', { caseRef: escalation.caseRef });
  return fail('escalation/already-acknowledged', { caseRef: escalation.caseRef, by: escalation.acknowledgedBy ?? '' });
}

export async function acknowledgeEscalation(
  deps: EscalationDeps,
  input: { readonly id: string; readonly actor: string; readonly clicked?: MessageRef },
): Promise<Result<EscalationRecord>> {
  const now = deps.clock.now();
  const before = await deps.escalations.byId(input.id);
  if (!before || before.status === 'resolved' || before.status === 'acknowledged') return refusalFor(before, input.id);
  const after = await deps.escalations.acknowledge(input.id, input.actor, now, {
    actor: input.actor,
    action: 'escalation.acknowledge',
    subject: before.caseRef,
    details: { escalation: before.key },
  });
  // Someone else acknowledged or the sweep resolved it in the meantime.
  if (!after) return refusalFor(await deps.escalations.byId(input.id), input.id);
  await showState(deps, after, now, input.clicked);
  return { ok: true, value: after };
}

/** Replaces the posted message (and the re-posted one that was clicked, if it is another) with the current state. */
export async function showState(deps: EscalationDeps, escalation: EscalationRecord, now: Date, clicked?: MessageRef): Promise<void> {
  const content = deps.renderer.render({ escalation, mode: 'update', today: todayIn(now, deps.zone), about: await escalationAbout(deps, escalation) }, deps.settings.locale);
  const targets: MessageRef[] = [];
  if (escalation.channelId && escalation.messageTs) targets.push({ channelId: escalation.channelId, messageTs: escalation.messageTs });
  if (clicked && !targets.some((t) => t.channelId === clicked.channelId && t.messageTs === clicked.messageTs)) targets.push(clicked);
  for (const target of targets) await deps.board.update(target.channelId, target.messageTs, content);
}

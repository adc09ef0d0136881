// Escalations end when the obligation behind them is no longer owed: their messages then say so.
import { escalationAbout } from './escalation-about.js';
import { todayIn } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { EscalationDeps, EscalationRecord } from './escalation-ports.js';
import type { Deps } from './ports.js';

/** Whether the case still owes the obligation an escalation watches, as seen on `today`. */
export async function obligationOwed(deps: Deps, escalation: Pick<EscalationRecord, 'caseRef' | 'detail'>, today: IsoDate): Promise<boolean> {
  const { obligationKind, obligationOccurrence } = escalation.detail;
  for await (const page of deps.cases.obligations({ asOf: today, caseRef: escalation.caseRef })) {
    if (page.some((o) => o.kind === obligationKind && o.occurrence === obligationOccurrence)) return true;
  }
  return false;
}

/**
 * Resolves the unresolved escalations (of one case, or all) whose obligation was met or closed, and
 * replaces their posted messages with one that says so and names the case's latest event.
 */
export async function resolveMetEscalations(deps: EscalationDeps, caseRef?: string): Promise<EscalationRecord[]> {
  const now = deps.clock.now();
  const today = todayIn(now, deps.zone);
  const resolved: EscalationRecord[] = [];
  for (const escalation of await deps.escalations.unresolved(caseRef)) {
    if (await obligationOwed(deps, escalation, today)) continue;
    const done = await resolveEscalation(deps, escalation, now);
    if (done) resolved.push(done);
  }
  return resolved;
}

/** Marks one escalation resolved and updates its message; null when another caller resolved it first. */
export async function resolveEscalation(deps: EscalationDeps, escalation: EscalationRecord, now: Date): Promise<EscalationRecord | null> {
  const resolved = await deps.escalations.resolve(escalation.id, now);
  if (!resolved) return null;
  if (resolved.channelId && resolved.messageTs) {
    const record = await deps.cases.findByRef(resolved.caseRef);
    const history = record ? await deps.cases.history(record.id) : [];
    const last = history.at(-1);
    const content = deps.renderer.render(
      { escalation: resolved, mode: 'update', today: todayIn(now, deps.zone), resolution: { lastEvent: last ? { type: last.type, date: last.date } : null }, about: await escalationAbout(deps, resolved) },
      deps.settings.locale,
    );
    await deps.board.update(resolved.channelId, resolved.messageTs, content);
  }
  return resolved;
}

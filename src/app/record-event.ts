import { compareDates, todayIn } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput } from '../domain/case.js';
import type { DomainError, Result } from '../domain/result.js';
import { applyEvent } from '../domain/schemes/scheme.js';
import { schemeFor } from '../domain/schemes/registry.js';
import type { EscalationDeps } from './escalation-ports.js';
import type { CaseRecord, Deps } from './ports.js';
import { resolveMetEscalations } from './resolve-escalations.js';

export interface RecordOptions {
  /**
   * Staff escalations, when Slack is configured: those the event met are resolved, and their
   * messages say so, before the use case returns, whichever surface recorded the event.
   */
  readonly escalations?: EscalationDeps | null;
}

/**
 * Records what just happened on a case: checked against the case's stage (live mode) and today's
 * date, then settled. The one way to record an event: the command line, Slack and the web call it.
 */
export async function recordEvent(
  deps: Deps,
  input: { readonly ref: string; readonly event: CaseEventInput },
  actor: string,
  options: RecordOptions = {},
): Promise<Result<CaseRecord>> {
  const today = todayIn(deps.clock.now(), deps.zone);
  if (compareDates(input.event.date, today) > 0) {
    return { ok: false, error: { code: 'event/in-future', params: { date: input.event.date, today } } };
  }
  const record = await deps.cases.findByRef(input.ref);
  if (!record) return { ok: false, error: notFound(input.ref) };
  const next = applyEvent(schemeFor(record.scheme), record.state, input.event, deps.policy, 'live');
  if (!next.ok) return next;
  const saved = await deps.cases.save(
    [
      {
        ref: record.ref,
        scheme: record.scheme,
        organization: record.organization,
        serviceType: record.serviceType,
        level: next.value.level,
        contacts: [],
        newEvents: [input.event],
        state: next.value,
        create: false,
        expectedVersion: record.version,
      },
    ],
    // CN-14: an override of the renewal window is named in the audit entry, not only in the event's data.
    [{ actor, action: 'event.record', subject: record.ref, details: { ...input.event, ...(input.event.data?.outsideWindow ? { override: 'outside-window' } : {}) } }],
    deps.clock.now(),
  );
  if (!saved.ok) return saved;
  const stored = await deps.cases.findByRef(record.ref);
  if (!stored) throw new Error(`case ${record.ref} vanished after an event was recorded`);
  await settleCases(options, [stored.ref]);
  return { ok: true, value: stored };
}

/**
 * What follows new events (recorded or imported): the escalations of these cases (all cases when no
 * refs are given) whose obligation is no longer owed are resolved at once, not at the next sweep.
 * Reminders of met obligations are cancelled by the dispatcher, which re-checks each before it sends.
 */
export async function settleCases(options: RecordOptions, refs?: readonly string[]): Promise<void> {
  if (!options.escalations) return;
  if (!refs) {
    await resolveMetEscalations(options.escalations);
    return;
  }
  for (const ref of refs) await resolveMetEscalations(options.escalations, ref);
}

export function notFound(ref: string): DomainError {
  return { code: 'case/not-found', params: { ref } };
}

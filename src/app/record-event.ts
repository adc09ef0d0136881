import { compareDates, todayIn } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput } from '../domain/case.js';
import type { DomainError, Result } from '../domain/result.js';
import { applyEvent } from '../domain/schemes/scheme.js';
import { schemeFor } from '../domain/schemes/registry.js';
import type { CaseRecord, Deps } from './ports.js';

/** Records what just happened on a case: checked against the case's stage (live mode) and today's date. */
export async function recordEvent(
  deps: Deps,
  input: { readonly ref: string; readonly event: CaseEventInput },
  actor: string,
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
  return { ok: true, value: stored };
}

export function notFound(ref: string): DomainError {
  return { code: 'case/not-found', params: { ref } };
}

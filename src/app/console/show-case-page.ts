// The console's case page: the case as `case show` gives it, with what staff act on around it — how
// each contact can be reached, the next reminder of each obligation, the events its stage allows,
// its deliveries, escalations and audit log — and the one write of its own: a failed delivery retried.
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../../domain/obligations.js';
import { nextReminders } from '../../domain/reminders.js';
import type { ReminderPolicy, ReminderStep } from '../../domain/reminders.js';
import { fail } from '../../domain/result.js';
import type { Result } from '../../domain/result.js';
import { schemeFor } from '../../domain/schemes/registry.js';
import { eventsAllowedIn } from '../../domain/schemes/scheme.js';
import { contactsReach } from '../escalation-about.js';
import type { ContactReach, EscalationDeps, EscalationRecord } from '../escalation-ports.js';
import type { Deps } from '../ports.js';
import type { OutboxEntry } from '../reminder-ports.js';
import { notFound } from '../record-event.js';
import { showCase } from '../show-case.js';
import type { CaseView } from '../show-case.js';
import type { AuditRecord, CaseDetailQueries, FailedDeliveries } from './case-page-ports.js';

/** The audit log shows this many entries, the newest. */
export const AUDIT_LIMIT = 100;
export const DELIVERY_LIMIT = 100;
export const ESCALATION_LIMIT = 50;

export interface CasePageDeps extends Deps {
  readonly details: CaseDetailQueries;
  readonly reach: NonNullable<EscalationDeps['reach']>;
  readonly reminderPolicy: ReminderPolicy;
  readonly failedDeliveries: FailedDeliveries;
}

export interface PlannedWithReminder {
  readonly obligation: PlannedObligation;
  /** When the next reminder of it goes out, if one is still to come. */
  readonly nextReminder: ReminderStep | null;
}

export interface CasePageView extends CaseView {
  readonly contactsReach: readonly ContactReach[];
  readonly planned: readonly PlannedWithReminder[];
  /** The event types the case's current stage allows (the scheme's own table). */
  readonly allowedEvents: readonly string[];
  readonly deliveries: readonly OutboxEntry[];
  readonly escalations: readonly EscalationRecord[];
  readonly audit: readonly AuditRecord[];
}

export async function showCasePage(deps: CasePageDeps, ref: string, asOf?: IsoDate): Promise<Result<CasePageView>> {
  const shown = await showCase(deps, ref, asOf);
  if (!shown.ok) return shown;
  const view = shown.value;
  const { record } = view;
  const next = nextReminders(deps.reminderPolicy, view.asOf);
  const [reach, deliveries, escalations, audit] = await Promise.all([
    contactsReach(deps.reach, record),
    deps.details.deliveries(record.ref, DELIVERY_LIMIT),
    deps.details.escalations(record.ref, ESCALATION_LIMIT),
    deps.details.audit(record.ref, AUDIT_LIMIT),
  ]);
  return {
    ok: true,
    value: {
      ...view,
      contactsReach: reach,
      planned: view.obligations.map((obligation) => ({ obligation, nextReminder: next(obligation) })),
      allowedEvents: eventsAllowedIn(schemeFor(record.scheme), record.state.stage),
      deliveries,
      escalations,
      audit,
    },
  };
}

/** Staff send a failed delivery again: only a message of this case that failed for good, with an audit entry. */
export async function retryDelivery(deps: CasePageDeps, input: { readonly ref: string; readonly id: string; readonly actor: string }): Promise<Result<OutboxEntry>> {
  const record = await deps.cases.findByRef(input.ref);
  if (!record) return { ok: false, error: notFound(input.ref) };
  const retried = await deps.failedDeliveries.retry(input.id, record.ref, deps.clock.now(), {
    actor: input.actor,
    action: 'outbox.retry',
    subject: record.ref,
    details: { message: input.id },
  });
  if (!retried) return fail('outbox/not-failed', { id: input.id });
  return { ok: true, value: retried };
}

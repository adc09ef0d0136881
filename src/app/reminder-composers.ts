// What the dispatcher sends for its own purposes: a reminder, re-checked against the obligation just
// before it goes, and a staff report of a reminder no channel could deliver.
import { todayIn } from '../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../domain/obligations.js';
import { timeLeftOf } from '../domain/time-left.js';
import { contactBook } from './contacts/contact-book.js';
import type { MessageRenderer, OutboxComposer, OutboxEntry, ReminderDeps, StaffReportDetail } from './reminder-ports.js';

export interface ComposerDeps extends ReminderDeps {
  readonly renderer: MessageRenderer;
  readonly markEmailRejected?: (contactId: string, reason: string, at: Date) => Promise<void>;
}

/** A reminder in the contact's language, or cancelled when an event recorded since the sweep met the obligation. */
export function reminderComposer(deps: ComposerDeps): OutboxComposer {
  return {
    async compose(row, now) {
      const today = todayIn(now, deps.zone);
      // Re-checked just before sending: an event recorded since the sweep may have met the obligation.
      const obligation = await openObligation(deps, row, today);
      if (!obligation) return { kind: 'cancel', reason: 'obligation-met' };
      const recipient = (await deps.recipients.recipientsOf([row.caseRef])).get(row.caseRef)?.find((r) => r.contactId === row.contactId);
      const message = deps.renderer.render({
        step: { id: row.step, overdue: row.step === 'overdue' },
        obligation,
        recipient: { name: recipient?.name ?? '', locale: row.locale, province: recipient?.province ?? null },
        caseRef: row.caseRef,
        today,
        // As the rule counts (working days for CN-6, CN-7), and whom to contact: the contact book's one answer.
        left: timeLeftOf(obligation, today, deps.calendar),
        contact: contactBook().answer(obligation.scheme, recipient?.province ?? null),
      });
      return { kind: 'send', message, contact: recipient ?? null };
    },
    async failed(row, reason, at) {
      if (row.channel === 'email' && reason.startsWith('rejected:')) await deps.markEmailRejected?.(row.contactId, reason, at);
    },
  };
}

export function staffReportComposer(deps: ComposerDeps): OutboxComposer {
  return {
    compose(row) {
      if (!row.detail) return Promise.resolve({ kind: 'cancel', reason: 'no-detail' });
      return Promise.resolve({ kind: 'send', message: deps.renderer.renderStaffReport(JSON.parse(row.detail) as StaffReportDetail, row.locale) });
    },
  };
}

async function openObligation(deps: ComposerDeps, row: OutboxEntry, today: string): Promise<PlannedObligation | null> {
  for await (const page of deps.cases.obligations({ asOf: today, caseRef: row.caseRef })) {
    const found = page.find((o) => o.kind === row.kind && o.occurrence === row.occurrence);
    if (found) return found;
  }
  return null;
}

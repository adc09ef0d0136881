// What a 网安联 case owes, from its state and its organisation's other certificates (docs/rules.md:
// WA-4 … WA-12).
import { addDays, addMonths, compareDates, endOfYear, minDate, yearOf } from '../../calendar/calendar-date.js';
import type { IsoDate } from '../../calendar/calendar-date.js';
import type { CaseState, Explanation, Obligation, RuleId } from '../../case.js';
import { withExpiryNotes } from '../certificate.js';
import type { PlanContext } from '../scheme.js';
import { surveilled } from './lifecycle.js';
import { lifecycleObligations, scheduledAudit } from './recertification.js';
interface SurveillanceDue {
  readonly dueOn: IsoDate;
  readonly rules: readonly RuleId[];
  readonly explanation: Explanation;
  /** The day the current surveillance period started: the issue date or the last audit. */
  readonly since: IsoDate;
}

/**
 * WA-4, WA-5: when the next surveillance audit is due, from the case's own facts.
 * - none yet: within 12 months of the issue date (WA-4);
 * - after one: by the earlier of 15 months after it and the end of the next calendar year, the
 *   calendar-year rule being waived in the year recertification is due: the calendar year in which the
 *   renewal application falls due, expiry − 3 months (WA-5, seed 002 §6.3.1).
 * Nothing is due past expiry: recertification (WA-9) takes over.
 */
function ownSurveillanceDue(state: CaseState, lastAudit: IsoDate | undefined): SurveillanceDue | null {
  const certificate = state.certificate;
  if (!certificate || !surveilled.includes(state.stage)) return null;
  let due: SurveillanceDue;
  if (!lastAudit) {
    due = {
      dueOn: addMonths(certificate.issuedOn, 12),
      rules: ['WA-4'],
      since: certificate.issuedOn,
      explanation: { key: 'surveillance-audit-first', params: { issuedOn: certificate.issuedOn, months: 12 } },
    };
  } else {
    const fifteenMonths = addMonths(lastAudit, 15);
    const nextYear = yearOf(lastAudit) + 1;
    const recertificationYear = yearOf(addMonths(certificate.expiresOn, -3));
    const calendarYearWaived = nextYear === recertificationYear;
    const yearEnd = endOfYear(nextYear);
    const byCalendarYear = !calendarYearWaived && compareDates(yearEnd, fifteenMonths) < 0;
    due = {
      dueOn: byCalendarYear ? yearEnd : fifteenMonths,
      rules: ['WA-5'],
      since: lastAudit,
      explanation: byCalendarYear
        ? { key: 'surveillance-audit-calendar-year', params: { lastAuditOn: lastAudit, year: nextYear } }
        : calendarYearWaived
          ? withExpiryNotes(
              {
                key: 'surveillance-audit-15-months-recertification-year',
                params: { lastAuditOn: lastAudit, months: 15, year: nextYear, expiresOn: certificate.expiresOn, renewalDueOn: addMonths(certificate.expiresOn, -3) },
              },
              certificate,
            )
          : { key: 'surveillance-audit-15-months', params: { lastAuditOn: lastAudit, months: 15, year: nextYear } },
    };
  }
  return compareDates(due.dueOn, certificate.expiresOn) > 0 ? null : due;
}

interface Member {
  readonly ref: string;
  readonly state: CaseState;
}

/**
 * WA-6: an organisation holding several certificates is surveilled on the earliest issue date and
 * the others are audited with it. Audits are joint, so an audit recorded on the lead certificate
 * counts for the others issued before it; each certificate's own WA-4/WA-5 limit still holds, so
 * the earlier of the two dates is due.
 */
function surveillanceDue(self: Member, siblings: readonly Member[]): SurveillanceDue | null {
  const group = [self, ...siblings].filter((m) => m.state.scheme === self.state.scheme && m.state.certificate && surveilled.includes(m.state.stage));
  const lead = group.reduce<Member | null>((best, m) => (best === null || isEarlier(m, best) ? m : best), null);
  const own = ownSurveillanceDue(self.state, latestJointAudit(self, lead));
  if (!own || !lead || lead.ref === self.ref) return own;
  const leadDue = ownSurveillanceDue(lead.state, lead.state.on.lastSurveillanceAudit);
  const note: Explanation = {
    key: 'surveillance-audit-joint',
    params: { leadCertificateNo: lead.state.certificate?.certificateNo ?? '', leadIssuedOn: lead.state.certificate?.issuedOn ?? '' },
  };
  // A lead date that falls before this certificate's own period began (the lead is itself late) would
  // make a certificate audited yesterday look overdue; the joint date only binds when it lies ahead.
  const joins = leadDue && compareDates(leadDue.dueOn, own.since) > 0;
  const dueOn = joins ? minDate(own.dueOn, leadDue.dueOn) : own.dueOn;
  return { ...own, dueOn, rules: [...own.rules, 'WA-6'], explanation: { ...own.explanation, notes: [note] } };
}

function isEarlier(a: Member, b: Member): boolean {
  const byDate = compareDates(a.state.certificate?.issuedOn ?? '', b.state.certificate?.issuedOn ?? '');
  return byDate < 0 || (byDate === 0 && a.ref < b.ref);
}

function latestJointAudit(self: Member, lead: Member | null): IsoDate | undefined {
  const own = self.state.on.lastSurveillanceAudit;
  const joint = lead && lead.ref !== self.ref ? lead.state.on.lastSurveillanceAudit : undefined;
  const issued = self.state.certificate?.issuedOn;
  if (!joint || !issued || compareDates(joint, issued) < 0) return own;
  return own && compareDates(own, joint) > 0 ? own : joint;
}

function heightenedNotes(state: CaseState, since: IsoDate): Explanation[] {
  // WA-7: frequency increases after a major change or complaint recorded since the last audit.
  return (['majorChange', 'complaint'] as const)
    .filter((name) => state.on[name] && compareDates(state.on[name] ?? '', since) >= 0)
    .map((name) => ({ key: `surveillance-heightened-${name === 'majorChange' ? 'change' : 'complaint'}`, params: { on: state.on[name] ?? '' } }));
}

export function obligations(state: CaseState, ctx: PlanContext): Obligation[] {
  const list: Obligation[] = [];
  const certificate = state.certificate;
  if (!certificate) return list;
  const due = surveillanceDue({ ref: ctx.ref, state }, ctx.siblings);
  if (due) {
    // Names the surveillance period: two audits on one day still open two periods.
    const period = `${certificate.certificateNo}@${due.since}#${state.marks.surveillanceAudits ?? 0}`;
    const heightened = heightenedNotes(state, due.since);
    const notes = [...(due.explanation.notes ?? []), ...heightened];
    list.push({
      kind: 'surveillance-audit',
      rules: heightened.length ? [...due.rules, 'WA-7'] : due.rules,
      audience: 'applicant',
      opensOn: null,
      dueOn: due.dueOn,
      counting: 'calendar-days',
      estimatedYears: [],
      occurrence: period,
      explanation: notes.length ? { ...due.explanation, notes } : due.explanation,
    });
    // WA-8: the surveillance information is submitted 3 months before the audit: before the date
    // 网安联 fixed for it, when that comes earlier than the rule's latest date (seed 002 §6.3.2, §6.3.3).
    const infoSubmitted = state.on.surveillanceInfoSubmitted;
    if (!infoSubmitted || compareDates(infoSubmitted, due.since) < 0) {
      const scheduled = scheduledAudit(state, due.since);
      const byRule = addMonths(due.dueOn, -3);
      const bySchedule = scheduled ? addMonths(scheduled, -3) : null;
      const early = bySchedule !== null && compareDates(bySchedule, byRule) < 0;
      list.push({
        kind: 'surveillance-info',
        rules: early ? ['WA-8', 'WA-15'] : ['WA-8'],
        audience: 'applicant',
        opensOn: null,
        dueOn: early ? bySchedule : byRule,
        counting: 'calendar-days',
        estimatedYears: [],
        occurrence: period,
        explanation: early
          ? { key: 'surveillance-info-scheduled', params: { scheduledFor: scheduled ?? '', auditDueOn: due.dueOn, months: 3 } }
          : { key: 'surveillance-info', params: { auditDueOn: due.dueOn, months: 3 } },
      });
    }
    // WA-10, WA-12: an overdue audit lets staff suspend; at 6 months overdue the rules call for
    // revocation. It arises only once the audit is late, so it is shown from the day after its due date.
    list.push({
      kind: 'revocation-review',
      rules: ['WA-12', 'WA-10'],
      audience: 'staff',
      opensOn: addDays(due.dueOn, 1),
      dueOn: addMonths(due.dueOn, 6),
      shownFrom: addDays(due.dueOn, 1),
      counting: 'calendar-days',
      estimatedYears: [],
      occurrence: period,
      // The rules that set the audit date (WA-4 or WA-5, WA-6 when joint) travel with it, for the escalation.
      explanation: { key: 'revocation-review', params: { auditDueOn: due.dueOn, months: 6, auditRules: due.rules.join(', ') } },
    });
  }
  const suspended = state.on.suspended;
  if (state.stage === 'suspended' && suspended) {
    // WA-11: normally 3 months, never more than 6; WA-12: revoked if not corrected by then.
    list.push({
      kind: 'suspension-end',
      rules: ['WA-11', 'WA-12'],
      audience: 'staff',
      opensOn: addMonths(suspended, 3),
      dueOn: addMonths(suspended, 6),
      counting: 'calendar-days',
      estimatedYears: [],
      occurrence: suspended,
      explanation: { key: 'suspension-end', params: { suspendedOn: suspended, normalMonths: 3, maxMonths: 6 } },
    });
  }
  if (surveilled.includes(state.stage) && state.stage !== 'recertification') {
    // WA-9: the renewal application at least 3 months before expiry; later it is late, but the
    // certificate lapses only at expiry (seed 002 §7.2.1).
    const dueOn = addMonths(certificate.expiresOn, -3);
    list.push({
      kind: 'renewal',
      rules: ['WA-9'],
      audience: 'applicant',
      opensOn: null,
      dueOn,
      counting: 'calendar-days',
      estimatedYears: [],
      occurrence: certificate.certificateNo,
      explanation: withExpiryNotes({ key: 'renewal-wa', params: { dueOn, expiresOn: certificate.expiresOn, months: 3 } }, certificate),
    });
  }
  list.push(...lifecycleObligations(state, certificate, ctx.calendar));
  return list;
}


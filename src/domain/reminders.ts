// When applicants are reminded of an obligation. The schedule is the body's policy, not a scheme rule,
// except that each step is anchored on a date a rule gives. Each scheme declares its kinds' default
// schedules (Scheme.obligationKinds); the registry gathers them into the default policy.
import { addDays, addMonths, compareDates, daysBetween } from './calendar/calendar-date.js';
import type { IsoDate } from './calendar/calendar-date.js';
import type { CaseObligation, ObligationKind } from './case.js';

/** A point relative to the obligation's window opening or its due date (negative = before). */
export interface ReminderPoint {
  readonly from: 'opens' | 'due';
  readonly days?: number;
  readonly months?: number;
}

export interface ReminderRule {
  readonly points: readonly ReminderPoint[];
  /** Repeat every so many days after the window opens, until the due date (CN-9 pledge). */
  readonly repeatEveryDays?: number;
  /** One plain "this is now overdue" message the day after the due date. */
  readonly overdueNotice: boolean;
  /**
   * The kind is staff-side but its applicant is told of it all the same (WA-11: a suspension, which
   * only the holder's corrections end); without it a staff-side obligation is never reminded.
   */
  readonly staffSide?: boolean;
}

export type ReminderPolicy = Readonly<Partial<Record<ObligationKind, ReminderRule>>>;

export interface ReminderStep {
  /** Stable for the same obligation and policy, e.g. "due-14d", "opens", "repeat-2026-11-30", "overdue". */
  readonly id: string;
  readonly sendOn: IsoDate;
  readonly overdue: boolean;
}

/**
 * An obligation without a window of its own (the 网安联 renewal, WA-9) is reminded as if its window
 * opened three months before it is due.
 */
function windowOpens(o: CaseObligation): IsoDate {
  return o.opensOn ?? addMonths(o.dueOn, -3);
}

function pointId(p: ReminderPoint): string {
  const offset = p.months ? `${p.months}m` : p.days ? `${p.days}d` : '';
  return offset ? `${p.from}${offset.startsWith('-') ? '' : '+'}${offset}` : p.from;
}

/** Every reminder of an obligation under a policy, earliest first; none for staff-side kinds. */
export function reminderSchedule(o: CaseObligation, policy: ReminderPolicy): ReminderStep[] {
  const rule = policy[o.kind];
  // Staff-side deadlines are escalated to staff instead, unless the rule says the applicant is told (WA-11).
  if (!rule || (o.audience !== 'applicant' && !rule.staffSide)) return [];
  const opens = windowOpens(o);
  const steps = new Map<IsoDate, ReminderStep>();
  const add = (id: string, sendOn: IsoDate, overdue = false) => {
    // Two points on one day are one message; the first named wins.
    if (!steps.has(sendOn)) steps.set(sendOn, { id, sendOn, overdue });
  };
  for (const p of rule.points) {
    const anchor = p.from === 'opens' ? opens : o.dueOn;
    const sendOn = addDays(addMonths(anchor, p.months ?? 0), p.days ?? 0);
    if (compareDates(sendOn, o.dueOn) <= 0) add(pointId(p), sendOn);
  }
  if (rule.repeatEveryDays) {
    for (let d = addDays(opens, rule.repeatEveryDays); compareDates(d, o.dueOn) <= 0; d = addDays(d, rule.repeatEveryDays)) add(`repeat-${d}`, d);
  }
  if (rule.overdueNotice) add('overdue', addDays(o.dueOn, 1), true);
  return [...steps.values()].sort((a, b) => compareDates(a.sendOn, b.sendOn));
}

/**
 * The reminder a sweep on asOf should send: the latest step already due. Earlier steps that a sweep
 * missed (the service was down) are not sent late one by one; the latest one says everything that is
 * still true, with the days left counted on the day it goes out.
 */
export function reminderDue(o: CaseObligation, policy: ReminderPolicy, asOf: IsoDate): ReminderStep | null {
  // The latest step of reminderSchedule on or before asOf, found without building the schedule: a
  // sweep asks this of every open obligation. Ties go to the step named first, as in the schedule.
  const rule = policy[o.kind];
  if (!rule || (o.audience !== 'applicant' && !rule.staffSide)) return null;
  const opens = windowOpens(o);
  let best: ReminderStep | null = null;
  const consider = (id: string, sendOn: IsoDate, overdue: boolean) => {
    if (compareDates(sendOn, asOf) <= 0 && (!best || compareDates(sendOn, best.sendOn) > 0)) best = { id, sendOn, overdue };
  };
  for (const p of rule.points) {
    const sendOn = addDays(addMonths(p.from === 'opens' ? opens : o.dueOn, p.months ?? 0), p.days ?? 0);
    if (compareDates(sendOn, o.dueOn) <= 0) consider(pointId(p), sendOn, false);
  }
  if (rule.repeatEveryDays) {
    const until = compareDates(asOf, o.dueOn) < 0 ? asOf : o.dueOn;
    const repeats = Math.floor(daysBetween(opens, until) / rule.repeatEveryDays);
    if (repeats >= 1) {
      const last = addDays(opens, repeats * rule.repeatEveryDays);
      consider(`repeat-${last}`, last, false);
    }
  }
  if (rule.overdueNotice) consider('overdue', addDays(o.dueOn, 1), true);
  return best;
}

/**
 * nextReminder for many obligations on one day: obligations that share a kind and dates share a
 * schedule, worked out once (a plan of 280,000 obligations has some 4,000 distinct ones).
 */
export function nextReminders(policy: ReminderPolicy, asOf: IsoDate): (o: CaseObligation) => ReminderStep | null {
  const known = new Map<string, ReminderStep | null>();
  return (o) => {
    const key = `${o.kind} ${o.audience} ${o.opensOn ?? ''} ${o.dueOn}`;
    let step = known.get(key);
    if (step === undefined) known.set(key, (step = nextReminder(o, policy, asOf)));
    return step;
  };
}

/** The next reminder after asOf, for "see it before it happens". */
export function nextReminder(o: CaseObligation, policy: ReminderPolicy, asOf: IsoDate): ReminderStep | null {
  return reminderSchedule(o, policy).find((s) => compareDates(s.sendOn, asOf) > 0) ?? null;
}

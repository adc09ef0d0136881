// A deadline as an all-day calendar event, shared by the digest's attached calendar and the
// subscription feeds, so that both give the same deadline the same UID and a calendar app that has
// both updates one event instead of showing two.
import { createHash } from 'node:crypto';
import { ICalAlarmType } from 'ical-generator';
import type { ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import type { PlannedObligation } from '../../domain/obligations.js';

export interface DeadlineEvent {
  readonly obligation: Pick<PlannedObligation, 'caseRef' | 'kind' | 'occurrence' | 'dueOn'>;
  /** The zone whose calendar day the deadline is (Asia/Shanghai). */
  readonly zone: string;
  readonly stamp: Date;
  readonly summary: string;
  readonly description: string;
  readonly url?: string;
  /** Seconds before the day starts that a reminder fires; null for none. */
  readonly alarmBeforeS: number | null;
}

/** Stable per deadline: the same case, kind and occurrence keep their UID from one calendar to the next. */
export function deadlineUid(o: DeadlineEvent['obligation']): string {
  return `${createHash('sha256').update(`${o.caseRef}|${o.kind}|${o.occurrence}`).digest('hex').slice(0, 32)}@certbell`;
}

export function addDeadlineEvent(cal: ICalCalendar, event: DeadlineEvent): void {
  const day = DateTime.fromISO(event.obligation.dueOn, { zone: event.zone });
  cal.createEvent({
    id: deadlineUid(event.obligation),
    start: day,
    end: day.plus({ days: 1 }),
    allDay: true,
    timezone: event.zone,
    stamp: event.stamp,
    summary: event.summary,
    description: event.description,
    ...(event.url ? { url: event.url } : {}),
    alarms: event.alarmBeforeS === null ? [] : [{ type: ICalAlarmType.display, trigger: event.alarmBeforeS, description: event.summary }],
  });
}

/**
 * A TEXT value for a calendar property that ical-generator (pinned) writes as given: NAME and
 * X-WR-CALNAME. A line break from imported data would end the property and start another, which is
 * how a company name could add events of its own to an applicant's calendar (RFC 5545 3.1, 3.3.11);
 * so breaks and other control characters become spaces, and the TEXT escapes are applied.
 */
export function calendarText(value: string): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return oneLine.replace(/[\\;,]/g, (c) => `\\${c}`);
}

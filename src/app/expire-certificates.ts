// The daily lapse of certificates not renewed by their expiry (docs/rules.md, "Expiry without renewal";
// CN-11, CN-14, WA-9): each is recorded as an event by certbell itself, with its audit entry, so the
// case shows as expired everywhere and its obligations give way to the applicant's notice and the
// staff escalation that the expired stage owes.
import { addDays, compareDates, maxDate, todayIn } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput } from '../domain/case.js';
import { CERTIFICATE_EXPIRED } from '../domain/schemes/expiry.js';
import { schemeFor } from '../domain/schemes/registry.js';
import { applyEvent } from '../domain/schemes/scheme.js';
import type { Deps } from './ports.js';

export interface LapseFinder {
  /** The refs of cases with a certificate row, not yet ended, whose expiry is before `day`. */
  lapsedBefore(day: IsoDate): Promise<string[]>;
}

export interface ExpiryDeps extends Deps {
  readonly lapses: LapseFinder;
}

/** Who records a lapse in the history and the audit log. */
export const EXPIRY_ACTOR = 'certbell';

export interface ExpirySweep {
  readonly asOf: IsoDate;
  readonly expired: readonly { readonly ref: string; readonly date: IsoDate }[];
}

/**
 * Records `certificate-expired` on every case still holding a certificate whose last valid day is
 * before asOf, dated the day after that last day (or the case's last event, if later). A case changed
 * meanwhile by someone else is left for the next run.
 */
export async function expireCertificates(deps: ExpiryDeps, options: { readonly asOf?: IsoDate } = {}): Promise<ExpirySweep> {
  const now = deps.clock.now();
  const today = todayIn(now, deps.zone);
  // A sweep run "as of" a later day (a preview of reminders) never records a lapse that has not happened.
  const asOf = options.asOf && compareDates(options.asOf, today) < 0 ? options.asOf : today;
  const expired: { ref: string; date: IsoDate }[] = [];
  for (const ref of await deps.lapses.lapsedBefore(asOf)) {
    const record = await deps.cases.findByRef(ref);
    const certificate = record?.state.certificate;
    if (!record || !certificate || compareDates(certificate.expiresOn, asOf) >= 0) continue;
    const scheme = schemeFor(record.scheme);
    if (!scheme.events[CERTIFICATE_EXPIRED]?.from.includes(record.state.stage)) continue;
    const lapse = addDays(certificate.expiresOn, 1);
    const event: CaseEventInput = { type: CERTIFICATE_EXPIRED, date: record.state.lastEventOn ? maxDate(lapse, record.state.lastEventOn) : lapse };
    const next = applyEvent(scheme, record.state, event, deps.policy, 'live');
    if (!next.ok) continue;
    const saved = await deps.cases.save(
      [
        {
          ref: record.ref,
          scheme: record.scheme,
          organization: record.organization,
          serviceType: record.serviceType,
          level: next.value.level,
          contacts: [],
          newEvents: [event],
          state: next.value,
          create: false,
          expectedVersion: record.version,
        },
      ],
      [{ actor: EXPIRY_ACTOR, action: 'event.record', subject: record.ref, details: { ...event, certificateNo: certificate.certificateNo, expiresOn: certificate.expiresOn } }],
      now,
    );
    if (saved.ok) expired.push({ ref: record.ref, date: event.date });
  }
  return { asOf, expired };
}

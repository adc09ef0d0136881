import { addDays, addMonths, addYears, compareDates, isIsoDate } from '../calendar/calendar-date.js';
import type { IsoDate } from '../calendar/calendar-date.js';
import type { CaseEventInput, CaseState, CertificateFacts, Explanation } from '../case.js';
import type { Policy } from '../policy.js';
import type { DomainError } from '../result.js';

/** certificate-issued carries the certificate number and may carry its expiry. */
export function checkCertificateIssued(_state: CaseState, event: CaseEventInput): DomainError | null {
  const no = event.data?.certificateNo?.trim();
  if (!no) return { code: 'event/missing-field', params: { event: event.type, field: 'certificateNo' } };
  const expires = event.data?.expires;
  if (expires !== undefined) {
    if (!isIsoDate(expires)) return { code: 'date/invalid', params: { value: expires, field: 'expires' } };
    if (compareDates(expires, event.date) <= 0) {
      return { code: 'certificate/expires-before-issue', params: { expires, issued: event.date } };
    }
  }
  return null;
}

/** CN-11, WA-9: a certificate is valid for 3 years; without a stated expiry the policy computes it. */
export function issueCertificate(state: CaseState, event: CaseEventInput, policy: Policy): CertificateFacts {
  const { years, minusDays } = policy.certificateValidity;
  const printed = event.data?.expires;
  return {
    certificateNo: (event.data?.certificateNo ?? '').trim(),
    issuedOn: event.date,
    expiresOn: printed ?? addDays(addYears(event.date, years), -minusDays),
    level: state.level,
    ...(printed ? {} : { expiryComputed: true }),
  };
}

/**
 * CN-11, WA-9: an expiry computed from the issue date is this body's policy, not a fact; every
 * explanation that uses it says so and asks staff to confirm it from the certificate.
 */
export function expiryNotes(certificate: CertificateFacts): Explanation[] {
  return certificate.expiryComputed
    ? [{ key: 'expiry-computed', params: { expiresOn: certificate.expiresOn, issuedOn: certificate.issuedOn } }]
    : [];
}

/** An explanation with the expiry note added when the expiry it uses was computed. */
export function withExpiryNotes(explanation: Explanation, certificate: CertificateFacts): Explanation {
  const notes = [...(explanation.notes ?? []), ...expiryNotes(certificate)];
  return notes.length ? { ...explanation, notes } : explanation;
}

/**
 * The n-th anniversary of the issue date. A certificate issued on 29 February has its anniversary
 * on 28 February in common years (the month-end rule of Civil Code Art. 202).
 */
export function anniversary(certificate: CertificateFacts, n: number): IsoDate {
  return addYears(certificate.issuedOn, n);
}

/**
 * CN-12: the annual inspections a certificate owes are the anniversaries that fall before its expiry
 * (strictly: a certificate printed to expire on its 3rd anniversary owes the 1st and 2nd, not a 3rd on
 * its expiry day, where renewal under CN-14 takes over).
 */
export function inspectionAnniversaries(certificate: CertificateFacts): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let n = 1; compareDates(anniversary(certificate, n), certificate.expiresOn) < 0; n++) {
    dates.push(anniversary(certificate, n));
  }
  return dates;
}

/** CN-12: the window of an annual inspection opens one month before its anniversary. */
export function inspectionWindowOpens(anniversaryOn: IsoDate): IsoDate {
  return addMonths(anniversaryOn, -1);
}

/**
 * CN-12: "每年在证书签发之日前一个月内" puts the inspection before the anniversary, so its last day is
 * the day before it (the applicant's safe side; seed 000 §五).
 */
export function inspectionLastDay(anniversaryOn: IsoDate): IsoDate {
  return addDays(anniversaryOn, -1);
}

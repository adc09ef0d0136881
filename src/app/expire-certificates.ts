// The daily lapse of certificates not renewed by their expiry (docs/rules.md, "Expiry without renewal";
// CN-11, CN-14, WA-9): each is recorded as an event by certbell itself, with its audit entry, so the
// case shows as expired everywhere and its obligations give way to the applicant's notice and the
// staff escalation that the expired stage owes.
import { addDays, compareDates, maxDate, todayIn } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput, CaseState } from '../domain/case.js';
import { CERTIFICATE_EXPIRED } from '../domain/schemes/expiry.js';
import { schemeFor } from '../domain/schemes/registry.js';
import { applyEvent } from '../domain/schemes/scheme.js';
import type { AuditInput, Deps, ImportWrite, StoredCase } from './ports.js';

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
 * Lapses recorded per transaction: set-based writes, and a case changed meanwhile delays only its own
 * chunk. Small enough that no statement of a chunk holds a service's event loop for long (SQLite runs
 * each one synchronously): at 500, rewriting a chunk's obligations took up to a quarter of a second.
 */
const EXPIRY_CHUNK = 100;

/**
 * Records `certificate-expired` on every case still holding a certificate whose last valid day is
 * before asOf, dated the day after that last day (or the case's last event, if later). Written in
 * bulk, chunk by chunk, through the import's set-based store: a service started on a whole register
 * may find thousands. A chunk in which a case changed meanwhile is left for the next run.
 */
export async function expireCertificates(deps: ExpiryDeps, options: { readonly asOf?: IsoDate } = {}): Promise<ExpirySweep> {
  const now = deps.clock.now();
  const today = todayIn(now, deps.zone);
  // A sweep run "as of" a later day (a preview of reminders) never records a lapse that has not happened.
  const asOf = options.asOf && compareDates(options.asOf, today) < 0 ? options.asOf : today;
  const expired: { ref: string; date: IsoDate }[] = [];
  const refs = await deps.lapses.lapsedBefore(asOf);
  for (let i = 0; i < refs.length; i += EXPIRY_CHUNK) {
    const recorded: { ref: string; date: IsoDate }[] = [];
    const result = await deps.cases.imports.transaction(
      async (tx) => {
        const stored = await tx.casesByRef(refs.slice(i, i + EXPIRY_CHUNK));
        const writes: ImportWrite[] = [];
        const audit: AuditInput[] = [];
        for (const record of stored.values()) {
          const lapse = lapseOf(deps, record, asOf);
          if (!lapse) continue;
          writes.push({
            ref: record.ref,
            scheme: record.scheme,
            organization: record.organization,
            serviceType: record.serviceType,
            level: lapse.state.level,
            contacts: [],
            replaceContacts: false,
            newEvents: [lapse.event],
            state: lapse.state,
            stored: { id: record.id, version: record.version, organizationId: record.organizationId },
          });
          audit.push({ actor: EXPIRY_ACTOR, action: 'event.record', subject: record.ref, details: { ...lapse.event, certificateNo: lapse.certificateNo, expiresOn: lapse.expiresOn } });
          recorded.push({ ref: record.ref, date: lapse.event.date });
        }
        if (writes.length) await tx.write(writes, audit);
      },
      now,
      EXPIRY_ACTOR,
    );
    if (result.ok) expired.push(...recorded);
  }
  return { asOf, expired };
}

/** The lapse a stored case owes on asOf, with the state it leads to; null when it owes none. */
function lapseOf(deps: Deps, record: StoredCase, asOf: IsoDate): { event: CaseEventInput; state: CaseState; certificateNo: string; expiresOn: IsoDate } | null {
  const certificate = record.state.certificate;
  if (!certificate || compareDates(certificate.expiresOn, asOf) >= 0) return null;
  const scheme = schemeFor(record.scheme);
  if (!scheme.events[CERTIFICATE_EXPIRED]?.from.includes(record.state.stage)) return null;
  const lapse = addDays(certificate.expiresOn, 1);
  const event: CaseEventInput = { type: CERTIFICATE_EXPIRED, date: record.state.lastEventOn ? maxDate(lapse, record.state.lastEventOn) : lapse };
  const next = applyEvent(scheme, record.state, event, deps.policy, 'live');
  return next.ok ? { event, state: next.value, certificateNo: certificate.certificateNo, expiresOn: certificate.expiresOn } : null;
}

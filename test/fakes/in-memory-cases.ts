// An in-memory CaseRepository with the same all-or-nothing and version rules as the Prisma one.
import type { ImportLookup, ImportStore, ImportWrite, StoredCase } from '../../src/app/import-ports.js';
import type { AuditInput, CaseRecord, CaseRepository, CaseWrite, ObligationQuery, RecordedEvent } from '../../src/app/ports.js';
import { compareDates } from '../../src/domain/calendar/calendar-date.js';
import { computeObligations, planFrom, sortByDue } from '../../src/domain/obligations.js';
import type { CaseObligation, PlannedCase, PlannedObligation, RuleContext } from '../../src/domain/obligations.js';
import type { DomainError, Result } from '../../src/domain/result.js';

interface Stored {
  record: CaseRecord;
  events: RecordedEvent[];
}

export class InMemoryCases implements CaseRepository {
  readonly cases = new Map<string, Stored>();
  readonly audit: (AuditInput & { at: Date })[] = [];
  private readonly organizations = new Map<string, string>();
  private stored: CaseObligation[] = [];
  private fingerprint: string | null = null;
  private nextId = 1;

  constructor(private readonly rules: RuleContext) {}

  async findByRef(ref: string): Promise<CaseRecord | null> {
    return this.cases.get(ref)?.record ?? null;
  }

  async history(caseId: string): Promise<RecordedEvent[]> {
    for (const stored of this.cases.values()) if (stored.record.id === caseId) return [...stored.events];
    return [];
  }

  async save(writes: readonly CaseWrite[], audit: readonly AuditInput[], at: Date): Promise<Result<void, DomainError & { ref?: string }>> {
    // Check everything first so that a refusal leaves nothing half-written.
    const certificates = new Map<string, string>();
    for (const s of this.cases.values()) if (s.record.state.certificate) certificates.set(`${s.record.scheme}:${s.record.state.certificate.certificateNo}`, s.record.ref);
    for (const w of writes) {
      const stored = this.cases.get(w.ref);
      if (w.create && stored) return { ok: false, error: { code: 'case/exists', params: { ref: w.ref }, ref: w.ref } };
      if (!w.create && !stored) return { ok: false, error: { code: 'case/not-found', params: { ref: w.ref }, ref: w.ref } };
      if (stored && stored.record.version !== w.expectedVersion) return { ok: false, error: { code: 'case/concurrent-change', params: { ref: w.ref }, ref: w.ref } };
      const cert = w.state.certificate;
      const holder = cert && certificates.get(`${w.scheme}:${cert.certificateNo}`);
      if (cert && holder && holder !== w.ref) {
        return { ok: false, error: { code: 'certificate/duplicate', params: { certificateNo: cert.certificateNo, ref: w.ref }, ref: w.ref } };
      }
      if (cert) certificates.set(`${w.scheme}:${cert.certificateNo}`, w.ref);
    }
    for (const w of writes) {
      const stored = this.cases.get(w.ref);
      const organizationId = this.organizations.get(w.organization.name) ?? `org-${this.nextId++}`;
      this.organizations.set(w.organization.name, organizationId);
      const events = [...(stored?.events ?? [])];
      for (const e of w.newEvents) events.push({ ...e, seq: events.length + 1, recordedAt: at, recordedBy: audit[0]?.actor ?? 'system' });
      const contacts = [...(stored?.record.contacts ?? [])];
      for (const c of w.contacts) if (!contacts.some((k) => k.email === c.email)) contacts.push({ ...c, id: `contact-${this.nextId++}` });
      this.cases.set(w.ref, {
        events,
        record: {
          id: stored?.record.id ?? `case-${this.nextId++}`,
          ref: w.ref,
          scheme: w.scheme,
          organizationId,
          organization: w.organization,
          serviceType: w.serviceType,
          level: w.state.level,
          state: w.state,
          version: events.length,
          contacts,
        },
      });
    }
    for (const a of audit) this.audit.push({ ...a, at });
    // Like the real repository: the touched organisations' obligations are recomputed (WA-6).
    const organizations = new Set(writes.map((w) => this.organizations.get(w.organization.name)));
    const touched = [...this.cases.values()].filter((s) => organizations.has(s.record.organizationId)).map((s) => planned(s.record));
    const refs = new Set(touched.map((c) => c.ref));
    this.stored = this.stored.filter((o) => !refs.has(o.caseRef)).concat(computeObligations(touched, this.rules));
    return { ok: true, value: undefined };
  }

  async *obligations(query: ObligationQuery): AsyncIterable<PlannedObligation[]> {
    yield planFrom(
      sortByDue(
      this.stored.filter(
        (o) =>
          (!o.shownFrom || compareDates(o.shownFrom, query.asOf) <= 0) &&
          (!query.dueBy || compareDates(o.dueOn, query.dueBy) <= 0) &&
          (!query.caseRef || o.caseRef === query.caseRef),
      ),
      ),
      { asOf: query.asOf },
    );
  }

  /** Imports through save(): the same checks, all or nothing; header changes replace the stored header. */
  readonly imports: ImportStore = {
    casesByRef: (refs) => this.lookup.casesByRef(refs),
    certificateHolders: (certificates) => this.lookup.certificateHolders(certificates),
    transaction: async (work, at, actor) => {
      const writes: ImportWrite[] = [];
      const audit: AuditInput[] = [];
      await work({
        ...this.lookup,
        write: async (w, a) => {
          writes.push(...w);
          audit.push(...a);
        },
      });
      const saved = await this.save(
        writes.map((w) => ({ ...w, create: !w.stored, expectedVersion: w.stored?.version ?? 0 })),
        audit.length ? audit : [{ actor, action: 'case.import', subject: '', details: {} }],
        at,
      );
      return saved.ok ? { ok: true } : { ok: false, error: saved.error };
    },
  };

  private get lookup(): ImportLookup {
    return {
      casesByRef: async (refs) => {
        const found = new Map<string, StoredCase>();
        for (const ref of refs) {
          const s = this.cases.get(ref);
          if (s) found.set(ref, { ...s.record, events: s.events.map(({ type, date, data }) => (data ? { type, date, data } : { type, date })) });
        }
        return found;
      },
      certificateHolders: async (certificates) => {
        const holders = new Map<string, string>();
        const wanted = new Set(certificates.map((c) => `${c.scheme} ${c.certificateNo}`));
        for (const s of this.cases.values()) {
          const key = s.record.state.certificate && `${s.record.scheme} ${s.record.state.certificate.certificateNo}`;
          if (key && wanted.has(key)) holders.set(key, s.record.ref);
        }
        return holders;
      },
    };
  }

  async refreshObligations(fingerprint: string): Promise<{ refreshed: boolean; cases: number; obligations: number }> {
    if (fingerprint === this.fingerprint) return { refreshed: false, cases: 0, obligations: 0 };
    const all = [...this.cases.values()].map((s) => planned(s.record));
    this.stored = computeObligations(all, this.rules);
    this.fingerprint = fingerprint;
    return { refreshed: true, cases: all.length, obligations: this.stored.length };
  }

}

function planned(record: CaseRecord): PlannedCase {
  return { ref: record.ref, organizationId: record.organizationId, state: record.state };
}

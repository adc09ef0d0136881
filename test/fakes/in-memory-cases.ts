// An in-memory CaseRepository with the same all-or-nothing and version rules as the Prisma one.
import type { AuditInput, CaseRecord, CaseRepository, CaseWrite, RecordedEvent } from '../../src/app/ports.js';
import type { PlannedCase } from '../../src/domain/obligations.js';
import type { DomainError, Result } from '../../src/domain/result.js';

interface Stored {
  record: CaseRecord;
  events: RecordedEvent[];
}

export class InMemoryCases implements CaseRepository {
  readonly cases = new Map<string, Stored>();
  readonly audit: (AuditInput & { at: Date })[] = [];
  private readonly organizations = new Map<string, string>();
  private nextId = 1;

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
    return { ok: true, value: undefined };
  }

  async organizationCases(organizationId: string): Promise<PlannedCase[]> {
    return [...this.cases.values()].filter((s) => s.record.organizationId === organizationId).map((s) => planned(s.record));
  }

  async *planningBatches(batchSize: number): AsyncIterable<PlannedCase[]> {
    const all = [...this.cases.values()].map((s) => planned(s.record)).sort((a, b) => a.organizationId.localeCompare(b.organizationId) || a.ref.localeCompare(b.ref));
    // Like the real repository: an organisation's cases never straddle two batches (WA-6).
    let batch: PlannedCase[] = [];
    for (const c of all) {
      if (batch.length >= batchSize && batch.at(-1)?.organizationId !== c.organizationId) {
        yield batch;
        batch = [];
      }
      batch.push(c);
    }
    if (batch.length) yield batch;
  }
}

function planned(record: CaseRecord): PlannedCase {
  return { ref: record.ref, organizationId: record.organizationId, state: record.state };
}

import { compareDates, todayIn } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput } from '../domain/case.js';
import type { DomainError } from '../domain/result.js';
import { foldEvents, initialState } from '../domain/schemes/scheme.js';
import { schemeFor } from '../domain/schemes/registry.js';
import type { AuditInput, CaseRecord, CaseWrite, Deps, RecordedEvent } from './ports.js';
import { parseEventInput, validateCaseHeader } from './validate-case.js';
import type { CaseHeaderInput, EventInputFields } from './validate-case.js';

/** Where in a file something came from, so that an error can point at it. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based line of a CSV row. */
  readonly line?: number;
  /** A JSON path such as "cases[3].events[1]". */
  readonly path?: string;
}

export interface ImportItem {
  readonly source: SourceLocation;
  readonly header: CaseHeaderInput;
  readonly events: readonly { readonly source: SourceLocation; readonly fields: EventInputFields }[];
}

export interface ImportProblem {
  readonly source: SourceLocation;
  readonly ref: string | null;
  readonly field: string | null;
  readonly error: DomainError;
}

export interface ImportSummary {
  readonly created: string[];
  readonly extended: string[];
  readonly unchanged: string[];
}

export type ImportResult = { readonly ok: true; readonly value: ImportSummary } | { readonly ok: false; readonly problems: ImportProblem[] };

/**
 * Imports whole cases with their histories. Histories are folded in history mode (earlier steps may be
 * missing). Idempotent by ref: a case already stored must have a history that the file's extends.
 * Either every case is written, in one transaction, or none is and every problem is reported.
 */
export async function importCases(deps: Deps, items: readonly ImportItem[], actor: string): Promise<ImportResult> {
  const today = todayIn(deps.clock.now(), deps.zone);
  const problems: ImportProblem[] = [];
  const writes: CaseWrite[] = [];
  const audit: AuditInput[] = [];
  const summary: ImportSummary = { created: [], extended: [], unchanged: [] };
  const seen = new Map<string, SourceLocation>();

  for (const item of items) {
    const checked = validateCaseHeader(item.header);
    if (!checked.header) {
      const ref = typeof item.header.ref === 'string' ? item.header.ref : null;
      for (const e of checked.errors) problems.push({ source: item.source, ref, field: e.field, error: e });
      continue;
    }
    const header = checked.header;
    const first = seen.get(header.ref);
    if (first) {
      problems.push({ source: item.source, ref: header.ref, field: 'ref', error: { code: 'import/duplicate-ref', params: { ref: header.ref, line: first.line ?? first.path ?? '' } } });
      continue;
    }
    seen.set(header.ref, item.source);

    const events: CaseEventInput[] = [];
    let bad = false;
    for (const e of item.events) {
      const parsed = parseEventInput(e.fields);
      if (!parsed.event) {
        problems.push({ source: e.source, ref: header.ref, field: parsed.error.field, error: parsed.error });
        bad = true;
      } else if (compareDates(parsed.event.date, today) > 0) {
        problems.push({ source: e.source, ref: header.ref, field: 'date', error: { code: 'event/in-future', params: { date: parsed.event.date, today } } });
        bad = true;
      } else {
        events.push(parsed.event);
      }
    }
    if (bad) continue;

    const scheme = schemeFor(header.scheme);
    const folded = foldEvents(scheme, initialState(scheme, header.level, header.serviceType), events, deps.policy, 'history');
    if (!folded.ok) {
      const at = item.events[folded.error.index]?.source ?? item.source;
      problems.push({ source: at, ref: header.ref, field: 'type', error: folded.error });
      continue;
    }

    const existing = await deps.cases.findByRef(header.ref);
    const stored = existing ? await deps.cases.history(existing.id) : [];
    const conflict = existing && historyConflict(existing, header.scheme, stored, events);
    if (conflict) {
      problems.push({ source: item.source, ref: header.ref, field: conflict.field, error: conflict });
      continue;
    }
    const newEvents = events.slice(stored.length);
    const knownEmails = new Set(existing?.contacts.map((c) => c.email) ?? []);
    const newContacts = header.contacts.filter((c) => !knownEmails.has(c.email));
    if (existing && newEvents.length === 0 && newContacts.length === 0) {
      summary.unchanged.push(header.ref);
      continue;
    }
    (existing ? summary.extended : summary.created).push(header.ref);
    writes.push({ ...header, contacts: newContacts, newEvents, state: folded.value, create: !existing, expectedVersion: existing?.version ?? 0 });
    audit.push({
      actor,
      action: existing ? 'case.import-extend' : 'case.import',
      subject: header.ref,
      details: { file: item.source.file, events: newEvents.length, contacts: newContacts.length },
    });
  }

  if (problems.length) return { ok: false, problems };
  if (writes.length) {
    const saved = await deps.cases.save(writes, audit, deps.clock.now());
    if (!saved.ok) {
      const ref = saved.error.ref ?? null;
      const source = items.find((i) => i.header.ref === ref)?.source ?? { file: items[0]?.source.file ?? '' };
      return { ok: false, problems: [{ source, ref, field: null, error: saved.error }] };
    }
  }
  return { ok: true, value: summary };
}

function historyConflict(
  existing: CaseRecord,
  scheme: string,
  stored: readonly RecordedEvent[],
  incoming: readonly CaseEventInput[],
): (DomainError & { field: string }) | null {
  if (existing.scheme !== scheme) {
    return { field: 'scheme', code: 'import/scheme-mismatch', params: { ref: existing.ref, stored: existing.scheme, value: scheme } };
  }
  for (const [i, event] of stored.entries()) {
    const other = incoming[i];
    if (!other || !sameEvent(event, other)) {
      return {
        field: 'events',
        code: 'import/history-conflict',
        params: { ref: existing.ref, position: i + 1, stored: `${event.type} ${event.date}`, value: other ? `${other.type} ${other.date}` : '—' },
      };
    }
  }
  return null;
}

function sameEvent(a: CaseEventInput, b: CaseEventInput): boolean {
  const fields = ['certificateNo', 'expires', 'level', 'note'] as const;
  return a.type === b.type && a.date === b.date && fields.every((f) => a.data?.[f] === b.data?.[f]);
}

// Decides, chunk by chunk, what an import does with each case of a file: refuse it (with every
// reason and its place), create it, extend its history, change it (only when asked) or leave it.
// The same decisions are taken when the file is checked and again inside the writing transaction,
// so that what is written is exactly what was checked.
import { compareDates } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput, CaseState } from '../domain/case.js';
import type { Policy } from '../domain/policy.js';
import type { DomainError } from '../domain/result.js';
import { LEVEL_CHANGED, foldEvents, initialState } from '../domain/schemes/scheme.js';
import { schemeFor } from '../domain/schemes/registry.js';
import { caseDifferences, type CaseDifference } from './case-differences.js';
import type { ImportItem, ImportLookup, ImportWrite, SourceLocation, StoredCase } from './import-ports.js';
import type { AuditInput } from './ports.js';
import { parseEventInput, validateCaseHeader, type CaseHeader } from './validate-case.js';

export interface ImportProblem {
  readonly source: SourceLocation;
  readonly ref: string | null;
  readonly field: string | null;
  readonly error: DomainError;
}

/** What one case of the file comes to, for a preview. */
export type CaseOutcome =
  | { readonly kind: 'created'; readonly ref: string; readonly source: SourceLocation; readonly events: readonly CaseEventInput[] }
  | { readonly kind: 'extended'; readonly ref: string; readonly source: SourceLocation; readonly newEvents: readonly CaseEventInput[]; readonly newContacts: readonly string[] }
  | { readonly kind: 'changed'; readonly ref: string; readonly source: SourceLocation; readonly differences: readonly CaseDifference[]; readonly newEvents: readonly CaseEventInput[] }
  | { readonly kind: 'unchanged'; readonly ref: string; readonly source: SourceLocation };

export interface ChunkPlan {
  readonly problems: ImportProblem[];
  readonly outcomes: CaseOutcome[];
  readonly writes: ImportWrite[];
  readonly audit: AuditInput[];
}

/** What the decisions of a whole file share across its chunks. */
export interface ImportRun {
  readonly today: IsoDate;
  readonly policy: Policy;
  readonly actor: string;
  readonly applyChanges: boolean;
  /** Refs seen so far in the file, with their place (a ref twice is refused). */
  readonly refs: Map<string, SourceLocation>;
  /** Certificate numbers seen so far, by `${scheme} ${certificateNo}`, with their ref. */
  readonly certificates: Map<string, string>;
}

export function newImportRun(today: IsoDate, policy: Policy, actor: string, applyChanges: boolean): ImportRun {
  return { today, policy, actor, applyChanges, refs: new Map(), certificates: new Map() };
}

interface Checked {
  readonly item: ImportItem;
  readonly header: CaseHeader;
  readonly events: CaseEventInput[];
  readonly state: CaseState;
}

/** Every check that needs nothing stored: fields, dates, the history folded in history mode. */
function checkItem(run: ImportRun, item: ImportItem, problems: ImportProblem[]): Checked | null {
  const checked = validateCaseHeader(item.header);
  if (!checked.header) {
    const ref = typeof item.header.ref === 'string' ? item.header.ref : null;
    for (const e of checked.errors) problems.push({ source: item.source, ref, field: e.field, error: e });
    return null;
  }
  const header = checked.header;
  const first = run.refs.get(header.ref);
  if (first) {
    problems.push({ source: item.source, ref: header.ref, field: 'ref', error: { code: 'import/duplicate-ref', params: { ref: header.ref, line: first.line ?? first.path ?? '' } } });
    return null;
  }
  run.refs.set(header.ref, item.source);
  const events: CaseEventInput[] = [];
  let bad = false;
  for (const e of item.events) {
    const parsed = parseEventInput(e.fields);
    if (!parsed.event) {
      problems.push({ source: e.source, ref: header.ref, field: parsed.error.field, error: parsed.error });
      bad = true;
    } else if (compareDates(parsed.event.date, run.today) > 0) {
      problems.push({ source: e.source, ref: header.ref, field: 'date', error: { code: 'event/in-future', params: { date: parsed.event.date, today: run.today } } });
      bad = true;
    } else {
      events.push(parsed.event);
    }
  }
  if (bad) return null;
  const scheme = schemeFor(header.scheme);
  const folded = foldEvents(scheme, initialState(scheme, header.level, header.serviceType), events, run.policy, 'history');
  if (!folded.ok) {
    problems.push({ source: item.events[folded.error.index]?.source ?? item.source, ref: header.ref, field: 'type', error: folded.error });
    return null;
  }
  return { item, header, events, state: folded.value };
}

/** The first stored event the file contradicts; a file that stops short of the stored history adds nothing. */
function historyConflict(stored: StoredCase, incoming: readonly CaseEventInput[]): DomainError | null {
  // Level corrections are the certification body's own, never in a register.
  const recorded = stored.events.filter((e) => e.type !== LEVEL_CHANGED);
  for (const [i, event] of recorded.entries()) {
    const other = incoming[i];
    if (!other) return null;
    if (!sameEvent(event, other)) {
      return {
        code: 'import/history-conflict',
        params: { ref: stored.ref, position: i + 1, stored: `${event.type} ${event.date}`, value: `${other.type} ${other.date}` },
      };
    }
  }
  return null;
}

function sameEvent(a: CaseEventInput, b: CaseEventInput): boolean {
  const fields = ['certificateNo', 'expires', 'level', 'note'] as const;
  return a.type === b.type && a.date === b.date && fields.every((f) => a.data?.[f] === b.data?.[f]);
}

/** The refs and certificate numbers a chunk needs looked up. */
export function chunkKeys(run: ImportRun, items: readonly ImportItem[]): { refs: string[]; problems: ImportProblem[]; checked: Checked[] } {
  const problems: ImportProblem[] = [];
  const checked: Checked[] = [];
  for (const item of items) {
    const c = checkItem(run, item, problems);
    if (c) checked.push(c);
  }
  return { refs: checked.map((c) => c.header.ref), problems, checked };
}

/** Decides every case of a chunk, looking up what is stored in two set-based queries. */
export async function planChunk(run: ImportRun, items: readonly ImportItem[], lookup: ImportLookup): Promise<ChunkPlan> {
  const { refs, problems, checked } = chunkKeys(run, items);
  const certificates = checked.flatMap((c) => (c.state.certificate ? [{ scheme: c.header.scheme, certificateNo: c.state.certificate.certificateNo }] : []));
  const [stored, holders] = await Promise.all([lookup.casesByRef(refs), lookup.certificateHolders(certificates)]);
  const plan: ChunkPlan = { problems, outcomes: [], writes: [], audit: [] };
  for (const c of checked) decide(run, c, stored.get(c.header.ref), holders, plan);
  return plan;
}

function decide(run: ImportRun, c: Checked, stored: StoredCase | undefined, holders: Map<string, string>, plan: ChunkPlan): void {
  const { header, item } = c;
  const problem = (field: string | null, error: DomainError) => plan.problems.push({ source: item.source, ref: header.ref, field, error });
  const certificate = c.state.certificate;
  if (certificate) {
    const key = `${header.scheme} ${certificate.certificateNo}`;
    const holder = holders.get(key) ?? run.certificates.get(key);
    if (holder && holder !== header.ref) return void problem('certificateNo', { code: 'certificate/duplicate', params: { certificateNo: certificate.certificateNo, ref: holder } });
    run.certificates.set(key, header.ref);
  }
  const file = item.source.file;
  if (!stored) {
    plan.outcomes.push({ kind: 'created', ref: header.ref, source: item.source, events: c.events });
    plan.writes.push({ ...header, replaceContacts: false, newEvents: c.events, state: c.state });
    plan.audit.push({ actor: run.actor, action: 'case.import', subject: header.ref, details: { file, events: c.events.length, contacts: header.contacts.length } });
    return;
  }
  if (stored.scheme !== header.scheme) return void problem('scheme', { code: 'import/scheme-mismatch', params: { ref: header.ref, stored: stored.scheme, value: header.scheme } });
  const conflict = historyConflict(stored, c.events);
  if (conflict) return void problem('events', conflict);
  const differences = caseDifferences(stored, header);
  if (differences.length && !run.applyChanges) {
    for (const d of differences) problem(d.field, { code: 'import/differs', params: { ref: header.ref, field: d.field, stored: d.stored, value: d.value } });
    return;
  }
  const known = stored.events.filter((e) => e.type !== LEVEL_CHANGED).length;
  const newEvents = c.events.slice(known);
  // A level change is an event of the case's history, not an edit of its header.
  if (differences.some((d) => d.field === 'level')) newEvents.push({ type: LEVEL_CHANGED, date: run.today, data: { level: header.level } });
  const linked = new Set(stored.contacts.map((k) => k.email));
  const newContacts = header.contacts.filter((k) => !linked.has(k.email));
  if (!differences.length && !newEvents.length && !newContacts.length && !(header.organization.province && !stored.organization.province)) {
    plan.outcomes.push({ kind: 'unchanged', ref: header.ref, source: item.source });
    return;
  }
  const folded = foldEvents(schemeFor(stored.scheme), stored.state, newEvents, run.policy, 'history');
  if (!folded.ok) {
    const at = item.events[known + folded.error.index]?.source ?? item.source;
    return void plan.problems.push({ source: at, ref: header.ref, field: 'type', error: folded.error });
  }
  const state = { ...folded.value, serviceType: header.serviceType };
  const changed = differences.length > 0;
  plan.writes.push({
    ...header,
    contacts: changed ? header.contacts : newContacts,
    replaceContacts: changed && differences.some((d) => d.field === 'contact'),
    newEvents,
    state,
    stored: { id: stored.id, version: stored.version, organizationId: stored.organizationId },
  });
  if (changed) {
    plan.outcomes.push({ kind: 'changed', ref: header.ref, source: item.source, differences, newEvents });
    plan.audit.push({ actor: run.actor, action: 'case.import-change', subject: header.ref, details: { file, differences, events: newEvents.length } });
  } else {
    plan.outcomes.push({ kind: 'extended', ref: header.ref, source: item.source, newEvents, newContacts: newContacts.map((k) => k.email) });
    plan.audit.push({ actor: run.actor, action: 'case.import-extend', subject: header.ref, details: { file, events: newEvents.length, contacts: newContacts.length } });
  }
}

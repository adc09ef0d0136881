import { todayIn } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { Result } from '../domain/result.js';
import type { CaseRecord, Deps, RecordedEvent } from './ports.js';
import { notFound } from './record-event.js';

export interface CaseView {
  readonly record: CaseRecord;
  readonly history: readonly RecordedEvent[];
  readonly asOf: IsoDate;
  readonly obligations: readonly PlannedObligation[];
}

export async function showCase(deps: Deps, ref: string, asOf?: IsoDate): Promise<Result<CaseView>> {
  const record = await deps.cases.findByRef(ref);
  if (!record) return { ok: false, error: notFound(ref) };
  const day = asOf ?? todayIn(deps.clock.now(), deps.zone);
  const obligations: PlannedObligation[] = [];
  for await (const page of deps.cases.obligations({ asOf: day, caseRef: record.ref })) obligations.push(...page);
  return { ok: true, value: { record, history: await deps.cases.history(record.id), asOf: day, obligations } };
}

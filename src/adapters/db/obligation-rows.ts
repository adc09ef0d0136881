// Obligations as stored rows: one mapping for every writer (the case repository, imports).
import { newRowId } from './row-id.js';
import type { CaseObligation } from '../../domain/obligations.js';

export function obligationRecord(o: CaseObligation, caseId: string) {
  return {
    id: newRowId(),
    caseId,
    caseRef: o.caseRef,
    scheme: o.scheme,
    kind: o.kind,
    audience: o.audience,
    occurrence: o.occurrence,
    opensOn: o.opensOn,
    dueOn: o.dueOn,
    shownFrom: o.shownFrom ?? null,
    counting: o.counting,
    rules: o.rules.join(','),
    estimatedYears: o.estimatedYears.join(','),
    explanation: JSON.stringify(o.explanation),
  };
}

type ObligationRecord = ReturnType<typeof obligationRecord>;
export const obligationColumns = [
  'id',
  'caseId',
  'caseRef',
  'scheme',
  'kind',
  'audience',
  'occurrence',
  'opensOn',
  'dueOn',
  'shownFrom',
  'counting',
  'rules',
  'estimatedYears',
  'explanation',
] as const satisfies readonly (keyof ObligationRecord)[];

export const obligationReadColumns = obligationColumns
  .filter((c) => c !== 'id' && c !== 'caseId')
  .map((c) => `"${c}"`)
  .join(', ');

export function obligationRow(o: CaseObligation, caseId: string): (string | null)[] {
  const record = obligationRecord(o, caseId);
  return obligationColumns.map((c) => record[c]);
}

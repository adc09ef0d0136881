// Obligations as stored rows: one mapping for every writer (the case repository, imports).
import { newRowId } from './row-id.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { Explanation, ObligationKind, SchemeId } from '../../domain/case.js';
import { obligationStatus } from '../../domain/obligations.js';
import type { CaseObligation, PlannedObligation } from '../../domain/obligations.js';

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

export interface ObligationRow {
  caseRef: string;
  scheme: string;
  kind: string;
  audience: string;
  occurrence: string;
  opensOn: string | null;
  dueOn: string;
  shownFrom: string | null;
  counting: string;
  rules: string;
  estimatedYears: string;
  explanation: string;
}

// A plan maps some 250,000 rows: the handful of distinct rule lists are shared, not split every time.
const ruleLists = new Map<string, CaseObligation['rules']>();
const noYears: readonly number[] = Object.freeze([]);

// The same explanation is stored for every obligation that shares a kind and dates (some 20,000
// distinct among 280,000 at register size): each is parsed once and shared, read-only, so that what
// renders it can remember its text by identity.
const explanations = new Map<string, Explanation>();
const EXPLANATIONS_KEPT = 50_000;

function explanationOf(text: string): Explanation {
  let explanation = explanations.get(text);
  if (!explanation) {
    if (explanations.size >= EXPLANATIONS_KEPT) explanations.clear();
    explanations.set(text, (explanation = Object.freeze(JSON.parse(text) as Explanation)));
  }
  return explanation;
}

function ruleList(text: string): CaseObligation['rules'] {
  let list = ruleLists.get(text);
  if (!list) ruleLists.set(text, (list = Object.freeze(text.split(',')) as CaseObligation['rules']));
  return list;
}

/** A stored obligation as seen on asOf, built in one step and always in one shape. */
export function fromObligationRow(row: ObligationRow, asOf: IsoDate): PlannedObligation {
  const dueOn = row.dueOn;
  const opensOn = row.opensOn;
  return {
    kind: row.kind as ObligationKind,
    rules: ruleList(row.rules),
    audience: row.audience as CaseObligation['audience'],
    opensOn,
    dueOn,
    shownFrom: row.shownFrom ?? undefined,
    counting: row.counting as CaseObligation['counting'],
    estimatedYears: row.estimatedYears ? row.estimatedYears.split(',').map(Number) : noYears,
    occurrence: row.occurrence,
    explanation: explanationOf(row.explanation),
    caseRef: row.caseRef,
    scheme: row.scheme as SchemeId,
    status: obligationStatus({ dueOn, opensOn }, asOf),
  };
}

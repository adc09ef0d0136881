// The case list: a filter read from a query string, checked against the schemes' own lists, then
// one page of matching cases. A value that means nothing is dropped and named, never guessed at.
import { addDays, isIsoDate, todayIn } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import { allSchemes, isSchemeId, obligationKinds } from '../../domain/schemes/registry.js';
import type { CaseFilter, CasePage, CaseQueries, CaseSort, CaseStatusFilter } from './console-ports.js';
import { DUE_SOON_DAYS } from './show-today.js';

export const CASE_PAGE_SIZE = 50;
const STATUSES: readonly CaseStatusFilter[] = ['overdue', 'due-soon', 'expired', 'suspended'];
const SORTS: readonly CaseSort[] = ['ref', 'organization', 'due'];
const MAX_TEXT = 100;

export interface ParsedFilter {
  readonly filter: CaseFilter;
  /** Parameters whose value was not understood and so was left out. */
  readonly ignored: readonly string[];
}

export function parseCaseFilter(query: Readonly<Record<string, string | undefined>>): ParsedFilter {
  const ignored: string[] = [];
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = query[name]?.trim();
    if (!value) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    ignored.push(name);
    return undefined;
  };
  const scheme = pick('scheme', allSchemes().map((s) => s.id));
  const stages = [...new Set(allSchemes().filter((s) => !scheme || s.id === scheme).flatMap((s) => s.stages.map((st) => st.id)))];
  const levels = [...new Set(allSchemes().flatMap((s) => s.levels.map(String)))];
  const day = (name: string): IsoDate | undefined => {
    const value = query[name]?.trim();
    if (!value) return undefined;
    if (isIsoDate(value)) return value;
    ignored.push(name);
    return undefined;
  };
  const level = pick('level', levels);
  const pageText = query.page?.trim();
  const page = pageText && /^[1-9]\d{0,5}$/.test(pageText) ? Number(pageText) : 1;
  if (pageText && page === 1 && pageText !== '1') ignored.push('page');
  const text = query.q?.trim().slice(0, MAX_TEXT);
  const province = query.province?.trim().slice(0, MAX_TEXT);
  const schemeId = scheme && isSchemeId(scheme) ? scheme : undefined;
  const filter: CaseFilter = {
    ...(text ? { text } : {}),
    ...(schemeId ? { scheme: schemeId } : {}),
    ...(level ? { level: Number(level) } : {}),
    ...optional('stage', pick('stage', stages)),
    ...(province ? { province } : {}),
    ...optional('status', pick('status', STATUSES)),
    ...optional('kind', pick('kind', obligationKinds())),
    ...optional('dueFrom', day('dueFrom')),
    ...optional('dueTo', day('dueTo')),
    sort: pick('sort', SORTS) ?? 'ref',
    page,
  };
  return { filter, ignored };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export interface CaseListView extends CasePage {
  readonly asOf: IsoDate;
  readonly filter: CaseFilter;
  readonly pages: number;
  readonly dueSoonUntil: IsoDate;
}

export async function findCases(deps: { readonly caseQueries: CaseQueries; readonly clock: { now(): Date }; readonly zone: string }, filter: CaseFilter): Promise<CaseListView> {
  const asOf = todayIn(deps.clock.now(), deps.zone);
  const page = await deps.caseQueries.findCases(filter, asOf, CASE_PAGE_SIZE);
  return { ...page, asOf, filter, pages: Math.max(1, Math.ceil(page.total / CASE_PAGE_SIZE)), dueSoonUntil: addDays(asOf, DUE_SOON_DAYS) };
}

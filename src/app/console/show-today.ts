// The console's first page: what is overdue, what falls due soon, what needs staff, as counts that
// each lead to the list behind them, and a chart of the weeks ahead.
import { addDays, compareDates, daysBetween, todayIn, weekdayOf } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { ObligationKind } from '../../domain/case.js';
import type { ConsoleQueries, KindCount, ListedObligation } from './console-ports.js';

export const CHART_WEEKS = 26;
export const OVERDUE_LIST_LENGTH = 50;
export const DUE_SOON_DAYS = 30;

export interface WeekColumn {
  /** The Monday the week starts on. */
  readonly weekOf: IsoDate;
  readonly counts: Readonly<Partial<Record<ObligationKind, number>>>;
  readonly total: number;
}

export interface TodayView {
  readonly asOf: IsoDate;
  readonly overdue: readonly KindCount[];
  readonly overdueTotal: number;
  /** Due from today to Sunday of this week, and from today over the next 30 days. */
  readonly dueThisWeek: number;
  readonly weekEnds: IsoDate;
  readonly dueSoon: number;
  readonly dueSoonUntil: IsoDate;
  readonly openEscalations: number;
  readonly failedDeliveries: number;
  readonly weeks: readonly WeekColumn[];
  readonly oldestOverdue: readonly ListedObligation[];
}

export function mondayOf(day: IsoDate): IsoDate {
  return addDays(day, 1 - weekdayOf(day));
}

export async function showToday(deps: { readonly console: ConsoleQueries; readonly clock: { now(): Date }; readonly zone: string }, asOfDay?: IsoDate): Promise<TodayView> {
  const asOf = asOfDay ?? todayIn(deps.clock.now(), deps.zone);
  const firstMonday = mondayOf(asOf);
  const chartEnds = addDays(firstMonday, CHART_WEEKS * 7 - 1);
  const weekEnds = addDays(firstMonday, 6);
  const dueSoonUntil = addDays(asOf, DUE_SOON_DAYS);
  const [overdue, days, oldestOverdue, openEscalations, failedDeliveries] = await Promise.all([
    deps.console.overdueCounts(asOf),
    deps.console.dueCounts(asOf, asOf, chartEnds > dueSoonUntil ? chartEnds : dueSoonUntil),
    deps.console.oldestOverdue(asOf, OVERDUE_LIST_LENGTH),
    deps.console.openEscalationCount(),
    deps.console.failedDeliveryCount(),
  ]);
  const weeks = Array.from({ length: CHART_WEEKS }, (_, i) => ({ weekOf: addDays(firstMonday, i * 7), counts: {} as Partial<Record<ObligationKind, number>>, total: 0 }));
  let dueThisWeek = 0;
  let dueSoon = 0;
  for (const d of days) {
    if (compareDates(d.dueOn, weekEnds) <= 0) dueThisWeek += d.count;
    if (compareDates(d.dueOn, dueSoonUntil) <= 0) dueSoon += d.count;
    const week = weeks[Math.floor(daysBetween(firstMonday, d.dueOn) / 7)];
    if (!week) continue;
    week.counts[d.kind] = (week.counts[d.kind] ?? 0) + d.count;
    week.total += d.count;
  }
  return {
    asOf,
    overdue,
    overdueTotal: overdue.reduce((sum, k) => sum + k.count, 0),
    dueThisWeek,
    weekEnds,
    dueSoon,
    dueSoonUntil,
    openEscalations,
    failedDeliveries,
    weeks,
    oldestOverdue,
  };
}

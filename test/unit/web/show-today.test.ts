// The Today page's figures from the console's counts: weeks start on Monday, "this week" ends on
// Sunday, the 30 days count from today, and nothing outside the six months reaches the chart.
import { describe, expect, it } from 'vitest';
import type { ConsoleQueries } from '../../../src/app/console/console-ports.js';
import { CHART_WEEKS, showToday } from '../../../src/app/console/show-today.js';
import { html } from '../../../src/adapters/web/html.js';

function queries(days: { dueOn: string; kind: 'pledge' | 'annual-inspection'; count: number }[]): ConsoleQueries {
  return {
    overdueCounts: async () => [{ kind: 'pledge', scheme: 'cnce-ns', count: 2 }, { kind: 'surveillance-audit', scheme: 'wal', count: 3 }],
    dueCounts: async (_asOf, from, to) => days.filter((d) => d.dueOn >= from && d.dueOn <= to),
    oldestOverdue: async () => [],
    openEscalationCount: async () => 4,
    failedDeliveryCount: async () => 1,
  };
}

describe('the Today figures', () => {
  it('buckets by Monday weeks from a Wednesday, 2026-11-25, counts this week to Sunday and 30 days ahead', async () => {
    const view = await showToday(
      {
        console: queries([
          { dueOn: '2026-11-25', kind: 'pledge', count: 1 },
          { dueOn: '2026-11-29', kind: 'annual-inspection', count: 2 },
          { dueOn: '2026-11-30', kind: 'pledge', count: 5 },
          { dueOn: '2026-12-25', kind: 'pledge', count: 7 },
          { dueOn: '2026-12-26', kind: 'pledge', count: 11 },
          // The last day of the 26th week (Sunday 2027-05-23) and the day after.
          { dueOn: '2027-05-23', kind: 'annual-inspection', count: 13 },
          { dueOn: '2027-05-24', kind: 'annual-inspection', count: 17 },
        ]),
        clock: { now: () => new Date('2026-11-25T01:00:00Z') },
        zone: 'Asia/Shanghai',
      },
    );
    expect(view.asOf).toBe('2026-11-25');
    expect(view.overdueTotal).toBe(5);
    expect(view.weekEnds).toBe('2026-11-29');
    expect(view.dueThisWeek).toBe(3);
    expect(view.dueSoonUntil).toBe('2026-12-25');
    expect(view.dueSoon).toBe(1 + 2 + 5 + 7);
    expect(view.weeks).toHaveLength(CHART_WEEKS);
    expect(view.weeks[0]).toEqual({ weekOf: '2026-11-23', counts: { pledge: 1, 'annual-inspection': 2 }, total: 3 });
    expect(view.weeks[1]).toEqual({ weekOf: '2026-11-30', counts: { pledge: 5 }, total: 5 });
    expect(view.weeks[CHART_WEEKS - 1]).toEqual({ weekOf: '2027-05-17', counts: { 'annual-inspection': 13 }, total: 13 });
    expect(view.weeks.reduce((sum, w) => sum + w.total, 0)).toBe(1 + 2 + 5 + 7 + 11 + 13);
  });

  it('escapes whatever is interpolated into a page', () => {
    expect(html`<td title="${'a"b'}">${'<script>alert(1)</script>'}</td>`.text).toBe('<td title="a&quot;b">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
  });
});
